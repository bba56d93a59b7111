package io.jenkins.plugins.harborjib.engine.push;

import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.HarborReport;
import io.jenkins.plugins.harborjib.engine.HarborSettings;
import io.jenkins.plugins.harborjib.engine.PushEvent;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.PushListener;
import io.jenkins.plugins.harborjib.engine.PushRequest;
import io.jenkins.plugins.harborjib.engine.ScanReport;
import io.jenkins.plugins.harborjib.engine.harbor.ArtifactConfirmation;
import io.jenkins.plugins.harborjib.engine.harbor.GatePolicy;
import io.jenkins.plugins.harborjib.engine.harbor.GateResult;
import io.jenkins.plugins.harborjib.engine.harbor.HarborClient;
import io.jenkins.plugins.harborjib.engine.harbor.HarborException;
import io.jenkins.plugins.harborjib.engine.harbor.HarborLabel;
import io.jenkins.plugins.harborjib.engine.harbor.HarborProject;
import io.jenkins.plugins.harborjib.engine.harbor.HarborArtifactCheck;
import io.jenkins.plugins.harborjib.engine.harbor.HarborNotes;
import io.jenkins.plugins.harborjib.engine.harbor.HarborPreflight;
import io.jenkins.plugins.harborjib.engine.harbor.HarborSystemInfo;
import io.jenkins.plugins.harborjib.engine.harbor.PreflightOptions;
import io.jenkins.plugins.harborjib.engine.harbor.PreflightReport;
import io.jenkins.plugins.harborjib.engine.harbor.Severity;
import io.jenkins.plugins.harborjib.engine.harbor.VulnerabilityGate;
import io.jenkins.plugins.harborjib.engine.registry.ManifestInfo;
import io.jenkins.plugins.harborjib.engine.registry.ProxyLogin;
import io.jenkins.plugins.harborjib.engine.registry.RegistryClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The push's conversation with Harbor's API: finding out whether the registry is Harbor, the checks before any
 * upload, confirming the artifact afterwards, labels, and the vulnerability gate.
 */
final class HarborSteps implements AutoCloseable {
  private final PushRequest request;
  private final PushListener listener;
  /** Checks Harbor did not allow and steps it could not take, for the result: each is also a Warning event. */
  private final List<String> notes = new ArrayList<>();

  /** Every client this push opened, closed at its end. */
  private final List<HarborClient> clients = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean closed;

  HarborSteps(PushRequest request, PushListener listener) {
    this.request = request;
    this.listener = listener;
  }

  /** Ends the threads of every Harbor client this push opened. */
  @Override
  public void close() {
    closed = true;
    clients.forEach(HarborClient::close);
  }

  /**
   * A Harbor the push talks to, as learned before the push.
   *
   * @param project the project, unless the account may not see it
   * @param apiSignedIn whether Harbor's API took the credentials (not an OIDC user's CLI secret)
   */
  record Session(HarborClient client, Optional<HarborProject> project, Optional<String> version, String externalUrl,
      boolean projectCreated, boolean apiSignedIn) {}

  private void note(String text) {
    notes.add(text);
    listener.onEvent(new PushEvent.Warning(text));
  }

  /** Checks the settings that need Harbor against the mode, without the network. */
  static void validate(HarborSettings harbor) throws PushException {
    if (harbor.mode() == HarborSettings.Mode.OFF && harbor.needsHarbor()) {
      throw PushException.invalid("harbor", "harbor is off (a plain registry), but " + whatNeedsHarbor(harbor)
          + " needs Harbor's API: turn the Harbor mode on, or drop " + whatNeedsHarbor(harbor));
    }
    for (String label : harbor.labels()) {
      if (label == null || label.isBlank()) {
        throw PushException.invalid("harbor.labels", "harbor.labels has an empty label name: remove it");
      }
    }
    if (harbor.scan().isPresent()) {
      var scan = harbor.scan().get();
      if (scan.timeout().isNegative() || scan.timeout().isZero()) {
        throw PushException.invalid("harbor.scan.timeout", "harbor.scan.timeout " + scan.timeout()
            + " must be positive, e.g. 10 minutes");
      }
      if (scan.threshold().ordinal() < Severity.LOW.ordinal()) {
        throw PushException.invalid("harbor.scan.threshold", "harbor.scan.threshold " + scan.threshold()
            + " is below Low: use Critical, High, Medium or Low");
      }
      for (String id : scan.allowList()) {
        if (id == null || id.isBlank()) {
          throw PushException.invalid("harbor.scan.allowList", "harbor.scan.allowList has an empty id: remove it");
        }
      }
    }
  }

