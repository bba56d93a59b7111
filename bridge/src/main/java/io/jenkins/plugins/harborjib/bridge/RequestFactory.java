package io.jenkins.plugins.harborjib.bridge;

import io.jenkins.plugins.harborjib.protocol.ProtocolRequest;
import io.jenkins.plugins.harborjib.protocol.Verbosity;
import io.jenkins.plugins.harborjib.engine.BaseImage;
import io.jenkins.plugins.harborjib.engine.BuildMetadata;
import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.ContainerSettings;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.HarborSettings;
import io.jenkins.plugins.harborjib.engine.ImageTarget;
import io.jenkins.plugins.harborjib.engine.PushRequest;
import io.jenkins.plugins.harborjib.engine.ReferenceRules;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import io.jenkins.plugins.harborjib.engine.harbor.Severity;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the step's settings, the chosen server, the credentials Jenkins found and the build's facts into the engine's
 * request. Every value is checked first ({@link SettingsCheck}); all problems are reported at once. Paths stay
 * relative to the workspace, which is the engine's working directory on the agent.
 */
public final class RequestFactory {
  private RequestFactory() {}

  /**
   * The request for one push.
   *
   * @param login the registry user and password or token, e.g. {@code robot$app+ci}, kept exactly as given; empty
   *     pushes anonymously (test registries)
   * @throws SettingsException listing every problem, each naming its field, value and fix
   */
  public static EngineRequest create(ImageSettings settings, ServerSettings server, Optional<Credentials> login,
      ProxySettings proxy, BuildFacts facts) throws SettingsException, InterruptedException {
    List<SettingsException.Problem> problems = new ArrayList<>(SettingsCheck.validate(server));
    problems.addAll(SettingsCheck.validate(settings, server));
    if (login.isPresent() && login.get().username().isBlank()) {
      problems.add(new SettingsException.Problem("credentialsId", "the credentials for server '" + server.id()
          + "' have an empty user name: give the Harbor user or robot account, e.g. robot$app+ci"));
    }
    if (!problems.isEmpty()) {
      throw new SettingsException(problems);
    }
    String registry = server.registryHost().orElseThrow();
    BuildOutputType type = BuildOutputType.named(settings.buildOutputType()).orElseThrow();
    String outputPath = settings.buildOutput().isEmpty() ? type.defaultPath().orElse(".") : settings.buildOutput();
    String modulePath = type == BuildOutputType.AUTO ? outputPath : ".";

    List<String> tags = TagTemplates.expand(settings.tags(), facts, modulePath);
    List<SettingsException.Problem> tagProblems = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < tags.size(); i++) {
      String field = "tags[" + i + "]";
      String tag = tags.get(i);
      String template = settings.tags().isEmpty() ? TagTemplates.DEFAULT_TAG : settings.tags().get(i);
      ReferenceRules.checkTag(field, tag).ifPresent(m -> tagProblems.add(
          new SettingsException.Problem(field, template.equals(tag) ? m : m + " (from '" + template + "')")));
      if (!seen.add(tag)) {
        tagProblems.add(new SettingsException.Problem(field, field + " '" + tag + "' is given twice: give each tag"
            + " once"));
      }
    }
    if (!tagProblems.isEmpty()) {
      throw new SettingsException(tagProblems);
    }

    String project = settings.project().isEmpty() ? server.defaultProject() : settings.project();
    String base = settings.baseImage().isEmpty() ? server.defaultBaseImage() : settings.baseImage();
    ImageTarget target = new ImageTarget(registry, project, settings.repository(), tags);
    PushRequest.Builder push = PushRequest.builder(buildOutput(type, outputPath),
        BaseImage.of(ImageReferences.qualify(base, registry)), target);
    login.ifPresent(push::credentials);
    push.container(container(settings));
    push.metadata(metadata(facts));
    TlsSettings tls = server.caCertificate().isEmpty() ? TlsSettings.DEFAULT
        : new TlsSettings(Optional.of(server.caCertificate()), "the CA certificate of Harbor server '" + server.id()
            + "'", false);
    push.tls(tls.withInsecure(server.insecure()));
    if (!facts.cacheDirectory().isEmpty()) {
      push.cacheDirectory(Path.of(facts.cacheDirectory()));
    }
    push.httpTimeout(Duration.ofSeconds(server.readTimeoutSeconds()));

    push.harbor(harborSettings(settings, server));

    Verbosity verbosity = SettingsCheck.verbosityOf(settings.verbosity()).orElseThrow();
    ProtocolRequest protocol = new ProtocolRequest(push.build(), verbosity, proxy.credentials());
    return new EngineRequest(protocol);
  }

  /**
   * The engine's Harbor settings: a server with Harbor's API on is Harbor (checks before the push, confirmation
   * after, labels, the gate); with it off, a plain registry the engine never asks Harbor's API about.
   */
  static HarborSettings harborSettings(ImageSettings settings, ServerSettings server) {
    if (!server.harborApi()) {
      return HarborSettings.OFF;
    }
    HarborSettings harbor = HarborSettings.REQUIRED.withUrl(URI.create(server.url()))
        .withCreateProject(settings.createProject(), false, Optional.empty())
        .withLabels(settings.harborLabels());
    if (settings.scanGate().isPresent()) {
      ScanGateSettings g = settings.scanGate().get();
      harbor = harbor.withScan(new HarborSettings.ScanGate(Severity.threshold(g.threshold()),
          HarborSettings.OnViolation.valueOf(g.onViolation().toUpperCase(Locale.ROOT)),
          Set.copyOf(g.allowList()), Duration.ofSeconds(g.timeoutSeconds()), g.trigger(), g.sbom()));
    }
    return harbor;
  }

  private static BuildOutput buildOutput(BuildOutputType type, String path) {
    Path p = Path.of(path);
    return switch (type) {
      case AUTO -> new BuildOutput.AutoDetect(p);
      case EXPLODED -> new BuildOutput.Exploded(p, Optional.empty());
      case THIN_JAR -> new BuildOutput.ThinJar(p);
      case SPRING_BOOT_JAR -> new BuildOutput.SpringBootJar(p);
      case WAR -> new BuildOutput.War(p, Optional.empty());
    };
  }

  private static ContainerSettings container(ImageSettings s) {
    ContainerSettings.Builder c = ContainerSettings.builder()
        .mainClass(s.mainClass())
        .jvmFlags(s.jvmFlags())
        .environment(pairs(s.environment()))
        .ports(s.ports())
        .labels(pairs(s.labels()));
    if (!s.platforms().isEmpty()) {
      c.platforms(s.platforms());
    }
    return c.build();
  }

  private static Map<String, String> pairs(List<String> entries) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String e : entries) {
      int eq = e.indexOf('=');
      map.put(e.substring(0, eq).trim(), e.substring(eq + 1));
    }
    return map;
  }

  private static BuildMetadata metadata(BuildFacts facts) {
    // Only facts the build has; nothing invented, so the same inputs keep the same digest.
    return new BuildMetadata(facts.variable("GIT_URL").map(RequestFactory::withoutUserInfo),
        facts.variable("GIT_COMMIT"), Optional.empty(), Optional.empty());
  }

  /** A clone URL may carry a user and token ({@code https://user:token@host/repo}); an image label must not. */
  static String withoutUserInfo(String url) {
    return url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", "$1");
  }
}
