package io.jenkins.plugins.harborjib.testkit.harbor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.jenkins.plugins.harborjib.testkit.IssuedCertificate;
import io.jenkins.plugins.harborjib.testkit.RequiredTools;
import io.jenkins.plugins.harborjib.testkit.TestCa;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import io.jenkins.plugins.harborjib.testkit.harbor.StandInState.Identity;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A stand-in for a Harbor 2.15 server, for tests: like Harbor it serves its REST API ({@code /api/v2.0}), its token
 * service ({@code /service/token}) and the registry ({@code /v2/}) from one base URL. The registry is the real CNCF
 * distribution ({@link TestRegistry}) behind a streaming reverse proxy, configured with {@code auth: token} (realm =
 * this stand-in's token service, service {@code harbor-registry}, JWTs signed by a key made for the run), so a client
 * meets the same Bearer challenge and token exchange as at a real Harbor, robot accounts included.
 *
 * <p>Each test sets up users, robot accounts, projects, members, quotas, labels and scan results through this class.
 * Every request to {@code /api/v2.0}, and every answer, is checked against Harbor's API description (see {@link
 * HarborSwagger}); failures are kept for {@link #assertNoValidationFailures()}. Every request is logged ({@link
 * #requests()}, {@link #blobUploads()}).
 *
 * <pre>{@code
 * @RegisterExtension static HarborStandIn harbor = HarborStandIn.create();
 *
 * harbor.addProject("app");
 * harbor.addRobot("robot$app+ci", "s3cret", "app", Access.PUSH, Access.PULL);
 * // ... push to harbor.registryHost() + "/app/demo", call harbor.url() + "/api/v2.0/..."
 * harbor.assertNoValidationFailures();
 * }</pre>
 *
 * <p>Runs over HTTPS with a certificate from its own {@link TestCa} ({@link #caPem()}); {@link Builder#plainHttp()} for
 * plain HTTP. A missing {@code docker-registry} skips the test (fails it under {@code CI=true}).
 */
public final class HarborStandIn
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback, AutoCloseable {
  /** The system administrator's user name. */
  public static final String ADMIN = "admin";
  /** The project name that, in a system robot's permissions, covers every project (Harbor's {@code *}). */
  public static final String ALL_PROJECTS = StandInState.ALL_PROJECTS;
  /** The key of a system robot's system-level permissions, e.g. {@link Access#CREATE_PROJECT}. */
  public static final String SYSTEM = StandInState.SYSTEM;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final boolean https;
  private final String adminPassword;
  private final StandInState state = new StandInState();
  /** Requests being answered: their log entries are written when the answer is complete. */
  private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
  private final List<LoggedRequest> log = new ArrayList<>();
  private final List<ValidationFailure> failures = new ArrayList<>();

  private TestCa ca;
  private HttpServer server;
  private ExecutorService executor;
  private TestRegistry registry;
  private Path directory;
  private TokenIssuer tokens;
  private HarborApi api;
  private RegistryProxy proxy;
  private String url;
  private boolean classScoped;
  private boolean startedForTest;

  private HarborStandIn(Builder b) {
    this.https = b.https;
    this.adminPassword = b.adminPassword;
    resetState();
  }

  /** An HTTPS stand-in with user {@code admin} (random password); not started (a JUnit extension starts it). */
  public static HarborStandIn create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---- lifecycle ----------------------------------------------------------------------------------------------

  /** Starts the stand-in and its registry if not running; returns this. */
  public synchronized HarborStandIn start() {
    RequiredTools.requireDockerRegistry();
    if (server != null) {
      return this;
    }
    try {
      directory = Files.createTempDirectory("harbor-jib-standin-");
      ca = TestCa.create("harbor-jib Harbor stand-in CA");
      InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
      if (https) {
        HttpsServer s = HttpsServer.create(loopback, 64);
        s.setHttpsConfigurator(new HttpsConfigurator(serverTls(ca.issueServerCertificate())));
        server = s;
      } else {
        server = HttpServer.create(loopback, 64);
      }
      url = (https ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();

      IssuedCertificate signing = ca.issueSigningCertificate("harbor-token-service");
      tokens = new TokenIssuer(signing);
      Path bundle = Files.writeString(directory.resolve("token-root.crt"), tokens.rootCertBundle());
      registry = TestRegistry.builder()
          .tokenAuth(url + "/service/token", TokenIssuer.SERVICE, TokenIssuer.ISSUER, bundle)
          .build()
          .start();
      RegistryReader reader = new RegistryReader(registry::url, tokens);
      api = new HarborApi(state, reader, () -> url);
      proxy = new RegistryProxy(registry::url, url, this::manifestPushed);

      executor = Executors.newFixedThreadPool(16, r -> {
        Thread t = new Thread(r, "harbor-standin-" + UUID.randomUUID().toString().substring(0, 8));
        t.setDaemon(true);
        return t;
      });
      server.setExecutor(executor);
      server.createContext("/", this::dispatch);
      server.start();
      return this;
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("Cannot start the Harbor stand-in", e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Stops the server and the registry, and deletes their files. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
    if (executor != null) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      executor = null;
    }
    if (registry != null) {
      registry.close();
      registry = null;
    }
    if (directory != null) {
      try (var files = Files.walk(directory)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // best effort: a temporary folder
      }
      directory = null;
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    classScoped = true;
    if (RequiredTools.isOnPath("docker-registry")) {
      start();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    RequiredTools.requireDockerRegistry();
    if (!classScoped && server == null) {
      startedForTest = true;
    }
    start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (startedForTest) {
      startedForTest = false;
      close();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  // ---- where --------------------------------------------------------------------------------------------------

  /** The base URL, e.g. {@code https://127.0.0.1:41234}: API, token service and registry alike. */
  public String url() {
    return started(url);
  }

  public URI uri() {
    return URI.create(url());
  }

  /** {@code 127.0.0.1:PORT}: the registry part of image references, e.g. {@code registryHost() + "/app/demo:1"}. */
  public String registryHost() {
    return uri().getAuthority();
  }

  /** The CA of the stand-in's TLS certificate. */
  public TestCa ca() {
    return started(ca);
  }

  /** The CA certificate as PEM: what a client must trust (the engine's {@code TlsSettings.withCaPem}). */
  public String caPem() {
    return ca().caPem();
  }

  /** The registry behind {@code /v2/}. */
  public TestRegistry registry() {
    return started(registry);
  }

  // ---- who ----------------------------------------------------------------------------------------------------

  /** The password of {@link #ADMIN}, Harbor's system administrator. Never print it. */
  public String adminPassword() {
    return adminPassword;
  }

  /** Adds a user (not an administrator). */
  public HarborStandIn addUser(String name, String password) {
    synchronized (state) {
      if (name.startsWith(state.robotPrefix)) {
        throw new IllegalArgumentException("User names starting with " + state.robotPrefix
            + " are robot accounts: use addRobot");
      }
      state.users.put(name, new StandInState.User(state.newId(), name, password, false, Instant.now()));
    }
    return this;
  }

  /** Makes {@code user} a member of {@code project} with {@code role}. */
  public HarborStandIn addMember(String project, String user, Role role) {
    synchronized (state) {
      project(project).members.put(user, role);
    }
    return this;
  }

  /**
   * Adds a project robot account, e.g. {@code addRobot("robot$app+ci", secret, "app", Access.PUSH, Access.PULL)}. The
   * name is kept exactly; Harbor's robot names start with {@code robot$}.
   */
  public HarborStandIn addRobot(String name, String secret, String project, Access... permissions) {
    return addRobot(name, secret, Map.of(project, Set.of(permissions)), false);
  }

  /**
   * Adds a robot account with permissions in several projects; a {@code system} robot may also create projects, and
   * its permissions under {@link #ALL_PROJECTS} cover every project, new ones included.
   */
  public HarborStandIn addRobot(String name, String secret, Map<String, Set<Access>> permissions, boolean system) {
    synchronized (state) {
      if (!name.startsWith(state.robotPrefix)) {
        throw new IllegalArgumentException("Robot account names start with " + state.robotPrefix + ": " + name);
      }
      if (!system && (permissions.containsKey(StandInState.ALL_PROJECTS)
          || permissions.containsKey(StandInState.SYSTEM))) {
        throw new IllegalArgumentException("Only a system robot covers all projects or has system permissions");
      }
      Map<String, Set<Access>> copy = new LinkedHashMap<>();
      permissions.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
      state.robots.put(name, new StandInState.Robot(state.newId(), name, secret, system, copy, false));
    }
    return this;
  }

  /** Deactivates a robot account: Harbor then treats its requests as anonymous. */
  public HarborStandIn disableRobot(String name) {
    synchronized (state) {
      StandInState.Robot r = state.robots.get(name);
      state.robots.put(name, new StandInState.Robot(r.id(), r.name(), r.secret(), r.system(), r.permissions(),
          true));
    }
    return this;
  }

  /**
   * Harbor's robot name prefix ({@code robot_name_prefix}; {@code robot$} by default): names with it are robot
   * accounts, every other name a user. Set it before adding accounts.
   */
  public HarborStandIn setRobotPrefix(String prefix) {
    synchronized (state) {
      state.robotPrefix = Objects.requireNonNull(prefix, "prefix");
    }
    return this;
  }

  /**
   * Harbor's authentication mode: {@code db_auth} (the default) or {@code oidc_auth}. In OIDC mode a user's password
   * here is its CLI secret, which counts only on the paths Harbor's {@code oidc_cli.go} allows.
   */
  public HarborStandIn setAuthMode(String mode) {
    if (!mode.equals("db_auth") && !mode.equals("oidc_auth")) {
      throw new IllegalArgumentException("The stand-in knows db_auth and oidc_auth: " + mode);
    }
    synchronized (state) {
      state.authMode = mode;
    }
    return this;
  }

  /** Answers as Harbor 2.10: its version, no SBOMs, and a scan request whose body is ignored (always a vulnerability scan). */
  public HarborStandIn setHarbor210(boolean harbor210) {
    synchronized (state) {
      state.harbor210 = harbor210;
    }
    return this;
  }

  // ---- projects -----------------------------------------------------------------------------------------------

  /** Adds a private project owned by admin, with no quota limit; returns its id. */
  public long addProject(String name) {
    return addProject(name, false, false, -1);
  }

  /**
   * Adds a project owned by admin.
   *
   * @param storageLimit the storage quota in bytes, -1 for unlimited
   * @return its id
   */
  public long addProject(String name, boolean isPublic, boolean autoScan, long storageLimit) {
    synchronized (state) {
      if (state.projects.containsKey(name)) {
        throw new IllegalArgumentException("Project " + name + " exists");
      }
      StandInState.Project p = new StandInState.Project(state.newId(), name, ADMIN, storageLimit);
      p.metadata.put("public", Boolean.toString(isPublic));
      if (autoScan) {
        p.metadata.put("auto_scan", "true");
      }
      state.projects.put(name, p);
      return p.id;
    }
  }

  /** Sets a project's storage quota and what it uses, in bytes (limit -1 = unlimited). */
  public HarborStandIn setQuota(String project, long limit, long used) {
    synchronized (state) {
      StandInState.Project p = project(project);
      p.storageLimit = limit;
      p.storageUsed = used;
    }
    return this;
  }

  /** The storage limit given to projects created through the API (-1 by default: unlimited). */
  public HarborStandIn setDefaultStorageLimit(long limit) {
    synchronized (state) {
      state.defaultStorageLimit = limit;
    }
    return this;
  }

  /** Turns a project's automatic scan on push on or off. */
  public HarborStandIn setAutoScan(String project, boolean autoScan) {
    synchronized (state) {
      project(project).metadata.put("auto_scan", Boolean.toString(autoScan));
    }
    return this;
  }

  /** Whether a project of that name exists. */
  public boolean hasProject(String name) {
    synchronized (state) {
      return state.projects.containsKey(name);
    }
  }

  /** A project's metadata as Harbor stores it (string values: {@code public}, {@code auto_scan}, ...). */
  public Map<String, String> projectMetadata(String name) {
    synchronized (state) {
      return Map.copyOf(project(name).metadata);
    }
  }

  /** A project's id. */
  public long projectId(String name) {
    synchronized (state) {
      return project(name).id;
    }
  }

  /** Who may create projects: {@code everyone} (default) or {@code adminonly}. */
  public HarborStandIn setProjectCreationRestriction(String restriction) {
    if (!restriction.equals("everyone") && !restriction.equals("adminonly")) {
      throw new IllegalArgumentException("everyone or adminonly: " + restriction);
    }
    synchronized (state) {
      state.projectCreationRestriction = restriction;
    }
    return this;
  }

  /** Harbor's read-only mode. */
  public HarborStandIn setReadOnly(boolean readOnly) {
    synchronized (state) {
      state.readOnly = readOnly;
    }
    return this;
  }

  /** The external URL Harbor reports (the stand-in's own URL by default). */
  public HarborStandIn setExternalUrl(String externalUrl) {
    synchronized (state) {
      state.externalUrl = externalUrl;
    }
    return this;
  }

  // ---- labels -------------------------------------------------------------------------------------------------

  /** Adds a global label; returns its id. */
  public long addGlobalLabel(String name) {
    synchronized (state) {
      long id = state.newId();
      state.labels.add(new StandInState.Label(id, name, "g", 0, Instant.now()));
      return id;
    }
  }

  /** Adds a label of {@code project}; returns its id. */
  public long addProjectLabel(String project, String name) {
    synchronized (state) {
      long id = state.newId();
      state.labels.add(new StandInState.Label(id, name, "p", project(project).id, Instant.now()));
      return id;
    }
  }

  /** The names of the labels attached to an artifact. */
  public Set<String> labelsOn(String project, String repository, String digest) {
    synchronized (state) {
      Set<Long> ids = state.artifactLabels.getOrDefault(project + "/" + repository + "@" + digest, Set.of());
      return state.labels.stream().filter(l -> ids.contains(l.id())).map(StandInState.Label::name)
          .collect(Collectors.toCollection(LinkedHashSet::new));
    }
  }

  // ---- scans --------------------------------------------------------------------------------------------------

  /** Whether a scanner is installed (when not, starting a scan answers 412, as Harbor does). */
  public HarborStandIn setScannerInstalled(boolean installed) {
    synchronized (state) {
      state.scannerInstalled = installed;
    }
    return this;
  }

  /** What scans of artifacts in {@code project/repository} find; {@code "*"} as project for every repository. */
  public HarborStandIn setScanResult(String project, String repository, ScanResult result) {
    synchronized (state) {
      state.scanScripts.put(project.equals("*") ? "*" : project + "/" + repository, result);
    }
    return this;
  }

  /** Whether an artifact has been scanned or is being scanned. */
  public boolean scanStarted(String project, String repository, String digest) {
    synchronized (state) {
      return state.scans.containsKey(project + "/" + repository + "@" + digest);
    }
  }

  /** Whether an SBOM was requested for an artifact. */
  public boolean sbomRequested(String project, String repository, String digest) {
    synchronized (state) {
      return state.sboms.containsKey(project + "/" + repository + "@" + digest);
    }
  }

  // ---- what happened ------------------------------------------------------------------------------------------

  /**
   * Every request received so far, in order. Waits (up to 5 s) for requests still being answered, whose entries are
   * written when the answer is complete: a client may already have the answer by then.
   */
  public List<LoggedRequest> requests() {
    awaitQuiet();
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  /** The blob uploads ({@code POST/PATCH/PUT /v2/.../blobs/uploads/...}) received so far. */
  public List<LoggedRequest> blobUploads() {
    return requests().stream().filter(LoggedRequest::isBlobUpload).toList();
  }

  /** Requests to {@code /api/v2.0} and answers that did not follow Harbor's API description. */
  public List<ValidationFailure> validationFailures() {
    synchronized (failures) {
      return List.copyOf(failures);
    }
  }

  /**
   * Fails listing every validation failure so far. Does nothing where Harbor's API description is absent (see {@link
   * HarborSwagger#require()} for a test that needs it).
   */
  public void assertNoValidationFailures() {
    List<ValidationFailure> f = validationFailures();
    if (!f.isEmpty()) {
      throw new AssertionError(f.size() + " request(s) or answer(s) did not follow " + HarborSwagger.FILE_NAME + ":\n"
          + f.stream().map(ValidationFailure::toString).collect(Collectors.joining("\n")));
    }
  }

  /** The requests that carried a {@code Cookie} header (an API client should send none). */
  public List<LoggedRequest> requestsWithCookies() {
    return requests().stream().filter(LoggedRequest::sentCookie).toList();
  }

  /** Whether requests are being validated (Harbor's API description was found). */
  public boolean validating() {
    return HarborSwagger.validator().isPresent();
  }

  /** Forgets the request log and the validation failures, once requests being answered are done. */
  public void clearLogs() {
    awaitQuiet();
    synchronized (log) {
      log.clear();
    }
    synchronized (failures) {
      failures.clear();
    }
  }

  /** Forgets everything set up (users, robots, projects, labels, scans, settings) and the logs; the images stay. */
  public void reset() {
    resetState();
    clearLogs();
  }

  @Override
  public String toString() {
    return "HarborStandIn{" + (url == null ? "not started" : url) + "}";
  }

  // ---- internals ----------------------------------------------------------------------------------------------

  private void resetState() {
    synchronized (state) {
      state.users.clear();
      state.robots.clear();
      state.projects.clear();
      state.labels.clear();
      state.artifactLabels.clear();
      state.scans.clear();
      state.sboms.clear();
      state.scanScripts.clear();
      state.scannerInstalled = true;
      state.readOnly = false;
      state.projectCreationRestriction = "everyone";
      state.externalUrl = null;
      state.defaultStorageLimit = -1;
      state.robotPrefix = StandInState.DEFAULT_ROBOT_PREFIX;
      state.authMode = "db_auth";
      state.harbor210 = false;
      state.lockedUntil.clear();
      state.users.put(ADMIN, new StandInState.User(state.newId(), ADMIN, adminPassword, true, Instant.now()));
      // Harbor comes with the public project "library".
      StandInState.Project library = new StandInState.Project(state.newId(), "library", ADMIN, -1);
      library.metadata.put("public", "true");
      state.projects.put("library", library);
    }
  }

  private StandInState.Project project(String name) {
    StandInState.Project p = state.projects.get(name);
    if (p == null) {
      throw new IllegalArgumentException("No project " + name + " in the stand-in");
    }
    return p;
  }

  private <T> T started(T value) {
    if (value == null) {
      throw new IllegalStateException("The Harbor stand-in is not started");
    }
    return value;
  }

  private void manifestPushed(String repository, String reference, String digest) {
    synchronized (state) {
      int slash = repository.indexOf('/');
      if (slash < 0) {
        return;
      }
      String projectName = repository.substring(0, slash);
      String key = repository + "@" + digest;
      state.pushTimes.put(key, Instant.now());
      state.artifactId(key);
      StandInState.Project p = state.projects.get(projectName);
      if (p != null && p.autoScan() && state.scannerInstalled) {
        StandInState.Scan running = state.scans.get(key);
        if (running == null || !running.running()) {
          api.startScan(key, repository);
        }
      }
    }
  }

  private void awaitQuiet() {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void dispatch(HttpExchange ex) {
    inFlight.incrementAndGet();
    try {
      handle(ex);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private void handle(HttpExchange ex) {
    String method = ex.getRequestMethod();
    URI uri = ex.getRequestURI();
    String path = uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
    int status = 500;
    String who = "anonymous";
    boolean cookie = ex.getRequestHeaders().containsKey("Cookie");
    try {
      String authorization = ex.getRequestHeaders().getFirst("Authorization");
      if (path.startsWith("/api/v2.0/")) {
        Identity id = identify(authorization, method, path);
        who = id.name();
        status = api(ex, id);
      } else if (path.equals("/service/token")) {
        Identity id = identify(authorization, method, path);
        who = id.name();
        status = token(ex, id);
      } else if (path.equals("/v2") || path.startsWith("/v2/")) {
        who = bearerSubject(authorization);
        status = proxy.forward(ex);
      } else {
        status = 404;
        send(ex, 404, Map.of("Content-Type", List.of("text/plain")), "404 page not found\n".getBytes(
            StandardCharsets.UTF_8));
      }
    } catch (Throwable t) {
      status = 500;
      synchronized (failures) {
        failures.add(new ValidationFailure("stand-in error", method, path, t.toString()));
      }
      try {
        send(ex, 500, Map.of("Content-Type", List.of("text/plain")), t.toString().getBytes(StandardCharsets.UTF_8));
      } catch (IOException | RuntimeException e) {
        // the answer may have started already
      }
    } finally {
      ex.close();
      synchronized (log) {
        log.add(new LoggedRequest(method, path, query, status, who, cookie));
      }
    }
  }

  private Identity identify(String authorization, String method, String path) {
    synchronized (state) {
      return state.identify(authorization, method, path);
    }
  }

  private int api(HttpExchange ex, Identity who) throws IOException {
    String method = ex.getRequestMethod();
    URI uri = ex.getRequestURI();
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readAllBytes();
    }
    Map<String, List<String>> headers = new LinkedHashMap<>(ex.getRequestHeaders());
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        query.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
      }
    }
    record(HarborSwagger.checkRequest(method, uri.getRawPath(), query, headers, body), "request", method,
        uri.getRawPath());
    HarborApi.Reply reply;
    if (ex.getRequestHeaders().containsKey("Cookie") && !method.equals("GET") && !method.equals("HEAD")) {
      // Harbor checks a CSRF token on every request that carries a session cookie; API clients must send none.
      reply = HarborApi.Reply.error(403, "FORBIDDEN", "CSRF token invalid");
    } else {
      reply = api.handle(method, uri.getRawPath(), uri.getRawQuery(), headers, body, who);
    }
    Map<String, List<String>> out = new LinkedHashMap<>(reply.headers());
    // Like Harbor, hand out a session cookie: a client that keeps it meets the CSRF check above.
    out.put("Set-Cookie", List.of("sid=" + UUID.randomUUID().toString().replace("-", "") + "; Path=/; HttpOnly"));
    out.put("X-Request-Id", List.of(Optional.ofNullable(ex.getRequestHeaders().getFirst("X-Request-Id"))
        .orElse(UUID.randomUUID().toString())));
    record(HarborSwagger.checkResponse(method, uri.getRawPath(), reply.status(), out, reply.body()), "response",
        method, uri.getRawPath());
    send(ex, reply.status(), out, method.equals("HEAD") ? new byte[0] : reply.body());
    return reply.status();
  }

  private void record(List<String> messages, String kind, String method, String path) {
    if (!messages.isEmpty()) {
      synchronized (failures) {
        messages.forEach(m -> failures.add(new ValidationFailure(kind, method, path, m)));
      }
    }
  }

  /** Harbor's {@code /service/token}: Basic credentials (wrong ones count as anonymous), filtered scopes. */
  private int token(HttpExchange ex, Identity who) throws IOException {
    Map<String, List<String>> query = new LinkedHashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        query.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
      }
    }
    String service = query.getOrDefault("service", List.of("")).get(0);
    if (!service.equals(TokenIssuer.SERVICE)) {
      send(ex, 400, Map.of("Content-Type", List.of("text/plain")),
          ("Unable to handle service: " + service).getBytes(StandardCharsets.UTF_8));
      return 400;
    }
    List<String> scopes = new ArrayList<>();
    query.getOrDefault("scope", List.of()).forEach(s -> scopes.addAll(List.of(s.split(" "))));
    scopes.removeIf(String::isBlank);
    if (!who.authenticated() && scopes.isEmpty()) {
      send(ex, 401, Map.of(), new byte[0]);
      return 401;
    }
    List<TokenIssuer.Grant> grants = new ArrayList<>();
    synchronized (state) {
      for (String scope : scopes) {
        int first = scope.indexOf(':');
        int last = scope.lastIndexOf(':');
        if (first < 0 || last <= first) {
          continue;
        }
        String type = scope.substring(0, first);
        String name = scope.substring(first + 1, last);
        List<String> wanted = List.of(scope.substring(last + 1).split(","));
        List<String> granted = new ArrayList<>();
        if (type.equals("repository")) {
          StandInState.Project p = state.projects.get(name.contains("/") ? name.substring(0, name.indexOf('/'))
              : name);
          Set<Access> can = state.permissions(who, p);
          for (String action : wanted) {
            boolean ok = switch (action) {
              case "pull" -> can.contains(Access.PULL);
              case "push" -> can.contains(Access.PUSH);
              case "delete", "*" -> can.contains(new Access("repository", "delete"));
              default -> false;
            };
            if (ok) {
              granted.add(action);
            }
          }
        } else if (type.equals("registry") && name.equals("catalog") && who.sysadmin()) {
          granted.add("*");
        }
        grants.add(new TokenIssuer.Grant(type, name, granted));
      }
    }
    ObjectNode o = JSON.createObjectNode();
    o.put("token", tokens.token(who.authenticated() ? who.name() : "", grants));
    o.put("expires_in", TokenIssuer.EXPIRES_IN_SECONDS);
    o.put("issued_at", HarborApi.time(Instant.now()));
    send(ex, 200, Map.of("Content-Type", List.of("application/json")), JSON.writeValueAsBytes(o));
    return 200;
  }

  private static String bearerSubject(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return "anonymous";
    }
    try {
      String[] parts = authorization.substring(7).trim().split("\\.");
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      String sub = claims.path("sub").asText("");
      return "token:" + (sub.isEmpty() ? "anonymous" : sub);
    } catch (IOException | RuntimeException e) {
      return "token:unreadable";
    }
  }

  private static void send(HttpExchange ex, int status, Map<String, List<String>> headers, byte[] body)
      throws IOException {
    headers.forEach((k, v) -> ex.getResponseHeaders().put(k, List.copyOf(v)));
    boolean noBody = body.length == 0 || ex.getRequestMethod().equals("HEAD") || status == 204 || status == 304;
    ex.sendResponseHeaders(status, noBody ? -1 : body.length);
    if (!noBody) {
      try (OutputStream os = ex.getResponseBody()) {
        os.write(body);
      }
    }
  }

  private static SSLContext serverTls(IssuedCertificate certificate) {
    try {
      char[] password = new char[0];
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      X509Chain chain = new X509Chain(certificate);
      store.setKeyEntry("server", certificate.privateKey(), password, chain.certificates());
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, new SecureRandom());
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("Cannot make the stand-in's TLS context", e);
    }
  }

  /** The server certificate and the CA that issued it, as TLS sends them. */
  private record X509Chain(IssuedCertificate leaf) {
    Certificate[] certificates() {
      try {
        var factory = java.security.cert.CertificateFactory.getInstance("X.509");
        return factory.generateCertificates(new java.io.ByteArrayInputStream(
            leaf.chainPem().getBytes(StandardCharsets.US_ASCII))).toArray(Certificate[]::new);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Builds a {@link HarborStandIn}. */
  public static final class Builder {
    private boolean https = true;
    private String adminPassword = randomSecret();

    private Builder() {}

    /** Serve plain HTTP instead of HTTPS. */
    public Builder plainHttp() {
      this.https = false;
      return this;
    }

    /** The password of {@link #ADMIN}; random by default. */
    public Builder adminPassword(String password) {
      this.adminPassword = Objects.requireNonNull(password, "password");
      return this;
    }

    public HarborStandIn build() {
      return new HarborStandIn(this);
    }
  }

  private static String randomSecret() {
    byte[] b = new byte[18];
    new SecureRandom().nextBytes(b);
    return "Aa1" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