  private static String whatNeedsHarbor(HarborSettings h) {
    List<String> what = new ArrayList<>();
    if (h.createProject()) {
      what.add("createProject");
    }
    if (!h.labels().isEmpty()) {
      what.add("labels");
    }
    if (h.scan().isPresent()) {
      what.add("the vulnerability gate");
    }
    if (h.url().isPresent()) {
      what.add("the Harbor URL");
    }
    return String.join(", ", what);
  }

  /**
   * Finds Harbor (unless off) and, when asked, runs the checks before any upload: authenticated, project exists or
   * is created, push allowed, quota. Returns empty for a plain registry.
   *
   * @param scheme the scheme the registry answered on, for Harbor's default URL
   * @param ssl the registry checks' TLS context, built from the request's trust: its sessions are reused
   * @param bytesToUpload an upper bound of what the push uploads
   */
  Optional<Session> connect(String scheme, javax.net.ssl.SSLContext ssl, OptionalLong bytesToUpload)
      throws PushException {
    HarborSettings settings = request.harbor();
    if (settings.mode() == HarborSettings.Mode.OFF) {
      return Optional.empty();
    }
    URI url = settings.url().orElse(URI.create(scheme + "://" + request.target().registry()));
    HarborClient.Builder builder = HarborClient.builder(url).tls(request.tls()).sslContext(ssl)
        .requestTimeout(request.httpTimeout().plusSeconds(10));
    request.credentials().ifPresent(builder::credentials);
    ProxyLogin.fromSystemProperties().ifPresent(builder::proxyLogin);
    HarborClient client = builder.build();
    clients.add(client);
    if (closed) {
      // checks still running when the push ended (its build output was refused): nothing more from them
      client.close();
      throw new PushException(ErrorKind.CANCELLED, "The push has ended", null);
    }
    if (settings.mode() == HarborSettings.Mode.AUTO) {
      try {
        if (!"Pong".equalsIgnoreCase(client.ping())) {
          return plainRegistry(url, "it does not answer Harbor's ping");
        }
      } catch (HarborException e) {
        return plainRegistry(url, e.getMessage());
      }
    }
    String project = request.target().project();
    String repository = request.target().repository();
    if (!settings.preflight()) {
      HarborSystemInfo info = client.systemInfo();
      // The project list shows a robot its projects without Project: Read; a project it cannot see at all is left
      // to the registry, unless Harbor says it does not exist.
      Optional<HarborProject> found = client.findProject(project);
      if (found.isEmpty() && !projectMayExist(client, project)) {
        throw new PushException(ErrorKind.PROJECT_NOT_FOUND, "Harbor " + url + " has no project '" + project
            + "' (preflight checks are off): create it, or turn the checks on with project creation");
      }
      listener.onEvent(new PushEvent.Warning("Harbor's checks before the push are off: problems show up only"
          + " while uploading"));
      return Optional.of(new Session(client, found, info.harborVersion(),
          info.externalUrl().orElse(url.toString()), false, true));
    }
    PreflightOptions options = new PreflightOptions(settings.createProject(), settings.projectPublic(),
        settings.autoScan());
    PreflightReport report = new HarborPreflight(client).check(project, repository, options, bytesToUpload);
    report.notes().forEach(n -> listener.onEvent(new PushEvent.Info(n)));
    report.warnings().forEach(this::note);
    listener.onEvent(new PushEvent.Info("Harbor " + report.harborVersion().orElse("(version not shown)") + " at "
        + report.serverUrl() + ": '" + report.identity() + "' "
        + (report.pushConfirmed() ? "may push to project '" + project + "'"
            : "pushes to project '" + project + "' if the registry allows it")
        + report.storageQuota().map(q -> "; quota " + q).orElse("")));
    Session session = new Session(client, report.project(), report.harborVersion(), report.externalUrl(),
        report.projectCreated(), report.apiSignedIn());
    checkLabelsExist(session);
    return Optional.of(session);
  }

  /** {@code HEAD /projects?project_name=}; true when Harbor would not say (401 or 403). */
  private static boolean projectMayExist(HarborClient client, String project) throws HarborException {
    try {
      return client.projectExists(project);
    } catch (HarborException e) {
      if (HarborClient.refused(e)) {
        return true;
      }
      throw e;
    }
  }

  private Optional<Session> plainRegistry(URI url, String why) throws PushException {
    if (request.harbor().needsHarbor()) {
      throw new PushException(ErrorKind.REGISTRY, "harbor", url + " is not Harbor (" + why + "), but "
          + whatNeedsHarbor(request.harbor()) + " needs Harbor's API: check the registry host or the Harbor URL",
          null);
    }
    listener.onEvent(new PushEvent.Info(request.target().registry() + " is not Harbor (" + why
        + "): pushing as to a plain OCI registry, without Harbor's project checks"));
    return Optional.empty();
  }

