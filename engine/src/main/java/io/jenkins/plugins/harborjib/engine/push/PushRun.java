package io.jenkins.plugins.harborjib.engine.push;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import com.google.cloud.tools.jib.api.buildplan.Port;
import com.google.cloud.tools.jib.api.JibEvent;
import io.jenkins.plugins.harborjib.engine.ContainerSettings;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.HarborReport;
import io.jenkins.plugins.harborjib.engine.HarborSettings;
import io.jenkins.plugins.harborjib.engine.LayerReport;
import io.jenkins.plugins.harborjib.engine.LayerStatus;
import io.jenkins.plugins.harborjib.engine.Phase;
import io.jenkins.plugins.harborjib.engine.PhaseTiming;
import io.jenkins.plugins.harborjib.engine.PushEvent;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.PushListener;
import io.jenkins.plugins.harborjib.engine.PushRequest;
import io.jenkins.plugins.harborjib.engine.PushResult;
import io.jenkins.plugins.harborjib.engine.RetryPolicy;
import io.jenkins.plugins.harborjib.engine.ScanReport;
import io.jenkins.plugins.harborjib.engine.harbor.GateOutcome;
import io.jenkins.plugins.harborjib.engine.input.ApplicationPlan;
import io.jenkins.plugins.harborjib.engine.input.ApplicationPlanner;
import io.jenkins.plugins.harborjib.engine.input.LayerFile;
import io.jenkins.plugins.harborjib.engine.input.PlannedLayer;
import io.jenkins.plugins.harborjib.engine.registry.ManifestInfo;
import io.jenkins.plugins.harborjib.engine.registry.RegistryClient;
import io.jenkins.plugins.harborjib.engine.tls.TrustMaterial;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/** One push, phase by phase: validate, prepare, preflight, push, verify. */
public final class PushRun {
  private static final FilePermissions EXECUTABLE = FilePermissions.fromOctalString("755");
  private static final String TOOL_NAME = "harbor-jib";
  /** Jib's cache of application layers, in the push's cache folder. */
  private static final String APPLICATION_LAYERS = "application-layers";
  /** How long Jib's threads get to stop after a push ends. */
  private static final long JIB_STOP_SECONDS = 30;

  private final PushRequest request;
  /** The caller's listener, until the push has ended: a check still running on its thread then says nothing more. */
  private final PushListener listener;
  private final List<PhaseTiming> timings = java.util.Collections.synchronizedList(new ArrayList<>());
  private volatile boolean pushStarted;
  private volatile boolean ended;

  public PushRun(PushRequest request, PushListener listener) {
    this.request = request;
    this.listener = event -> {
      if (!ended) {
        listener.onEvent(event);
      }
    };
  }

  /** Runs every phase and returns what was pushed. */
  public PushResult run() throws PushException {
    // Jib's and the HTTP libraries' java.util.logging records become this push's events, not raw stderr lines.
    try (LibraryLogs logs = LibraryLogs.route(listener)) {
      return runPhases();
    } finally {
      ended = true;
    }
  }

  private PushResult runPhases() throws PushException {
    ImageReference base = phase(Phase.VALIDATE, () -> {
      RequestValidator.validate(request);
      HarborSteps.validate(request.harbor());
      if (request.tls().caCertificatesPem().isPresent()) {
        TrustMaterial.parseCertificates(request.tls().caCertificatesPem().get(), request.tls().caSource());
      }
      return RequestValidator.resolveBaseImage(request);
    });
    if (request.tls().insecure()) {
      listener.onEvent(new PushEvent.Warning("INSECURE: TLS certificates of " + request.target().registry()
          + " are not verified and plain HTTP is allowed. Use this for test registries only."));
    }
    Path cache = request.cacheDirectory().orElseGet(PushRun::defaultCacheDirectory);
    boolean newCache = !Files.exists(cache);
    try {
      return run(base, cacheDirectory(cache));
    } catch (PushException e) {
      if (newCache && !pushStarted) {
        // Nothing worth keeping was cached yet: a refused request leaves no folder behind.
        CacheLease.removeIfUnused(cache);
      }
      throw e;
    }
  }

