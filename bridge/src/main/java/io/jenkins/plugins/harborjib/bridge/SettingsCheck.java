package io.jenkins.plugins.harborjib.bridge;

import io.jenkins.plugins.harborjib.protocol.Verbosity;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.ReferenceRules;
import io.jenkins.plugins.harborjib.engine.tls.TrustMaterial;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks of every setting, each returning what is wrong (naming the field, the value and the fix) or empty. The
 * Jenkins forms call the single-field checks; {@link #validate} runs them all before a push. Names, tags and
 * repositories use the engine's {@link ReferenceRules}, so the form says exactly what the engine would.
 */
public final class SettingsCheck {
  // The engine's own patterns (RequestValidator), repeated here because that class needs Jib, which the controller
  // does not have.
  private static final Pattern SERVER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*}|\\$[A-Za-z_][A-Za-z0-9_]*");
  /** The most tags one push may set (the engine's limit). */
  public static final int MAX_TAGS = 100;
  /** The longest scan wait accepted: a day. */
  public static final int MAX_SCAN_TIMEOUT_SECONDS = 86_400;

  private SettingsCheck() {}

  // ---------------------------------------------------------------------------------------------------------------
  // Servers

  /** A server id: what steps write as {@code server: 'harbor'}. */
  public static Optional<String> serverId(String id) {
    String v = Values.trim(id);
    if (v.isEmpty()) {
      return Optional.of("id is empty: give the server a short name that steps use, e.g. harbor");
    }
    if (!SERVER_ID.matcher(v).matches()) {
      return Optional.of("id '" + v + "' may hold only letters, digits, '.', '_' and '-': e.g. harbor-prod");
    }
    return Optional.empty();
  }

  /** The server URL: {@code https://host[:port]}, no path; plain {@code http://} only with insecure. */
  public static Optional<String> serverUrl(String url, boolean insecure) {
    String v = Values.trim(url);
    if (v.isEmpty()) {
      return Optional.of("url is empty: give the Harbor server's address, e.g. https://harbor.example.com");
    }
    URI uri;
    try {
      uri = new URI(v);
    } catch (URISyntaxException e) {
      return Optional.of("url '" + v + "' is not a URL (" + e.getReason() + "): write it like"
          + " https://harbor.example.com");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      return Optional.of("url '" + v + "' must start with https://, e.g. https://" + (uri.getScheme() == null ? v
          : v.substring(v.indexOf(':') + 1).replaceFirst("^/+", "")));
    }
    if (uri.getHost() == null) {
      return Optional.of("url '" + v + "' has no host name: write it like https://harbor.example.com");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (!path.isEmpty() && !path.equals("/") || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      return Optional.of("url '" + v + "' must be the server's root, without a path: write " + scheme + "://"
          + uri.getRawAuthority() + " and put projects into the project field");
    }
    if (uri.getRawUserInfo() != null) {
      return Optional.of("url must not contain a user name or password: choose credentials instead");
    }
    if (scheme.equals("http") && !insecure) {
      return Optional.of("url '" + v + "' is plain HTTP, which would send the credentials readable by anyone: use"
          + " https://, or turn on insecure for a test server");
    }
    return Optional.empty();
  }

  /** Extra CA certificates: PEM text with one or more {@code CERTIFICATE} blocks; empty is fine. */
  public static Optional<String> caCertificate(String pem) {
    String v = Values.trim(pem);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    try {
      TrustMaterial.parseCertificates(v, "the CA certificate");
      return Optional.empty();
    } catch (PushException e) {
      return Optional.of("caCertificate: " + e.getMessage());
    }
  }

  /** A timeout in seconds: 1 to 3600. */
  public static Optional<String> timeoutSeconds(String field, int seconds) {
    if (seconds < 1 || seconds > 3600) {
      return Optional.of(field + " " + seconds + " is out of range: give 1 to 3600 seconds");
    }
    return Optional.empty();
  }

  /** Everything about a server that can be checked offline. */
  public static List<SettingsException.Problem> validate(ServerSettings server) {
    List<SettingsException.Problem> problems = new ArrayList<>();
    add(problems, "id", serverId(server.id()));
    add(problems, "url", serverUrl(server.url(), server.insecure()));
    add(problems, "caCertificate", caCertificate(server.caCertificate()));
    add(problems, "connectTimeoutSeconds", timeoutSeconds("connectTimeoutSeconds", server.connectTimeoutSeconds()));
    add(problems, "readTimeoutSeconds", timeoutSeconds("readTimeoutSeconds", server.readTimeoutSeconds()));
    if (!server.defaultProject().isEmpty()) {
      add(problems, "defaultProject", ReferenceRules.checkProject("defaultProject", server.defaultProject()));
    }
    if (!server.defaultBaseImage().isEmpty()) {
      add(problems, "defaultBaseImage", ImageReferences.check("defaultBaseImage", server.defaultBaseImage()));
    }
    return problems;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // One field of the step

  /** The project; empty is fine when the server has a default ({@code serverDefault}, may be empty). */
  public static Optional<String> project(String value, String serverDefault) {
    String v = Values.trim(value);
    if (v.isEmpty()) {
      return Values.trim(serverDefault).isEmpty()
          ? Optional.of("project is empty and the server has no default project: give the Harbor project, e.g. app")
          : Optional.empty();
    }
    return ReferenceRules.checkProject("project", v);
  }

  public static Optional<String> repository(String value, String project) {
    return ReferenceRules.checkRepository("repository", Values.trim(value), Values.trim(project).isEmpty() ? null
        : Values.trim(project));
  }

  /**
   * A tag as written, which may use variables ({@code ${BUILD_NUMBER}}): the literal parts are checked with each
   * variable standing for a digit, since its value is known only when the build runs.
   */
  public static Optional<String> tagTemplate(String field, String template) {
    String v = Values.trim(template);
    if (v.isEmpty()) {
      return Optional.of(field + " is empty: give a tag such as latest or ${BUILD_NUMBER}");
    }
    if (!v.contains("$")) {
      return ReferenceRules.checkTag(field, v);
    }
    String sample = VARIABLE.matcher(v).replaceAll("0");
    if (sample.contains("$")) {
      return Optional.of(field + " '" + v + "' has a '$' that does not start a variable: write variables as"
          + " ${NAME}, e.g. ${BUILD_NUMBER}");
    }
    Optional<String> problem = ReferenceRules.checkTag(field, sample);
    return problem.map(p -> field + " '" + v + "' cannot become a valid tag: with its variables filled in, "
        + p.substring(p.indexOf(':') + 1).trim());
  }

  /** Every tag template, and no more than {@value #MAX_TAGS}. */
  public static List<SettingsException.Problem> tags(List<String> templates) {
    List<SettingsException.Problem> problems = new ArrayList<>();
    if (templates.size() > MAX_TAGS) {
      problems.add(new SettingsException.Problem("tags", "tags: " + templates.size() + " tags are too many; give at"
          + " most " + MAX_TAGS));
    }
    for (int i = 0; i < templates.size(); i++) {
      String field = "tags[" + i + "]";
      add(problems, field, tagTemplate(field, templates.get(i)));
    }
    return problems;
  }

  public static Optional<String> baseImage(String value, String serverDefault) {
    String v = Values.trim(value);
    if (v.isEmpty()) {
      return Values.trim(serverDefault).isEmpty()
          ? Optional.of("baseImage is empty and the server has no default base image: give one, e.g."
              + " base/jre17:17 (a project/repository:tag on the Harbor server)")
          : Optional.empty();
    }
    return ImageReferences.check("baseImage", v);
  }

  public static Optional<String> buildOutputType(String value) {
    return BuildOutputType.named(value).isPresent() ? Optional.empty()
        : Optional.of("buildOutputType '" + Values.trim(value) + "' is not one of " + BuildOutputType.names());
  }

  /** A path in the workspace, relative, without {@code ..}; the jar and war types need one. */
  public static Optional<String> buildOutput(String value, String type) {
    String v = Values.trim(value);
    Optional<BuildOutputType> t = BuildOutputType.named(type);
    if (v.isEmpty()) {
      if (t.isPresent() && t.get().defaultPath().isEmpty()) {
        return Optional.of("buildOutput is empty: the " + t.get().id() + " type needs the file's path in the"
            + " workspace, e.g. target/" + (t.get() == BuildOutputType.WAR ? "app.war" : "app.jar"));
      }
      return Optional.empty();
    }
    if (v.startsWith("/") || v.startsWith("\\") || v.matches("^[A-Za-z]:[\\\\/].*")) {
      return Optional.of("buildOutput '" + v + "' is an absolute path: give it relative to the workspace, e.g."
          + " target/app.jar or a module folder such as services/api");
    }
    for (String part : v.split("[/\\\\]")) {
      if (part.equals("..")) {
        return Optional.of("buildOutput '" + v + "' leaves the workspace with '..': give a path inside it");
      }
    }
    if (v.contains("$")) {
      return Optional.of("buildOutput '" + v + "' holds a '$': variables are not expanded here; give the path"
          + " itself");
    }
    return Optional.empty();
  }

  public static Optional<String> mainClass(String value) {
    String v = Values.trim(value);
    return v.isEmpty() ? Optional.empty() : ReferenceRules.checkMainClass("mainClass", v);
  }

  public static Optional<String> jvmFlag(String field, String value) {
    String v = Values.trim(value);
    if (v.startsWith("-")) {
      return Optional.empty();
    }
    return Optional.of(field + " '" + v + "' is not a JVM flag: JVM flags start with '-', one per line, e.g."
        + " -Xmx256m");
  }

  /** {@code NAME=value}. */
  public static Optional<String> environmentEntry(String field, String value) {
    String v = Values.trim(value);
    int eq = v.indexOf('=');
    if (eq <= 0) {
      return Optional.of(field + " '" + v + "' must be NAME=value, e.g. TZ=UTC");
    }
    return ReferenceRules.checkEnvironmentName(field, v.substring(0, eq).trim());
  }

  /** {@code 8080}, {@code 8080/tcp}, {@code 53/udp}, {@code 9000-9002}. */
  public static Optional<String> port(String field, String value) {
    return ReferenceRules.checkPort(field, Values.trim(value));
  }

  /** {@code key=value}. */
  public static Optional<String> label(String field, String value) {
    String v = Values.trim(value);
    int eq = v.indexOf('=');
    if (eq <= 0 || v.substring(0, eq).isBlank()) {
      return Optional.of(field + " '" + v + "' must be key=value, e.g. org.opencontainers.image.vendor=Example");
    }
    return Optional.empty();
  }

  public static Optional<String> harborLabel(String field, String value) {
    String v = Values.trim(value);
    if (v.length() > 128) {
      return Optional.of(field + " '" + v.substring(0, 37) + "...' is longer than Harbor's 128 characters");
    }
    return Optional.empty();
  }

  public static Optional<String> platform(String field, String value) {
    return ReferenceRules.checkPlatform(field, Values.trim(value));
  }

  public static Optional<String> verbosity(String value) {
    return verbosityOf(value).isPresent() ? Optional.empty()
        : Optional.of("verbosity '" + Values.trim(value) + "' is not one of quiet, normal, verbose");
  }

  /** The verbosity named {@code value}; blank is normal. */
  public static Optional<Verbosity> verbosityOf(String value) {
    return switch (Values.choice(value)) {
      case "", "normal" -> Optional.of(Verbosity.NORMAL);
      case "quiet" -> Optional.of(Verbosity.QUIET);
      case "verbose" -> Optional.of(Verbosity.VERBOSE);
      default -> Optional.empty();
    };
  }

  public static Optional<String> scanThreshold(String value) {
    return switch (Values.choice(value)) {
      case "critical", "high", "medium", "low" -> Optional.empty();
      default -> Optional.of("scanGate.threshold '" + Values.trim(value) + "' is not one of CRITICAL, HIGH, MEDIUM,"
          + " LOW");
    };
  }

  public static Optional<String> scanOnViolation(String value) {
    return switch (Values.choice(value)) {
      case "fail", "unstable" -> Optional.empty();
      default -> Optional.of("scanGate.onViolation '" + Values.trim(value) + "' is not FAIL or UNSTABLE");
    };
  }

  public static Optional<String> scanTimeoutSeconds(int seconds) {
    if (seconds < 1 || seconds > MAX_SCAN_TIMEOUT_SECONDS) {
      return Optional.of("scanGate.timeoutSeconds " + seconds + " is out of range: give 1 to "
          + MAX_SCAN_TIMEOUT_SECONDS + " seconds (600 is ten minutes)");
    }
    return Optional.empty();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The whole step against its server

  /** Every problem of {@code settings} for a push to {@code server}, each naming its field; empty when none. */
  public static List<SettingsException.Problem> validate(ImageSettings s, ServerSettings server) {
    List<SettingsException.Problem> problems = new ArrayList<>();
    String project = s.project().isEmpty() ? server.defaultProject() : s.project();
    add(problems, "project", project(s.project(), server.defaultProject()));
    if (!s.project().isEmpty() || !project.isEmpty()) {
      add(problems, "project", ReferenceRules.checkProject("project", project));
    }
    add(problems, "repository", repository(s.repository(), project));
    problems.addAll(tags(s.tags()));
    add(problems, "baseImage", baseImage(s.baseImage(), server.defaultBaseImage()));
    add(problems, "buildOutputType", buildOutputType(s.buildOutputType()));
    add(problems, "buildOutput", buildOutput(s.buildOutput(), s.buildOutputType()));
    add(problems, "mainClass", mainClass(s.mainClass()));
    each(problems, "jvmFlags", s.jvmFlags(), SettingsCheck::jvmFlag);
    each(problems, "environment", s.environment(), SettingsCheck::environmentEntry);
    each(problems, "ports", s.ports(), SettingsCheck::port);
    each(problems, "labels", s.labels(), SettingsCheck::label);
    each(problems, "harborLabels", s.harborLabels(), SettingsCheck::harborLabel);
    each(problems, "platforms", s.platforms(), SettingsCheck::platform);
    add(problems, "verbosity", verbosity(s.verbosity()));
    if (s.scanGate().isPresent()) {
      ScanGateSettings g = s.scanGate().get();
      add(problems, "scanGate.threshold", scanThreshold(g.threshold()));
      add(problems, "scanGate.onViolation", scanOnViolation(g.onViolation()));
      add(problems, "scanGate.timeoutSeconds", scanTimeoutSeconds(g.timeoutSeconds()));
    }
    if (!server.harborApi()) {
      if (s.createProject()) {
        problems.add(new SettingsException.Problem("createProject", "createProject needs Harbor's API, which is"
            + " turned off for server '" + server.id() + "': create the project in Harbor, or turn the server's"
            + " Harbor API checks on"));
      }
      if (!s.harborLabels().isEmpty()) {
        problems.add(new SettingsException.Problem("harborLabels", "harborLabels need Harbor's API, which is turned"
            + " off for server '" + server.id() + "'"));
      }
      if (s.scanGate().isPresent()) {
        problems.add(new SettingsException.Problem("scanGate", "scanGate needs Harbor's API, which is turned off"
            + " for server '" + server.id() + "'"));
      }
    }
    String base = s.baseImage().isEmpty() ? server.defaultBaseImage() : s.baseImage();
    Optional<String> registry = server.registryHost();
    if (server.insecure() && registry.isPresent() && !base.isEmpty()) {
      String baseRegistry = ImageReferences.parse(ImageReferences.qualify(base, registry.get())).registry();
      if (!baseRegistry.equals(registry.get())) {
        problems.add(new SettingsException.Problem("baseImage", "server '" + server.id() + "' is insecure, but the"
            + " base image " + base + " comes from " + baseRegistry + ", which would lose TLS verification too:"
            + " copy the base image into " + registry.get() + " (e.g. a Harbor proxy-cache project) or turn insecure"
            + " off"));
      }
    }
    return dedupe(problems);
  }

  private interface EntryCheck {
    Optional<String> check(String field, String value);
  }

  private static void each(List<SettingsException.Problem> problems, String name, List<String> values,
      EntryCheck check) {
    for (int i = 0; i < values.size(); i++) {
      String field = name + "[" + i + "]";
      add(problems, field, check.check(field, values.get(i)));
    }
  }

  private static void add(List<SettingsException.Problem> problems, String field, Optional<String> message) {
    message.ifPresent(m -> problems.add(new SettingsException.Problem(field, m)));
  }

  private static List<SettingsException.Problem> dedupe(List<SettingsException.Problem> problems) {
    Set<String> seen = new HashSet<>();
    List<SettingsException.Problem> out = new ArrayList<>();
    for (SettingsException.Problem p : problems) {
      if (seen.add(p.message())) {
        out.add(p);
      }
    }
    return out;
  }
}