  /**
   * Every requested label exists, as the project's own or a global one (exact names, every page). A refused project
   * label list ({@code scope=p} needs Label: List) leaves the global labels; labels that cannot be looked up at all
   * become a note, and attaching them is tried after the push.
   */
  private void checkLabelsExist(Session session) throws PushException {
    List<String> names = request.harbor().labels();
    if (names.isEmpty()) {
      return;
    }
    HarborClient client = session.client();
    String projectName = request.target().project();
    if (session.project().isEmpty() || !session.apiSignedIn()) {
      note("Labels " + names + " were not looked up before the push: '" + client.identity() + "' may not see"
          + " project '" + projectName + "'. Attaching them is tried after the push.");
      return;
    }
    HarborProject project = session.project().get();
    boolean projectLabelsRefused = false;
    List<String> missing = new ArrayList<>();
    for (String name : names) {
      List<HarborLabel> found = new ArrayList<>();
      if (!projectLabelsRefused) {
        try {
          found.addAll(client.labels(name, OptionalLong.of(project.id())));
        } catch (HarborException e) {
          if (!HarborClient.refused(e)) {
            throw e;
          }
          projectLabelsRefused = true;
          note(HarborNotes.notAllowed("The label list of project '" + projectName + "'", client.identity(), e,
              HarborNotes.LABEL_LIST, "Only global labels were looked up."));
        }
      }
      found.addAll(client.labels(name, OptionalLong.empty()));
      if (found.isEmpty()) {
        missing.add("'" + name + "'");
      }
    }
    if (!missing.isEmpty()) {
      throw new PushException(ErrorKind.INVALID_INPUT, "harbor.labels", "Harbor " + client.serverUrl()
          + " has no label " + String.join(", ", missing) + (projectLabelsRefused ? " globally (the project's own"
          + " labels could not be listed by '" + client.identity() + "')" : " in project '" + projectName
          + "' nor globally") + ": labels are not created by the push; ask a project administrator to create them"
          + " (project > Labels), or drop them", null);
    }
  }

