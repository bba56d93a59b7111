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
import io.jenkins.plugins.harborjib.engine.harbor.HarborPreflight;
import io.jenkins.plugins.harborjib.engine.harbor.HarborSystemInfo;
import io.jenkins.plugins.harborjib.engine.harbor.PreflightOptions;
import io.jenkins.plugins.harborjib.engine.harbor.PreflightReport;
import io.jenkins.plugins.harborjib.engine.harbor.Severity;
import io.jenkins.plugins.harborjib.engine.harbor.VulnerabilityGate;
import io.jenkins.plugins.harborjib.engine.registry.ProxyLogin;
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

  /** Every client this push opened, closed at its end. */
  private final List<HarborClient> clients = new java.util.concurrent.CopyOnWriteArrayList<>();

  HarborSteps(PushRequest request, PushListener listener) {
    this.request = request;
    this.listener = listener;
  }

  /** Ends the threads of every Harbor client this push opened. */
  @Override
  public void close() {
    clients.forEach(HarborClient::close);
  }

  /** A Harbor the push talks to, as learned before the push. */
  record Session(HarborClient client, HarborProject project, Optional<String> version, String externalUrl,
      boolean projectCreated) {}

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
      HarborProject found = client.project(project).orElseThrow(() -> new PushException(ErrorKind.PROJECT_NOT_FOUND,
          "Harbor " + url + " has no project '" + project + "' (preflight checks are off): create it, or turn the"
              + " checks on with project creation"));
      listener.onEvent(new PushEvent.Warning("Harbor's checks before the push are off: problems show up only"
          + " while uploading"));
      return Optional.of(new Session(client, found, info.harborVersion(),
          info.externalUrl().orElse(url.toString()), false));
    }
    PreflightOptions options = new PreflightOptions(settings.createProject(), settings.projectPublic(),
        settings.autoScan());
    PreflightReport report = new HarborPreflight(client).check(project, repository, options, bytesToUpload);
    report.notes().forEach(n -> listener.onEvent(new PushEvent.Info(n)));
    listener.onEvent(new PushEvent.Info("Harbor " + report.harborVersion().orElse("(version not shown)") + " at "
        + report.serverUrl() + ": '" + report.identity() + "' may push to project '" + project + "'"
        + report.storageQuota().map(q -> "; quota " + q).orElse("")));
    checkLabelsExist(client, report.project());
    return Optional.of(new Session(client, report.project(), report.harborVersion(), report.externalUrl(),
        report.projectCreated()));
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

  private void checkLabelsExist(HarborClient client, HarborProject project) throws PushException {
    List<String> missing = new ArrayList<>();
    for (String name : request.harbor().labels()) {
      if (client.findLabels(name, project).isEmpty()) {
        missing.add("'" + name + "'");
      }
    }
    if (!missing.isEmpty()) {
      throw new PushException(ErrorKind.INVALID_INPUT, "harbor.labels", "Harbor " + client.serverUrl()
          + " has no label " + String.join(", ", missing) + " in project '" + project.name() + "' nor globally:"
          + " labels are not created by the push; ask a project administrator to create them (project > Labels),"
          + " or drop them", null);
    }
  }

  /** Reads the artifact back from Harbor, checks its tags, attaches labels, asks for an SBOM. */
  HarborReport confirm(Session session, String digest) throws PushException {
    String project = request.target().project();
    String repository = request.target().repository();
    ArtifactConfirmation confirmation = new HarborArtifactCheck(session.client()).confirm(project, repository, digest,
        request.target().tags(), session.version(), session.externalUrl());
    if (!confirmation.allTagsPresent()) {
      throw new PushException(ErrorKind.REGISTRY, "Harbor " + session.client().serverUrl() + " shows "
          + project + "/" + repository + "@" + digest + " without the tags " + confirmation.missingTags()
          + " although the registry accepted them: check for a tag immutability rule or a retention policy in"
          + " project '" + project + "'", null);
    }
    listener.onEvent(new PushEvent.Info("Harbor shows " + project + "/" + repository + "@" + digest + " with tags "
        + request.target().tags() + ": " + confirmation.webUrl()));
    List<String> attached = new ArrayList<>();
    if (!request.harbor().labels().isEmpty()) {
      for (HarborLabel label : session.client().attachLabels(session.project(), repository, digest,
          request.harbor().labels())) {
        attached.add(label.name());
      }
      listener.onEvent(new PushEvent.Info("Attached Harbor labels " + attached));
    }
    if (request.harbor().scan().map(HarborSettings.ScanGate::requestSbom).orElse(false)) {
      requestSbom(session, project, repository, digest);
    }
    return new HarborReport(session.client().serverUrl().toString(), session.version(), confirmation.webUrl(),
        session.projectCreated(), attached, Optional.empty());
  }

  private void requestSbom(Session session, String project, String repository, String digest) {
    try {
      boolean started = session.client().requestSbom(project, repository, digest);
      listener.onEvent(new PushEvent.Info(started ? "Asked Harbor to generate an SBOM"
          : "Harbor is already generating an SBOM"));
    } catch (HarborException e) {
      listener.onEvent(new PushEvent.Warning("No SBOM: " + e.getMessage()));
    }
  }

  /** Waits for Harbor's scan and judges it. */
  ScanReport gate(Session session, String digest) throws PushException {
    HarborSettings.ScanGate gate = request.harbor().scan().orElseThrow();
    GatePolicy.Builder policy = GatePolicy.builder().allowList(gate.allowList()).startScan(gate.triggerScan())
        .timeout(gate.timeout());
    if (gate.onViolation() == HarborSettings.OnViolation.FAIL) {
      policy.failAt(gate.threshold());
    } else {
      policy.unstableAt(gate.threshold());
    }
    GateResult result = new VulnerabilityGate(session.client()).check(request.target().project(),
        request.target().repository(), digest, policy.build(), listener);
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