  private PushResult run(ImageReference base, Path cache) throws PushException {
    try (HarborSteps harbor = new HarborSteps(request, listener);
        Clients clients = new Clients();
        CacheLease lease = CacheLease.acquire(cache, listener);
        ScratchSession scratch = ScratchSession.create(cache)) {
      // What the last push found of the base image (never used with the insecure switch: the checks run first).
      Optional<BaseImageMemo.BaseInfo> remembered = request.tls().insecure() ? Optional.empty()
          : BaseImageMemo.read(cache, base.toString(), request.container().platforms().get(0));
      if (!request.tls().insecure() && remembered.isEmpty()) {
        // Jib will wait for the checks: its HTTP stack gets ready meanwhile, with the trust it will have (a process
        // that already trusts another CA for Jib skips this, and Jib's own push says so).
        try {
          JibProcessSettings.installTrust(request.tls());
          JibWarmUp.start(request.target().registry(), request.httpTimeout());
        } catch (PushException e) {
          // see Jib's push
        }
      }
      // The checks start while the build output is read: they need of it only an estimate of its size (Harbor's
      // quota), which they wait for. With the insecure switch the checks and Jib run in turn.
      CompletableFuture<Long> bytes = new CompletableFuture<>();
      Optional<CompletableFuture<Registries>> checks = request.tls().insecure() ? Optional.empty()
          : Optional.of(startChecks(base, bytes, harbor, clients));
      ApplicationPlan plan;
      try {
        plan = phase(Phase.PREPARE, () -> prepare(base, scratch.dir()));
      } catch (PushException | RuntimeException | Error e) {
        // The build output's failure is the push's, as when the checks ran after it: nothing more from them (their
        // clients end below).
        ended = true;
        bytes.completeExceptionally(e);
        throw e;
      }
      try (plan) {
        bytes.complete(applicationBytes(plan));
        return pushAndReport(base, plan, checks, remembered, harbor, clients, cache);
      }
    } catch (IOException e) {
      listener.onEvent(new PushEvent.Warning("Could not delete the scratch folder of unpacked files: " + e.getMessage()));
      throw new PushException(ErrorKind.INTERNAL, "Could not clean up after the push: " + e.getMessage(), e);
    }
  }

  private PushResult pushAndReport(ImageReference base, ApplicationPlan plan,
      Optional<CompletableFuture<Registries>> checks, Optional<BaseImageMemo.BaseInfo> remembered,
      HarborSteps harbor, Clients clients, Path cache) throws PushException {
    Checked checked = checkAndPush(base, plan, checks, remembered, harbor, clients, cache);
    Registries registries = checked.registries();
    JibOutcome outcome = checked.outcome();
    List<LayerReport> layers = phase(Phase.VERIFY, () -> verify(plan, registries, outcome));
    String digest = outcome.container.getDigest().toString();
    Optional<HarborReport> report = Optional.empty();
    if (registries.harbor().isPresent()) {
      HarborSteps.Session session = registries.harbor().get();
      HarborReport confirmed = phase(Phase.CONFIRM, () -> harbor.confirm(session, digest, registries.target()));
      if (request.harbor().scan().isPresent()) {
        ScanReport scan = phase(Phase.SCAN, () -> harbor.gate(session, digest));
        listener.onEvent(scan.outcome() == GateOutcome.PASS ? new PushEvent.Info(scan.summary())
            : new PushEvent.Warning(scan.summary()));
        confirmed = harbor.withScan(confirmed, scan);
      }
      report = Optional.of(confirmed);
    }
    return new PushResult(request.target(), digest, outcome.container.getImageId().toString(),
        List.copyOf(outcome.container.getTags()), layers, List.copyOf(timings), report);
  }