  /**
   * Reads the artifact back from Harbor and checks its tags, attaches labels, asks for an SBOM. When Harbor does not
   * let the account read the artifact, the tags are confirmed through the registry itself (the manifest by tag, with
   * the push's own token) and a note names Artifact: Read.
   */
  HarborReport confirm(Session session, String digest, RegistryClient registry) throws PushException {
    String project = request.target().project();
    String repository = request.target().repository();
    HarborClient client = session.client();
    String webUrl = session.project().map(p -> HarborArtifactCheck.webUrl(session.externalUrl(), p.id(), repository,
        digest)).orElse(session.externalUrl());
    Optional<ArtifactConfirmation> confirmation = Optional.empty();
    if (session.apiSignedIn()) {
      try {
        confirmation = Optional.of(new HarborArtifactCheck(client).confirm(project, repository, digest,
            request.target().tags(), session.version(), session.externalUrl()));
      } catch (HarborException e) {
        if (!HarborClient.refused(e)) {
          throw e;
        }
        note(HarborNotes.notAllowed("Harbor's record of " + project + "/" + repository + "@" + digest,
            client.identity(), e, HarborNotes.ARTIFACT_READ, "The tags were confirmed through the registry."));
      }
    }
    List<String> missing;
    if (confirmation.isPresent()) {
      missing = confirmation.get().missingTags();
      webUrl = confirmation.get().webUrl();
    } else {
      missing = new ArrayList<>();
      for (String tag : request.target().tags()) {
        Optional<ManifestInfo> m = registry.manifest(request.target().repositoryPath(), tag);
        if (m.isEmpty() || !m.get().digest().equals(digest)) {
          missing.add(tag);
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new PushException(ErrorKind.REGISTRY, "Harbor " + client.serverUrl() + " shows "
          + project + "/" + repository + "@" + digest + " without the tags " + missing
          + " although the registry accepted them: check for a tag immutability rule or a retention policy in"
          + " project '" + project + "'", null);
    }
    listener.onEvent(new PushEvent.Info((confirmation.isPresent() ? "Harbor shows " : "The registry shows ")
        + project + "/" + repository + "@" + digest + " with tags " + request.target().tags() + ": " + webUrl));
    List<String> attached = attachLabels(session, repository, digest);
    if (request.harbor().scan().map(HarborSettings.ScanGate::requestSbom).orElse(false)) {
      requestSbom(session, project, repository, digest);
    }
    return new HarborReport(client.serverUrl().toString(), session.version(), webUrl, session.projectCreated(),
        attached, Optional.empty(), notes);
  }

  private List<String> attachLabels(Session session, String repository, String digest) throws PushException {
    List<String> attached = new ArrayList<>();
    List<String> names = request.harbor().labels();
    if (names.isEmpty()) {
      return attached;
    }
    HarborClient client = session.client();
    String project = request.target().project();
    for (String name : names) {
      try {
        List<HarborLabel> found = new ArrayList<>();
        if (session.project().isPresent()) {
          try {
            found.addAll(client.labels(name, OptionalLong.of(session.project().get().id())));
          } catch (HarborException e) {
            if (!HarborClient.refused(e)) {
              throw e;
            }
          }
        }
        found.addAll(client.labels(name, OptionalLong.empty()));
        if (found.isEmpty()) {
          note("Label '" + name + "' was not attached: Harbor shows '" + client.identity() + "' no label of that"
              + " name in project '" + project + "' nor globally.");
          continue;
        }
        client.attachLabel(project, repository, digest, found.get(0));
        attached.add(name);
      } catch (HarborException e) {
        if (!HarborClient.refused(e)) {
          throw e;
        }
        note(HarborNotes.refused("Label '" + name + "' was not attached", client.identity(), e,
            HarborNotes.LABEL_ATTACH, ""));
      }
    }
    if (!attached.isEmpty()) {
      listener.onEvent(new PushEvent.Info("Attached Harbor labels " + attached));
    }
    return attached;
  }

  /** SBOMs exist from Harbor 2.11; 2.10's scan request takes no body and would start a vulnerability scan instead. */
  private void requestSbom(Session session, String project, String repository, String digest) {
    String version = session.version().orElse("(version not shown)");
    boolean supported = new HarborSystemInfo(session.version(), Optional.empty(), false, Optional.empty())
        .supportsSbom();
    if (!supported) {
      note("No SBOM: Harbor " + version + " at " + session.client().serverUrl() + " generates SBOMs from version"
          + " 2.11 on" + (session.version().isEmpty() ? " and did not tell its version" : "") + "; the SBOM request"
          + " was skipped.");
      return;
    }
    try {
      boolean started = session.client().requestSbom(project, repository, digest);
      listener.onEvent(new PushEvent.Info(started ? "Asked Harbor to generate an SBOM"
          : "Harbor is already generating an SBOM"));
    } catch (HarborException e) {
      note(e.httpStatus().orElse(0) == 403 ? HarborNotes.refused("No SBOM was requested for " + project + "/"
          + repository + "@" + digest, session.client().identity(), e, HarborNotes.SBOM_CREATE, "")
          : "No SBOM: " + e.getMessage());
    }
  }

  /** This report with the gate's verdict and the notes the gate added. */
  HarborReport withScan(HarborReport confirmed, ScanReport scan) {
    List<String> added = notes.subList(confirmed.notes().size(), notes.size());
    return confirmed.withScan(scan, List.copyOf(added));
  }

  /** Waits for Harbor's scan and judges it. */
  ScanReport gate(Session session, String digest) throws PushException {
    HarborSettings.ScanGate gate = request.harbor().scan().orElseThrow();
    // A project that scans on push (auto_scan) has started its scan already: wait for it instead of starting one.
    boolean autoScan = session.project().map(HarborProject::autoScan).orElse(false);
    GatePolicy.Builder policy = GatePolicy.builder().allowList(gate.allowList())
        .startScan(gate.triggerScan() && !autoScan).timeout(gate.timeout());
    if (gate.onViolation() == HarborSettings.OnViolation.FAIL) {
      policy.failAt(gate.threshold());
    } else {
      policy.unstableAt(gate.threshold());
    }
    PushListener noting = event -> {
      if (event instanceof PushEvent.Warning w) {
        notes.add(w.message());
      }
      listener.onEvent(event);
    };
    GateResult result = new VulnerabilityGate(session.client()).check(request.target().project(),
        request.target().repository(), digest, policy.build(), noting);
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Severity s : List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.NEGLIGIBLE,
        Severity.UNKNOWN)) {
      if (result.count(s) > 0) {
        counts.put(s.harborName(), result.count(s));
      }
    }
    List<String> worst = result.worstFixable().stream().map(v -> v.id() + " (" + v.severity().harborName() + ") in "
        + v.packageName() + " " + v.version() + v.fixVersion().map(f -> ", fixed in " + f).orElse("")).toList();
    return new ScanReport(result.outcome(), result.summary(), counts, worst, result.allowListed(),
        result.scanFinished(), result.waited());
  }

  static String identity(Optional<Credentials> credentials) {
    return credentials.map(Credentials::username).orElse("anonymous");
  }
}
