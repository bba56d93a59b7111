package io.jenkins.plugins.harborjib.cli;

import io.jenkins.plugins.harborjib.protocol.ProtocolRequest;
import io.jenkins.plugins.harborjib.protocol.TimeValues;
import io.jenkins.plugins.harborjib.engine.BaseImage;
import io.jenkins.plugins.harborjib.engine.BuildMetadata;
import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.ContainerSettings;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.HarborSettings;
import io.jenkins.plugins.harborjib.engine.ImageFormat;
import io.jenkins.plugins.harborjib.engine.ImageTarget;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.PushRequest;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import io.jenkins.plugins.harborjib.engine.harbor.Severity;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns {@code push}'s flags into a {@link ProtocolRequest}, the same value the JSON protocol yields, reading
 * passwords from standard input or files. Checks what only the flags can get wrong (missing flags, NAME=VALUE
 * syntax, contradictions); names, tags and paths are the engine's to check, before any network call.
 */
final class FlagRequest {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)?");

  private final PushCommand flags;
  private final CliContext context;
  private boolean stdinUsed;

  FlagRequest(PushCommand flags, CliContext context) {
    this.flags = flags;
    this.context = context;
  }

  ProtocolRequest build() throws PushException {
    requireFlags();
    ImageTarget target = new ImageTarget(flags.target.registry, flags.target.project, flags.target.repository,
        flags.target.tags);
    PushRequest.Builder push = PushRequest.builder(buildOutput(), baseImage(), target)
        .container(container())
        .metadata(metadata())
        .tls(tls());
    Optional<Credentials> credentials = credentials("--username", flags.credentials.username,
        flags.credentials.passwordStdin, "--password-stdin", flags.credentials.passwordFile, "--password-file",
        target.registry());
    push.credentials(credentials.orElse(null));
    push.cacheDirectory(flags.network.cacheDirectory);
    if (flags.network.httpTimeout != null) {
      push.httpTimeout(duration("--http-timeout", flags.network.httpTimeout));
    }
    push.harbor(harbor());
    return ProtocolRequest.of(push.build());
  }

  private HarborSettings harbor() throws PushException {
    PushCommand.Harbor h = flags.harbor;
    if (h.required && h.off) {
      throw PushException.invalid("--harbor", "--harbor and --no-harbor contradict each other: give one");
    }
    HarborSettings settings = h.off ? HarborSettings.OFF : h.required ? HarborSettings.REQUIRED : HarborSettings.AUTO;
    if (h.url != null) {
      settings = settings.withUrl(harborUrl(h.url));
    }
    if (h.noPreflight) {
      settings = settings.withPreflight(false);
    }
    if ((h.publicProject || h.autoScan) && !h.createProject) {
      throw PushException.invalid(h.publicProject ? "--public-project" : "--auto-scan",
          (h.publicProject ? "--public-project" : "--auto-scan") + " applies to a project the push creates: add "
              + "--create-project, or set it in Harbor");
    }
    settings = settings.withCreateProject(h.createProject, h.publicProject,
        h.autoScan ? Optional.of(true) : Optional.empty());
    settings = settings.withLabels(h.labels);
    if (h.scanGate == null) {
      if (h.scanUnstable || !h.scanAllow.isEmpty() || h.scanTimeout != null || h.noScanTrigger || h.sbom) {
        throw PushException.invalid("--scan-gate", "--scan-unstable, --scan-allow, --scan-timeout, "
            + "--no-scan-trigger and --sbom belong to the vulnerability gate: add --scan-gate SEVERITY");
      }
    } else {
      Severity threshold;
      try {
        threshold = Severity.threshold(h.scanGate);
      } catch (IllegalArgumentException e) {
        throw PushException.invalid("--scan-gate", "--scan-gate '" + h.scanGate + "' is not one of critical, high,"
            + " medium, low");
      }
      Duration timeout = h.scanTimeout == null ? HarborSettings.ScanGate.DEFAULT_TIMEOUT
          : duration("--scan-timeout", h.scanTimeout);
      settings = settings.withScan(new HarborSettings.ScanGate(threshold,
          h.scanUnstable ? HarborSettings.OnViolation.UNSTABLE : HarborSettings.OnViolation.FAIL,
          new java.util.LinkedHashSet<>(h.scanAllow), timeout, !h.noScanTrigger, h.sbom));
    }
    return settings;
  }

  private static java.net.URI harborUrl(String text) throws PushException {
    try {
      java.net.URI uri = new java.net.URI(text.strip());
      if (uri.getHost() != null && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
        return uri;
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    throw PushException.invalid("--harbor-url", "--harbor-url '" + text + "' is not Harbor's address: write it as "
        + "https://harbor.example.com");
  }

  private void requireFlags() throws PushException {
    List<String> missing = new ArrayList<>();
    if (blank(flags.target.registry)) {
      missing.add("--registry");
    }
    if (blank(flags.target.project)) {
      missing.add("--project");
    }
    if (blank(flags.target.repository)) {
      missing.add("--repository");
    }
    if (flags.target.tags.isEmpty()) {
      missing.add("--tag");
    }
    if (blank(flags.base.image)) {
      missing.add("--from");
    }
    if (!missing.isEmpty()) {
      throw PushException.invalid(missing.get(0), "missing " + String.join(", ", missing)
          + ": a push needs the registry, project, repository, at least one tag and the base image, e.g. "
          + "--registry harbor.example.com --project app --repository demo --tag 42 "
          + "--from harbor.example.com/base/jre17:17");
    }
  }

  private BaseImage baseImage() throws PushException {
    Optional<Credentials> credentials = credentials("--from-username", flags.base.username,
        flags.base.passwordStdin, "--from-password-stdin", flags.base.passwordFile, "--from-password-file",
        "the base image's registry");
    return credentials.isPresent() ? BaseImage.of(flags.base.image, credentials.get()) : BaseImage.of(flags.base.image);
  }

  private Optional<Credentials> credentials(String userFlag, String user, boolean stdin, String stdinFlag,
      Path file, String fileFlag, String registry) throws PushException {
    if (stdin && file != null) {
      throw PushException.invalid(stdinFlag, "give " + stdinFlag + " or " + fileFlag + ", not both");
    }
    if (user == null) {
      if (stdin || file != null) {
        throw PushException.invalid(userFlag, (stdin ? stdinFlag : fileFlag) + " needs " + userFlag
            + " to say whose password it is");
      }
      return Optional.empty();
    }
    char[] password;
    if (stdin) {
      if (stdinUsed) {
        throw PushException.invalid(stdinFlag, "standard input can hold only one password: give the other with "
            + "--password-file or --from-password-file");
      }
      stdinUsed = true;
      password = readStdin(stdinFlag, "Password for " + user + " at " + registry + ": ");
    } else if (file != null) {
      password = readFile(fileFlag, file);
    } else {
      throw PushException.invalid(userFlag, userFlag + " '" + user + "' needs a password or token: give it with "
          + stdinFlag + " or " + fileFlag + " (never on the command line)");
    }
    try {
      if (password.length == 0) {
        throw PushException.invalid(stdin ? stdinFlag : fileFlag, "the password for '" + user + "' read from "
            + (stdin ? "standard input" : fileFlag + " " + file) + " is empty");
      }
      return Optional.of(Credentials.of(user, password));
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private char[] readStdin(String flag, String prompt) throws PushException {
    Optional<char[]> typed = context.prompt().read(prompt);
    if (typed.isPresent()) {
      return SecretInput.trimLineBreaks(typed.get());
    }
    try {
      return SecretInput.read(context.in());
    } catch (CharacterCodingException e) {
      throw PushException.invalid(flag, "the password on standard input is not UTF-8 text");
    } catch (IOException e) {
      throw PushException.invalid(flag, "could not read the password from standard input: "
          + e.getClass().getSimpleName());
    }
  }

  private static char[] readFile(String flag, Path file) throws PushException {
    try {
      return SecretInput.read(file);
    } catch (NoSuchFileException e) {
      throw PushException.invalid(flag, flag + " '" + file + "' does not exist");
    } catch (CharacterCodingException e) {
      throw PushException.invalid(flag, flag + " '" + file + "' is not UTF-8 text");
    } catch (IOException e) {
      throw PushException.invalid(flag, flag + " '" + file + "' cannot be read: " + e.getClass().getSimpleName());
    }
  }

  private BuildOutput buildOutput() throws PushException {
    PushCommand.Output o = flags.output;
    List<String> given = new ArrayList<>();
    if (o.buildOutput != null) {
      given.add("--build-output");
    }
    if (o.exploded != null) {
      given.add("--exploded");
    }
    if (o.thinJar != null) {
      given.add("--thin-jar");
    }
    if (o.springBootJar != null) {
      given.add("--spring-boot-jar");
    }
    if (o.war != null) {
      given.add("--war");
    }
    if (given.size() > 1) {
      throw PushException.invalid(given.get(1), "give one build output, not " + String.join(" and ", given));
    }
    if (o.dependencies != null && o.exploded == null) {
      throw PushException.invalid("--dependencies", "--dependencies goes with --exploded CLASSES");
    }
    if (o.warAppRoot != null && o.war == null) {
      throw PushException.invalid("--war-app-root", "--war-app-root goes with --war WAR");
    }
    if (o.exploded != null) {
      return new BuildOutput.Exploded(o.exploded, Optional.ofNullable(o.dependencies));
    } else if (o.thinJar != null) {
      return new BuildOutput.ThinJar(o.thinJar);
    } else if (o.springBootJar != null) {
      return new BuildOutput.SpringBootJar(o.springBootJar);
    } else if (o.war != null) {
      return new BuildOutput.War(o.war, Optional.ofNullable(o.warAppRoot));
    }
    return new BuildOutput.AutoDetect(o.buildOutput != null ? o.buildOutput : Path.of("."));
  }

  private ContainerSettings container() throws PushException {
    PushCommand.Container c = flags.container;
    ContainerSettings.Builder b = ContainerSettings.builder()
        .mainClass(c.mainClass)
        .jvmFlags(c.jvmFlags)
        .programArguments(c.args)
        .environment(keyValues("--env", c.environment))
        .ports(c.ports)
        .labels(keyValues("--label", c.labels))
        .user(c.user)
        .workingDirectory(c.workingDirectory)
        .volumes(c.volumes);
    if (c.format != null) {
      b.format(switch (c.format.strip().toLowerCase(Locale.ROOT)) {
        case "docker" -> ImageFormat.DOCKER;
        case "oci" -> ImageFormat.OCI;
        default -> throw PushException.invalid("--format", "--format '" + c.format + "' is not docker or oci");
      });
    }
    if (!c.platforms.isEmpty()) {
      b.platforms(c.platforms);
    }
    if (c.creationTime != null) {
      b.creationTime(TimeValues.creationTime("--creation-time", c.creationTime, context.clock()).orElse(null));
    }
    if (c.appRoot != null) {
      b.appRoot(c.appRoot);
    }
    if (c.dependencyLayers != null) {
      b.dependencyLayers(c.dependencyLayers);
    }
    return b.build();
  }

  private BuildMetadata metadata() throws PushException {
    PushCommand.Metadata m = flags.metadata;
    Optional<Instant> created = Optional.empty();
    if (m.created != null) {
      created = Optional.of(TimeValues.instant("--created", m.created, context.clock()));
    }
    return new BuildMetadata(Optional.ofNullable(m.source), Optional.ofNullable(m.revision),
        Optional.ofNullable(m.version), created);
  }

  private TlsSettings tls() throws PushException {
    TlsSettings tls = TlsSettings.DEFAULT;
    Path caFile = flags.network.caFile;
    if (caFile != null) {
      tls = TlsSettings.fromCaFile("--ca-file", caFile);
    }
    return tls.withInsecure(flags.network.insecure);
  }

  /** {@code NAME=VALUE} pairs in the order given; the value may contain '=' and may be empty. */
  static Map<String, String> keyValues(String flag, List<String> pairs) throws PushException {
    Map<String, String> map = new LinkedHashMap<>();
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw PushException.invalid(flag, flag + " '" + pair + "' is not NAME=VALUE");
      }
      String name = pair.substring(0, eq);
      if (map.put(name, pair.substring(eq + 1)) != null) {
        throw PushException.invalid(flag, flag + " gives " + name + " twice");
      }
    }
    return map;
  }

  /** {@code 30s}, {@code 1500ms}, {@code 2m}, a bare number of seconds, or ISO-8601 ({@code PT30S}). */
  static Duration duration(String flag, String text) throws PushException {
    String value = text.strip().toLowerCase(Locale.ROOT);
    Duration d;
    Matcher m = DURATION.matcher(value);
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        d = switch (unit) {
          case "ms" -> Duration.ofMillis(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofSeconds(n);
        };
      } else {
        d = Duration.parse(value.toUpperCase(Locale.ROOT));
      }
    } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
      d = null;
    }
    if (d == null || d.isNegative() || d.isZero()) {
      throw PushException.invalid(flag, flag + " '" + text + "' is not a positive duration such as 30s, 1500ms "
          + "or 2m");
    }
    return d;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