  /** The checks on their own thread; {@code bytes}: the application's size, once the build output is read. */
  private CompletableFuture<Registries> startChecks(ImageReference base, CompletableFuture<Long> bytes,
      HarborSteps harbor, Clients clients) {
    CompletableFuture<Registries> checks = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        checks.complete(phase(Phase.PREFLIGHT, () -> preflight(base, bytes, harbor, clients)));
      } catch (PushException e) {
        checks.completeExceptionally(e);
      } catch (RuntimeException | Error e) {
        checks.completeExceptionally(new PushException(ErrorKind.INTERNAL, "The checks before the push failed: "
            + e, e));
      }
    }, "harbor-jib-checks");
    thread.setDaemon(true);
    thread.start();
    return checks;
  }

  /** What the checks found, or their failure. */
  static Registries await(CompletableFuture<Registries> checks) throws PushException {
    try {
      return checks.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PushException(ErrorKind.CANCELLED, "The push was cancelled", e);
    } catch (ExecutionException e) {
      throw (PushException) e.getCause();
    }
  }

  /** The registry clients of one push, whose threads end with it. */
  private static final class Clients implements AutoCloseable {
    private final List<RegistryClient> open = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** A client of this push; one opened by checks still running when the push ended is ended at once. */
    RegistryClient add(RegistryClient client) throws PushException {
      open.add(client);
      if (closed) {
        client.close();
        throw new PushException(ErrorKind.CANCELLED, "The push has ended", null);
      }
      return client;
    }

    @Override
    public void close() {
      closed = true;
      open.forEach(RegistryClient::close);
    }
  }

  private record Checked(Registries registries, JibOutcome outcome) {}

  /**
   * The checks and the push. When this cache remembers the base image (see {@link BaseImageMemo}), the checks run on
   * their own thread while Jib builds on the remembered digest: it reads the base image's manifest and configuration
   * and builds and caches the application layers, and {@link UploadGate} holds it before it asks for push access and
   * before its first upload until the checks pass. If the checks find another digest (the base image's tag moved),
   * Jib builds again on what they found. A failed check stops Jib and is the push's failure, whatever Jib met
   * meanwhile. The push phase's time counts from Jib's start, so it overlaps the preflight's. On an empty cache, and
   * with insecure TLS (the checks decide whether credentials may cross plain HTTP), the checks run first, while
   * {@link LayerPrebuild} builds the application layers into Jib's cache (and, on an empty cache, {@link JibWarmUp}
   * readies Jib's HTTP stack).
   */
  private Checked checkAndPush(ImageReference base, ApplicationPlan plan,
      Optional<CompletableFuture<Registries>> started, Optional<BaseImageMemo.BaseInfo> remembered,
      HarborSteps harbor, Clients clients, Path cache) throws PushException {
    String baseReference = base.toString();
    String platform = request.container().platforms().get(0);
    if (remembered.isEmpty()) {
      // Jib waits for the checks: the application layers are built into its cache meanwhile.
      LayerPrebuild prebuild = prebuild(plan, cache);
      Registries registries;
      try {
        registries = started.isPresent() ? await(started.get())
            : phase(Phase.PREFLIGHT, () -> preflight(base, CompletableFuture.completedFuture(applicationBytes(plan)),
                harbor, clients));
      } finally {
        prebuild.finish();
      }
      BaseImageMemo.write(cache, baseReference, platform, registries.baseInfo());
      Attempt attempt = () -> push(plan, base, registries.baseInfo(), registries.targetIsPlainHttp(), cache, null);
      return new Checked(registries, phase(Phase.PUSH, () -> withRetries(attempt, attempt, () -> false)));
    }
    UploadGate gate = new UploadGate(() -> pushStarted = true, remembered.get().digest(),
        request.harbor().mode() != HarborSettings.Mode.OFF && request.harbor().createProject());
    long jibStart = System.nanoTime();
    started.get().whenComplete((registries, failure) -> {
      if (failure == null) {
        // The log's push phase starts here, although Jib has been building the layers since the checks began.
        listener.onEvent(new PushEvent.PhaseStarted(Phase.PUSH));
        gate.checksPassed(registries);
      } else {
        gate.checksFailed(failure instanceof PushException e ? e
            : new PushException(ErrorKind.INTERNAL, "The checks before the push failed: " + failure, failure));
      }
    });
    Attempt overlapped = () -> {
      try {
        return push(plan, base, remembered.get(), false, cache, gate);
      } catch (PushException e) {
        Registries registries = gate.awaitChecks();
        if (!gate.baseImageMoved()) {
          throw e;
        }
        listener.onEvent(new PushEvent.Info("The base image " + base + " is now " + registries.baseDigest()
            + " (it was " + remembered.get().digest() + " at the last push): building on it"));
        return push(plan, base, registries.baseInfo(), false, cache, null);
      }
    };
    Attempt again = () -> push(plan, base, gate.awaitChecks().baseInfo(), false, cache, null);
    try {
      JibOutcome outcome = withRetries(overlapped, again, gate::checksFailed);
      Registries registries = gate.awaitChecks();
      if (!registries.baseInfo().equals(remembered.get())) {
        BaseImageMemo.write(cache, baseReference, platform, registries.baseInfo());
      }
      Duration took = Duration.ofNanos(System.nanoTime() - jibStart);
      timings.add(new PhaseTiming(Phase.PUSH, took));
      listener.onEvent(new PushEvent.PhaseFinished(Phase.PUSH, took));
      return new Checked(registries, outcome);
    } catch (PushException e) {
      gate.awaitChecks();
      throw e;
    }
  }

  private static Path cacheDirectory(Path cache) throws PushException {
    try {
      Files.createDirectories(cache);
      return cache;
    } catch (IOException e) {
      throw PushException.invalid("cacheDirectory", "cacheDirectory '" + cache + "' cannot be created ("
          + e.getMessage() + "): point it at a folder this user may write");
    }
  }

  static Path defaultCacheDirectory() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path root = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return root.resolve("harbor-jib");
  }

  private ApplicationPlan prepare(ImageReference base, Path scratch) throws PushException {
    ApplicationPlan plan = ApplicationPlanner.plan(request.buildOutput(), request.container(), base.toString(),
        scratch);
    listener.onEvent(new PushEvent.Info("Build output: " + plan.description()));
    for (PlannedLayer layer : plan.layers()) {
      long bytes = 0;
      for (LayerFile f : layer.files()) {
        try {
          bytes += Files.size(f.source());
        } catch (IOException e) {
          // the size is for the log only
        }
      }
      listener.onEvent(new PushEvent.Debug("layer " + layer.name() + ": " + layer.files().size() + " files, "
          + bytes + " bytes"));
    }
    plan.warnings().forEach(w -> listener.onEvent(new PushEvent.Warning(w)));
    return plan;
  }

  /** The registries this push talks to, already reached and authenticated. */
  record Registries(RegistryClient target, RegistryClient base, boolean targetIsPlainHttp, String baseDigest,
      Optional<HarborSteps.Session> harbor, Map<String, String> baseLabels) {
    BaseImageMemo.BaseInfo baseInfo() {
      return new BaseImageMemo.BaseInfo(baseDigest, baseLabels);
    }
  }

  /**
   * In the order a person would check: the registry answers and is trusted; Harbor's checks (credentials, project,
   * push permission, quota) when the target is Harbor; the registry grants push; the base image exists.
   */
  private Registries preflight(ImageReference base, CompletableFuture<Long> applicationBytes, HarborSteps harbor,
      Clients clients) throws PushException {
    SSLContext ssl = TrustMaterial.sslContext(request.tls());
    String targetRegistry = request.target().registry();
    RegistryClient target = clients.add(new RegistryClient(targetRegistry, "the target registry", ssl,
        request.tls().insecure(), request.tls(), request.credentials(), request.httpTimeout()));
    target.ping();
    Optional<HarborSteps.Session> session = harbor.connect(target.scheme(), ssl,
        request.harbor().mode() == HarborSettings.Mode.OFF ? OptionalLong.empty() : bytesOf(applicationBytes));
    target.checkAccess(request.target().repositoryPath(), "pull,push");
    listener.onEvent(new PushEvent.Debug("target registry " + targetRegistry + " is reachable over "
        + target.scheme() + " and accepts user '" + userName(request.credentials()) + "'"));

    Optional<Credentials> baseCredentials = baseCredentials(base);
    boolean sameRegistry = base.getRegistry().equals(targetRegistry);
    RegistryClient baseClient = sameRegistry && baseCredentials.equals(request.credentials())
        ? target
        : clients.add(new RegistryClient(base.getRegistry(), "the base image's registry", ssl,
            request.tls().insecure() && sameRegistry, request.tls(), baseCredentials, request.httpTimeout()));
    String baseRepository = base.getRepository();
    String reference = base.getDigest().orElse(base.getTag().orElse("latest"));
    Optional<ManifestInfo> manifest = baseClient.manifest(baseRepository, reference);
    if (manifest.isEmpty()) {
      throw new PushException(ErrorKind.INVALID_INPUT, "baseImage", "baseImage " + base + " does not exist: "
          + base.getRegistry() + " has no " + baseRepository + ":" + reference + ". Check the name and tag"
          + (sameRegistry ? " (in Harbor: the project and repository of the base image)" : ""), null);
    }
    checkPlatforms(base, manifest.get());
    listener.onEvent(new PushEvent.Info("Base image " + base + " (" + manifest.get().digest() + ")"));
    return new Registries(target, baseClient, target.scheme().equals("http"), manifest.get().digest(), session,
        baseLabels(baseClient, baseRepository, manifest.get()));
  }

  /**
   * The base image's config labels (of the first platform built, for a list), which the application image inherits;
   * when they cannot be read, every label {@link ImageLabels} would blank is taken to be there.
   */
  private Map<String, String> baseLabels(RegistryClient client, String repository, ManifestInfo manifest) {
    try {
      ManifestInfo image = manifest;
      if (manifest.isList()) {
        String platform = request.container().platforms().get(0);
        Optional<ManifestInfo.PlatformEntry> entry = manifest.platforms().stream()
            .filter(p -> (platform + "/").startsWith(p.platform() + "/")).findFirst();
        if (entry.isEmpty()) {
          return Map.of();
        }
        image = client.manifest(repository, entry.get().digest()).orElse(manifest);
      }
      return client.configLabels(repository, image);
    } catch (PushException e) {
      listener.onEvent(new PushEvent.Warning("The base image's labels could not be read (" + e.getMessage()
          + "): the application image's " + String.join(", ", ImageLabels.MISLEADING) + " labels are set empty"
          + " where the request gives no value"));
      Map<String, String> assumed = new LinkedHashMap<>();
      ImageLabels.MISLEADING.forEach(name -> assumed.put(name, ""));
      return assumed;
    }
  }

  /** The application's size for Harbor's quota check, once the build output is read (it failed: the push did). */
  private static OptionalLong bytesOf(CompletableFuture<Long> applicationBytes) throws PushException {
    try {
      return OptionalLong.of(applicationBytes.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PushException(ErrorKind.CANCELLED, "The push was cancelled", e);
    } catch (ExecutionException e) {
      throw new PushException(ErrorKind.CANCELLED, "The build output could not be read", e.getCause());
    }
  }

  /** An upper bound of what the push uploads: the application's files (the base image's layers are mounted). */
  private static long applicationBytes(ApplicationPlan plan) {
    long bytes = 0;
    for (PlannedLayer layer : plan.layers()) {
      for (LayerFile f : layer.files()) {
        try {
          bytes += Files.size(f.source());
        } catch (IOException e) {
          // counted as nothing: the estimate is for the quota check only
        }
      }
    }
    return bytes;
  }

  /** One Jib run. */
  @FunctionalInterface
  private interface Attempt {
    JibOutcome run() throws PushException;
  }

  /** Runs the Jib push, again after a registry's 5xx answer or a connection failure, as the policy allows. */
  private JibOutcome withRetries(Attempt first, Attempt again, java.util.function.BooleanSupplier checksFailed)
      throws PushException {
    RetryPolicy policy = request.retryPolicy();
    for (int attempt = 1; ; attempt++) {
      try {
        return attempt == 1 ? first.run() : again.run();
      } catch (PushException e) {
        if (checksFailed.getAsBoolean() || !isWorthRetrying(e)) {
          throw e;
        }
        if (attempt >= policy.attempts()) {
          throw attempt == 1 ? e : new PushException(e.kind(), e.field().orElse(null), "The push failed "
              + attempt + " times in a row; the last time: " + e.getMessage(), e);
        }
        Duration wait = policy.backoffBefore(attempt + 1);
        listener.onEvent(new PushEvent.Retry("push to " + request.target().repositoryReference(), attempt + 1,
            firstLine(e.getMessage()) + "; trying again in " + wait.toMillis() + " ms (attempt " + (attempt + 1)
                + " of " + policy.attempts() + ")"));
        try {
          Thread.sleep(wait.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new PushException(ErrorKind.CANCELLED, "The push was cancelled while waiting to try again", e);
        }
      }
    }
  }

  /** Registry answers that a fresh attempt gets past: upload sessions lost to a dropped connection, and races. */
  private static final java.util.Set<String> RETRIED_CODES = java.util.Set.of("BLOB_UPLOAD_INVALID",
      "BLOB_UPLOAD_UNKNOWN", "MANIFEST_BLOB_UNKNOWN", "DIGEST_INVALID", "BLOB_UNKNOWN");

  /**
   * Worth another attempt: a registry's (or token service's) 5xx or 429 answer; an upload session the registry lost
   * when a connection broke, or a blob a concurrent push of the same image was committing at that moment; a
   * connection dropped in the middle of a transfer. Not a refused connection, a timeout or an unknown host: Jib has
   * already retried those for about a minute.
   */
  static boolean isWorthRetrying(PushException e) {
    if (e.kind() == ErrorKind.REGISTRY && e.getCause() != null) {
      Optional<Integer> status = JibFailures.statusOf(e.getCause());
      if (status.isPresent() && (status.get() >= 500 || status.get() == 429)) {
        return true;
      }
      return JibFailures.errorCodesOf(e.getCause()).stream().anyMatch(RETRIED_CODES::contains);
    }
    if (e.kind() == ErrorKind.NETWORK) {
      for (Throwable c = e.getCause(); c != null; c = c.getCause() == c ? null : c.getCause()) {
        String m = String.valueOf(c.getMessage()).toLowerCase(java.util.Locale.ROOT);
        String type = c.getClass().getSimpleName();
        if (c instanceof java.net.SocketException && (m.contains("reset") || m.contains("broken pipe"))
            || c instanceof java.io.EOFException
            || type.equals("NoHttpResponseException") || type.equals("ConnectionClosedException")
            || m.contains("connection reset") || m.contains("unexpected end of stream")
            || m.contains("premature end")) {
          return true;
        }
      }
    }
    return false;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private void checkPlatforms(ImageReference base, ManifestInfo manifest) throws PushException {
    List<String> wanted = request.container().platforms();
    if (manifest.isList()) {
      Set<String> offered = new LinkedHashSet<>();
      manifest.platforms().forEach(p -> offered.add(p.platform()));
      for (String platform : wanted) {
        String osArch = platform.split("/").length > 2 ? platform.substring(0, platform.lastIndexOf('/')) : platform;
        if (!offered.contains(osArch)) {
          throw PushException.invalid("platforms", "platform " + platform + " is not offered by the base image "
              + base + ", which has " + offered + ": choose from those, or a base image that has " + platform);
        }
      }
    } else if (wanted.size() > 1) {
      throw PushException.invalid("platforms", "platforms " + wanted + " need a multi-platform base image, but "
          + base + " is a single-platform image: build one platform, or use a base image with a manifest list");
    }
  }

  private Optional<Credentials> baseCredentials(ImageReference base) {
    if (request.baseImage().credentials().isPresent()) {
      return request.baseImage().credentials();
    }
    return base.getRegistry().equals(request.target().registry()) ? request.credentials() : Optional.empty();
  }

  private record JibOutcome(JibContainer container, JibEventBridge events) {}

  /**
   * One Jib run on the base image at {@code baseImage}'s digest (even if its tag moves meanwhile). With a gate, the
   * checks are still running: nothing is uploaded before they pass.
   */
  private JibOutcome push(ApplicationPlan plan, ImageReference base, BaseImageMemo.BaseInfo baseImage,
      boolean targetIsPlainHttp, Path cache, UploadGate gate) throws PushException {
    if (gate == null) {
      pushStarted = true;
    }
    JibProcessSettings.installTrust(request.tls());
    JibProcessSettings.httpTimeout(request.httpTimeout());
    if (targetIsPlainHttp && request.credentials().isPresent()) {
      JibProcessSettings.allowCredentialsOverHttp();
      listener.onEvent(new PushEvent.Warning("INSECURE: credentials of user '" + userName(request.credentials())
          + "' are sent to " + request.target().registry() + " over plain HTTP"));
    }
    JibEventBridge events = new JibEventBridge(listener);
    ExecutorService executor = Executors.newCachedThreadPool(daemonThreads());
    try {
      ImageReference from = ImageReference.of(base.getRegistry(), base.getRepository(), base.getTag().orElse(null),
          baseImage.digest());
      JibContainerBuilder builder = containerBuilder(plan, from, baseImage);
      Containerizer containerizer = containerizer(cache, executor, gate, events);
      JibContainer container = gate == null ? builder.containerize(containerizer)
          : gate.run(() -> builder.containerize(containerizer), executor);
      return new JibOutcome(container, events);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PushException(ErrorKind.CANCELLED, "The push was cancelled", e);
    } catch (ExecutionException | RegistryException | IOException e) {
      throw JibFailures.describe(e, request);
    } catch (CacheDirectoryCreationException e) {
      throw PushException.invalid("cacheDirectory", "the layer cache in " + cache + " cannot be created: "
          + e.getMessage());
    } finally {
      // Jib returns at its first failure while other steps may still be writing layers into the cache: the push
      // returns once they have stopped, so that nothing half-written is left behind by a running thread.
      // (Not when a check failed: Jib was stopped then, and may be retrying a connection the checks found bad.)
      executor.shutdownNow();
      if (gate == null || !gate.checksFailed()) {
        try {
          executor.awaitTermination(JIB_STOP_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private JibContainerBuilder containerBuilder(ApplicationPlan plan, ImageReference base,
      BaseImageMemo.BaseInfo baseInfo) throws PushException {
    RegistryImage baseImage = RegistryImage.named(base);
    baseCredentials(base).ifPresent(c -> baseImage.addCredential(c.username(), passwordOf(c)));
    JibContainerBuilder builder = Jib.from(baseImage);
    ContainerSettings c = request.container();
    for (PlannedLayer layer : plan.layers()) {
      builder.addFileEntriesLayer(FileEntriesLayer.builder().setName(layer.name()).setEntries(entries(layer))
          .build());
    }
    builder.setEntrypoint(plan.entrypoint().orElse(null));
    builder.setProgramArguments(c.programArguments().isEmpty() ? null : c.programArguments());
    c.environment().forEach(builder::addEnvironmentVariable);
    Map<String, String> labels = new LinkedHashMap<>(request.metadata().toLabels());
    labels.putAll(c.labels());
    String baseName = base.getRegistry() + "/" + base.getRepository() + base.getTag().map(t -> ":" + t).orElse("");
    builder.setLabels(ImageLabels.forApplication(baseInfo.labels(), labels, baseName, baseInfo.digest()));
    Set<Port> ports = new LinkedHashSet<>();
    try {
      ports.addAll(com.google.cloud.tools.jib.api.Ports.parse(c.ports()));
    } catch (RuntimeException e) {
      throw PushException.invalid("ports", "ports " + c.ports() + " cannot be read: " + e.getMessage());
    }
    builder.setExposedPorts(ports);
    Set<AbsoluteUnixPath> volumes = new LinkedHashSet<>();
    c.volumes().forEach(v -> volumes.add(AbsoluteUnixPath.get(v)));
    builder.setVolumes(volumes);
    c.user().ifPresent(builder::setUser);
    c.workingDirectory().ifPresent(w -> builder.setWorkingDirectory(AbsoluteUnixPath.get(w)));
    builder.setFormat(c.format() == io.jenkins.plugins.harborjib.engine.ImageFormat.OCI
        ? ImageFormat.OCI : ImageFormat.Docker);
    Set<Platform> platforms = new LinkedHashSet<>();
    for (String p : c.platforms()) {
      String[] parts = p.split("/");
      platforms.add(new Platform(parts.length > 2 ? parts[1] + "/" + parts[2] : parts[1], parts[0]));
    }
    builder.setPlatforms(platforms);
    builder.setCreationTime(c.creationTime().orElse(Instant.EPOCH));
    return builder;
  }

  /** A layer's files as Jib's entries: what Jib builds and caches, and what {@link LayerPrebuild} builds for it. */
  private static List<FileEntry> entries(PlannedLayer layer) {
    List<FileEntry> entries = new ArrayList<>();
    for (LayerFile f : layer.files()) {
      entries.add(new FileEntry(f.source(), AbsoluteUnixPath.get(f.pathInImage()),
          f.executable() ? EXECUTABLE : FilePermissions.DEFAULT_FILE_PERMISSIONS,
          FileEntriesLayer.DEFAULT_MODIFICATION_TIME));
    }
    return entries;
  }

  /** Starts building the application layers into Jib's cache while Jib waits for the checks. */
  private LayerPrebuild prebuild(ApplicationPlan plan, Path cache) {
    Map<String, List<FileEntry>> layers = new LinkedHashMap<>();
    plan.layers().forEach(layer -> layers.put(layer.name(), entries(layer)));
    return LayerPrebuild.start(cache.resolve(APPLICATION_LAYERS), layers,
        built -> listener.onEvent(new PushEvent.Debug(built)));
  }

  private Containerizer containerizer(Path cache, ExecutorService executor, UploadGate gate,
      Consumer<JibEvent> events) {
    RegistryImage target = RegistryImage.named(ImageReference.of(request.target().registry(),
        request.target().repositoryPath(), request.target().tags().get(0), null));
    request.credentials().ifPresent(c -> target.addCredential(c.username(), passwordOf(c)));
    Containerizer containerizer = Containerizer.to(target)
        .setBaseImageLayersCache(cache.resolve("base-layers"))
        .setApplicationLayersCache(cache.resolve(APPLICATION_LAYERS))
        .setAllowInsecureRegistries(request.tls().insecure())
        .setExecutorService(executor)
        .setToolName(TOOL_NAME)
        .setToolVersion(EngineVersion.get());
    if (gate != null) {
      // First, so that no other handler reports an upload the gate holds.
      containerizer.addEventHandler(JibEvent.class, gate);
    }
    containerizer.addEventHandler(events);
    for (String tag : request.target().tags().subList(1, request.target().tags().size())) {
      containerizer.withAdditionalTag(tag);
    }
    return containerizer;
  }

  private List<LayerReport> verify(ApplicationPlan plan, Registries registries, JibOutcome outcome)
      throws PushException {
    String repository = request.target().repositoryPath();
    String digest = outcome.container.getDigest().toString();
    ManifestInfo manifest = registries.target().manifest(repository, digest).orElseThrow(() ->
        new PushException(ErrorKind.REGISTRY, "The registry " + request.target().registry() + " does not serve the"
            + " manifest " + digest + " that was just pushed to " + repository));
    List<ManifestInfo> images = new ArrayList<>();
    List<String> platformNames = new ArrayList<>();
    if (manifest.isList()) {
      for (ManifestInfo.PlatformEntry entry : manifest.platforms()) {
        images.add(registries.target().manifest(repository, entry.digest()).orElseThrow(() ->
            new PushException(ErrorKind.REGISTRY, "The registry lost the " + entry.platform() + " manifest "
                + entry.digest())));
        platformNames.add(entry.platform());
      }
    } else {
      images.add(manifest);
      platformNames.add(request.container().platforms().get(0));
    }
    List<LayerReport> reports = new ArrayList<>();
    int count = images.stream().mapToInt(m -> m.layers().size()).sum();
    int index = 0;
    for (int i = 0; i < images.size(); i++) {
      List<ManifestInfo.Descriptor> layers = images.get(i).layers();
      int applicationStart = layers.size() - plan.layers().size();
      for (int j = 0; j < layers.size(); j++) {
        ManifestInfo.Descriptor d = layers.get(j);
        String name = j >= applicationStart ? plan.layers().get(j - applicationStart).name() : "base";
        LayerStatus status = outcome.events.statusOf(d.digest()).orElse(LayerStatus.PRESENT);
        LayerReport report = new LayerReport(name, d.digest(), d.size(), status, platformNames.get(i));
        reports.add(report);
        listener.onEvent(new PushEvent.LayerDone(++index, count, report));
      }
    }
    for (String tag : request.target().tags()) {
      if (!outcome.container.getTags().contains(tag)) {
        throw new PushException(ErrorKind.REGISTRY, "Tag " + tag + " was not pushed to " + repository);
      }
    }
    return reports;
  }

  @FunctionalInterface
  private interface PhaseBody<T> {
    T run() throws PushException;
  }

  private <T> T phase(Phase phase, PhaseBody<T> body) throws PushException {
    listener.onEvent(new PushEvent.PhaseStarted(phase));
    long start = System.nanoTime();
    T value = body.run();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    timings.add(new io.jenkins.plugins.harborjib.engine.PhaseTiming(phase, took));
    listener.onEvent(new PushEvent.PhaseFinished(phase, took));
    return value;
  }

  private static String userName(Optional<Credentials> credentials) {
    return credentials.map(Credentials::username).orElse("(anonymous)");
  }

  private static String passwordOf(Credentials c) {
    char[] p = c.password();
    try {
      return new String(p);
    } finally {
      java.util.Arrays.fill(p, '\0');
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "harbor-jib-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
