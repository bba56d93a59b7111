package io.jenkins.plugins.harborjib.cli;

import io.jenkins.plugins.harborjib.protocol.ExitCode;
import io.jenkins.plugins.harborjib.protocol.LineJson;
import io.jenkins.plugins.harborjib.protocol.ProtocolLine;
import io.jenkins.plugins.harborjib.protocol.ProtocolRequest;
import io.jenkins.plugins.harborjib.protocol.RequestJson;
import io.jenkins.plugins.harborjib.protocol.Verbosity;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.PushResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code harbor-jib push}: flags for people, or {@code --protocol json} for programs. */
@Command(
    name = "push",
    sortOptions = false,
    usageHelpWidth = 110,
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    synopsisHeading = "",
    customSynopsis = {
        "Usage: harbor-jib push --registry=HOST[:PORT] --project=NAME --repository=NAME --tag=TAG[,TAG...]",
        "                       --from=IMAGE [--username=USER (--password-stdin | --password-file=FILE)]",
        "                       [--build-output=DIR | --exploded=DIR [--dependencies=DIR] | --thin-jar=JAR |",
        "                        --spring-boot-jar=JAR | --war=WAR [--war-app-root=PATH]] [OPTIONS]",
        "   or: harbor-jib push --protocol=json < request.json",
    },
    header = "Build an image from a Maven build's output and push it to a registry.",
    description = {
        "",
        "Builds a container image from a Maven build's output with Jib, without a Docker daemon, and pushes it to "
            + "<registry>/<project>/<repository> under every tag. Progress goes to standard error; the pushed "
            + "reference (registry/project/repository@sha256:...) and a summary go to standard output.",
        "",
        "Passwords and tokens are never taken as flag values or from the environment: give them on standard input "
            + "(--password-stdin) or in a file (--password-file).",
    },
    footerHeading = "%n",
    footer = {
        "Exit codes:",
        "  0  pushed",
        "  1  internal error (a harbor-jib defect)",
        "  2  bad flags or request: nothing was sent",
        "  3  authentication: the registry rejected the credentials or the push",
        "  4  TLS: the registry's certificate is not trusted (see --ca-file)",
        "  5  network: the registry could not be reached",
        "  6  registry: the registry answered with an error",
        "  7  the Harbor project does not exist",
        "  8  cancelled",
        "  9  permission denied: the user may not push to the project",
        " 10  the Harbor project's quota is full",
        " 11  pushed, but the vulnerability gate failed (--scan-gate)",
        " 12  pushed, but the vulnerability gate marked it unstable (--scan-unstable)",
        "",
        "Examples:",
        "  # A Harbor robot account; single quotes keep the shell from expanding $app",
        "  harbor-jib push --registry harbor.example.com --project app --repository demo --tag 42,latest \\",
        "      --from harbor.example.com/base/jre17:17 --username 'robot$app+ci' --password-file ~/.harbor-token",
        "",
        "  # The token from a variable, through standard input; a Spring Boot jar; OCI labels",
        "  printf '%%s' \"$HARBOR_TOKEN\" | harbor-jib push --registry harbor.example.com --project app \\",
        "      --repository demo --tag \"$BUILD_NUMBER\" --from harbor.example.com/base/jre17:17 \\",
        "      --username 'robot$app+ci' --password-stdin --spring-boot-jar target/demo-1.0.0.jar \\",
        "      --source-url https://git.example.com/app/demo --revision \"$GIT_COMMIT\" --app-version 1.0.0",
        "",
        "  # Only the reference on standard output, for a script",
        "  ref=$(harbor-jib push --quiet ... ) && kubectl set image deployment/demo demo=\"$ref\"",
        "",
        "More: docs/cli.md (people), docs/cli-protocol.md (programs)."
    })
final class PushCommand implements Callable<Integer> {

  /** How the command talks: flags and text, or a JSON request and JSON lines. */
  enum ProtocolMode {
    human,
    json
  }

  /** The outcome reported when the process is stopped before the push ends; nothing is reported if it ended. */
  static final ProtocolLine.Failure STOPPED = new ProtocolLine.Failure(ErrorKind.CANCELLED, Optional.empty(),
      "harbor-jib was stopped before the push finished: layers may have been uploaded, and tags may or may not "
          + "point at the new image");

  private final CliContext context;

  @Spec
  CommandSpec spec;

  @Option(names = "--protocol", paramLabel = "human|json", defaultValue = "human",
      description = "json: read one JSON request from standard input and write JSON lines to standard output "
          + "(docs/cli-protocol.md); no other flag is allowed then. Default: ${DEFAULT-VALUE}.")
  ProtocolMode protocol = ProtocolMode.human;

  @ArgGroup(validate = false, heading = "%nTarget (required):%n", order = 1)
  Target target = new Target();

  @ArgGroup(validate = false, heading = "%nCredentials for the target registry:%n", order = 2)
  TargetCredentials credentials = new TargetCredentials();

  @ArgGroup(validate = false, heading = "%nBase image (--from is required):%n", order = 3)
  Base base = new Base();

  @ArgGroup(validate = false, heading = "%nBuild output (one of; default: --build-output .):%n", order = 4)
  Output output = new Output();

  @ArgGroup(validate = false, heading = "%nContainer:%n", order = 5)
  Container container = new Container();

  @ArgGroup(validate = false, heading = "%nBuild metadata (OCI org.opencontainers.image.* labels):%n", order = 6)
  Metadata metadata = new Metadata();

  @ArgGroup(validate = false, heading = "%nTLS and network:%n", order = 7)
  Network network = new Network();

  @ArgGroup(validate = false, heading = "%nHarbor (default: asks the registry whether it is Harbor):%n", order = 8)
  Harbor harbor = new Harbor();

  @ArgGroup(validate = false, heading = "%nReporting:%n", order = 9)
  Reporting reporting = new Reporting();

  @ArgGroup(validate = false, order = 10)
  SecretTraps traps = new SecretTraps();

  PushCommand(CliContext context) {
    this.context = context;
  }

  static final class Target {
    @Option(names = "--registry", paramLabel = "HOST[:PORT]", order = 1,
        description = "Registry host, e.g. harbor.example.com or localhost:5000; no scheme.")
    String registry;

    @Option(names = "--project", paramLabel = "NAME", order = 2,
        description = "Harbor project: the first component of the repository path.")
    String project;

    @Option(names = "--repository", paramLabel = "NAME", order = 3,
        description = "Repository inside the project; may contain '/'.")
    String repository;

    @Option(names = {"-t", "--tag"}, paramLabel = "TAG", split = ",", order = 4,
        description = "Tag to push; repeat it or give a comma list. The first is the primary one.")
    List<String> tags = new ArrayList<>();
  }

  static final class TargetCredentials {
    @Option(names = {"-u", "--username"}, paramLabel = "USER", order = 1,
        description = "User name, e.g. 'robot$app+ci' (single quotes in shells). Without it the push is "
            + "anonymous.")
    String username;

    @Option(names = "--password-stdin", order = 2,
        description = "Read the password or token from standard input (to its end; trailing line breaks are "
            + "dropped). On a terminal, prompts for it.")
    boolean passwordStdin;

    @Option(names = "--password-file", paramLabel = "FILE", order = 3,
        description = "Read the password or token from FILE (UTF-8; trailing line breaks are dropped).")
    Path passwordFile;
  }

  static final class Base {
    @Option(names = "--from", paramLabel = "IMAGE", order = 1,
        description = "Base image, e.g. harbor.example.com/base/jre17:17 or ...@sha256:<digest> to pin it.")
    String image;

    @Option(names = "--from-username", paramLabel = "USER", order = 2,
        description = "User for the base image's registry, if not the target's credentials (used when the base "
            + "image is in the target registry) or an anonymous pull.")
    String username;

    @Option(names = "--from-password-stdin", order = 3,
        description = "Read the base image registry's password from standard input.")
    boolean passwordStdin;

    @Option(names = "--from-password-file", paramLabel = "FILE", order = 4,
        description = "Read the base image registry's password from FILE.")
    Path passwordFile;
  }

  static final class Output {
    @Option(names = "--build-output", paramLabel = "DIR", order = 1,
        description = "Maven module folder (or its target/) to detect the output in: a war, a Spring Boot jar, a "
            + "thin jar with Main-Class, or target/classes.")
    Path buildOutput;

    @Option(names = "--exploded", paramLabel = "CLASSES", order = 2,
        description = "Compiled classes and resources, e.g. target/classes.")
    Path exploded;

    @Option(names = "--dependencies", paramLabel = "DIR", order = 3,
        description = "With --exploded: the dependency jars, e.g. target/dependency.")
    Path dependencies;

    @Option(names = "--thin-jar", paramLabel = "JAR", order = 4,
        description = "A jar whose manifest has Main-Class and a Class-Path to its dependencies.")
    Path thinJar;

    @Option(names = "--spring-boot-jar", paramLabel = "JAR", order = 5,
        description = "A Spring Boot executable jar; layered by its BOOT-INF/layers.idx when present.")
    Path springBootJar;

    @Option(names = "--war", paramLabel = "WAR", order = 6,
        description = "A war, exploded into the base image's web-app folder (Jetty and Tomcat conventions).")
    Path war;

    @Option(names = "--war-app-root", paramLabel = "PATH", order = 7,
        description = "With --war: where it goes in the image, e.g. /usr/local/tomcat/webapps/ROOT.")
    String warAppRoot;
  }

  static final class Container {
    @Option(names = "--main-class", paramLabel = "CLASS", order = 1,
        description = "Main class; default: from the manifest, or found in the classes.")
    String mainClass;

    @Option(names = "--jvm-flag", paramLabel = "FLAG", order = 2,
        description = "JVM flag for the entrypoint, e.g. -XX:MaxRAMPercentage=75; repeatable.")
    List<String> jvmFlags = new ArrayList<>();

    @Option(names = "--arg", paramLabel = "ARG", order = 3,
        description = "Program argument after the main class; repeatable.")
    List<String> args = new ArrayList<>();

    @Option(names = "--env", paramLabel = "NAME=VALUE", order = 4,
        description = "Environment variable of the image; repeatable. Not for secrets: it is in the image.")
    List<String> environment = new ArrayList<>();

    @Option(names = "--port", paramLabel = "PORT", split = ",", order = 5,
        description = "Exposed port: 8080, 8080/tcp, 53/udp, 9000-9002; repeatable or a comma list.")
    List<String> ports = new ArrayList<>();

    @Option(names = "--label", paramLabel = "NAME=VALUE", order = 6,
        description = "Image label; repeatable.")
    List<String> labels = new ArrayList<>();

    @Option(names = "--user", paramLabel = "USER[:GROUP]", order = 7,
        description = "User (name or uid) the container runs as; default: the base image's.")
    String user;

    @Option(names = "--workdir", paramLabel = "DIR", order = 8,
        description = "Working directory of the container.")
    String workingDirectory;

    @Option(names = "--volume", paramLabel = "DIR", split = ",", order = 9,
        description = "Volume mount point; repeatable.")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--format", paramLabel = "docker|oci", order = 10,
        description = "Manifest format; default: docker.")
    String format;

    @Option(names = "--platform", paramLabel = "OS/ARCH", split = ",", order = 11,
        description = "Platform to build, e.g. linux/amd64, linux/arm64; repeatable. Default: linux/amd64.")
    List<String> platforms = new ArrayList<>();

    @Option(names = "--creation-time", paramLabel = "TIME", order = 12,
        description = "EPOCH (default: same inputs, same digest), USE_CURRENT_TIMESTAMP, or an ISO-8601 time "
            + "such as 2025-11-27T20:54:00Z.")
    String creationTime;

    @Option(names = "--app-root", paramLabel = "PATH", order = 13,
        description = "Folder for the application's files in the image (not for wars); default: /app.")
    String appRoot;

    @Option(names = "--dependency-layers", paramLabel = "N", order = 14,
        description = "Layers the release dependency jars are spread over, by groupId:artifactId, so an upgrade "
            + "uploads one of them again; 1 to 32, default: 8. 1 keeps one dependencies layer, as Jib does.")
    Integer dependencyLayers;
  }

  static final class Metadata {
    @Option(names = "--source-url", paramLabel = "URL", order = 1,
        description = "Source repository URL: org.opencontainers.image.source.")
    String source;

    @Option(names = "--revision", paramLabel = "REV", order = 2,
        description = "Source revision, e.g. the commit id: org.opencontainers.image.revision.")
    String revision;

    @Option(names = "--app-version", paramLabel = "VERSION", order = 3,
        description = "Version of the packaged application: org.opencontainers.image.version.")
    String version;

    @Option(names = "--created", paramLabel = "TIME", order = 4,
        description = "When the application was built: an ISO-8601 time or USE_CURRENT_TIMESTAMP. Label "
            + "org.opencontainers.image.created.")
    String created;
  }

  static final class Network {
    @Option(names = "--ca-file", paramLabel = "PEM", order = 1,
        description = "CA certificate(s) to trust for the registries of this push, in addition to the JVM's, "
            + "e.g. a private Harbor CA.")
    Path caFile;

    @Option(names = "--insecure", order = 2,
        description = "Allow plain HTTP and unverified TLS, and send credentials over HTTP. Test registries "
            + "only.")
    boolean insecure;

    @Option(names = "--http-timeout", paramLabel = "DURATION", order = 3,
        description = "Connect and read timeout: 30s, 1500ms, 2m (a bare number is seconds). Default: 20s.")
    String httpTimeout;

    @Option(names = "--cache-dir", paramLabel = "DIR", order = 4,
        description = "Layer cache, safe to share between concurrent pushes. Default: .cache/harbor-jib in the "
            + "home folder.")
    Path cacheDirectory;
  }

  static final class Harbor {
    @Option(names = "--harbor", order = 1,
        description = "The registry is Harbor: check before pushing (credentials, project, push permission, "
            + "quota) and confirm the artifact afterwards; fail if it is not Harbor.")
    boolean required;

    @Option(names = "--no-harbor", order = 2,
        description = "A plain OCI registry: never call Harbor's API.")
    boolean off;

    @Option(names = "--harbor-url", paramLabel = "URL", order = 3,
        description = "Harbor's address, if not https://<registry>.")
    String url;

    @Option(names = "--no-preflight", order = 4,
        description = "Skip the checks before the push (problems then show up while uploading).")
    boolean noPreflight;

    @Option(names = "--create-project", order = 5,
        description = "Create the project if it is missing (private unless --public-project).")
    boolean createProject;

    @Option(names = "--public-project", order = 6, description = "With --create-project: make it public.")
    boolean publicProject;

    @Option(names = "--auto-scan", order = 7,
        description = "With --create-project: scan images on push.")
    boolean autoScan;

    @Option(names = "--harbor-label", paramLabel = "NAME", split = ",", order = 8,
        description = "Attach this existing Harbor label to the pushed artifact; repeatable.")
    List<String> labels = new ArrayList<>();

    @Option(names = "--scan-gate", paramLabel = "SEVERITY", order = 9,
        description = "Wait for Harbor's vulnerability scan and fail (exit 11) on a vulnerability of this "
            + "severity or worse: critical, high, medium or low.")
    String scanGate;

    @Option(names = "--scan-unstable", order = 10,
        description = "With --scan-gate: mark the result unstable (exit 12) instead of failing.")
    boolean scanUnstable;

    @Option(names = "--scan-allow", paramLabel = "CVE", split = ",", order = 11,
        description = "With --scan-gate: never count this vulnerability id; repeatable.")
    List<String> scanAllow = new ArrayList<>();

    @Option(names = "--scan-timeout", paramLabel = "DURATION", order = 12,
        description = "With --scan-gate: how long to wait for the scan, e.g. 10m (the default).")
    String scanTimeout;

    @Option(names = "--no-scan-trigger", order = 13,
        description = "With --scan-gate: do not start a scan; wait for the project's automatic scan.")
    boolean noScanTrigger;

    @Option(names = "--sbom", order = 14,
        description = "With --scan-gate: also ask Harbor to generate an SBOM (Harbor 2.11 or later).")
    boolean sbom;
  }

  static final class Reporting {
    @Option(names = "--result-file", paramLabel = "FILE", order = 1,
        description = "Also write the result (or the error) as JSON to FILE, in the shape of the JSON protocol's "
            + "last line.")
    Path resultFile;

    @Option(names = {"-q", "--quiet"}, order = 2,
        description = "Only warnings on standard error; only the pushed reference on standard output.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, order = 3, description = "Debug detail and per-layer byte progress.")
    boolean verbose;
  }

  /** Flags people may try for a password: refused without echoing the value (it would end up in a log). */
  static final class SecretTraps {
    @Option(names = {"-p", "--password", "--from-password", "--proxy-password", "--token"}, hidden = true,
        arity = "0..1", paramLabel = "SECRET")
    List<String> passwordFlags = new ArrayList<>();
  }

  @Override
  public Integer call() {
    if (protocol == ProtocolMode.json) {
      return runJson(spec.commandLine().getParseResult().matchedOptions().stream()
          .map(OptionSpec::longestName)
          .filter(name -> !name.equals("--protocol"))
          .distinct()
          .toList());
    }
    return runHuman();
  }

  // People.

  private int runHuman() {
    Verbosity verbosity = reporting.quiet ? Verbosity.QUIET : reporting.verbose ? Verbosity.VERBOSE : Verbosity.NORMAL;
    Redactor redactor = new Redactor();
    HumanReporter reporter = new HumanReporter(context.out(), context.err(), verbosity, redactor);
    Optional<Path> resultFile = Optional.ofNullable(reporting.resultFile);
    ProtocolRequest request;
    try {
      if (!traps.passwordFlags.isEmpty()) {
        throw PushException.invalid("--password", "harbor-jib takes no password on the command line, where "
            + "process listings and shell history keep it: use --password-stdin or --password-file (and "
            + "--from-password-stdin or --from-password-file for the base image)");
      }
      if (reporting.quiet && reporting.verbose) {
        throw PushException.invalid("--quiet", "--quiet and --verbose contradict each other: give one");
      }
      if (resultFile.isPresent()) {
        prepareResultFile(resultFile.get());
      }
      request = new FlagRequest(this, context).build().withVerbosity(verbosity);
    } catch (PushException e) {
      ProtocolLine.Failure failure = ProtocolLine.Failure.of(e);
      reporter.failure(failure, Optional.empty());
      resultFile.ifPresent(f -> writeResultFile(f, failure, reporter));
      return failure.exitCode().code();
    }
    ProtocolLine outcome = push(request, redactor, reporter);
    resultFile.ifPresent(f -> writeResultFile(f, outcome, reporter));
    return exitCode(outcome);
  }

  private static void prepareResultFile(Path file) throws PushException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw PushException.invalid("--result-file", "--result-file '" + file + "': folder " + parent
          + " does not exist");
    }
    if (Files.isDirectory(file)) {
      throw PushException.invalid("--result-file", "--result-file '" + file + "' is a folder");
    }
    try {
      // A failed or killed run must not leave an earlier run's result looking like this one's.
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw PushException.invalid("--result-file", "--result-file '" + file + "' cannot be replaced: " + e);
    }
  }

  private void writeResultFile(Path file, ProtocolLine line, HumanReporter reporter) {
    try {
      Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".harbor-jib-result", ".tmp");
      try {
        Files.writeString(temp, LineJson.writePretty(line), StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      context.err().println("WARNING: could not write --result-file " + file + ": " + e);
    }
  }

  // Programs.

  /** Program mode; {@code others}: the flags given besides {@code --protocol}, which it refuses. */
  int runJson(List<String> others) {
    context.divertStrayOutput().run();
    JsonReporter early = new JsonReporter(context.protocolOut(), Verbosity.NORMAL, new Redactor());
    if (!others.isEmpty()) {
      return fail(early, PushException.invalid("arguments", "with --protocol json every setting comes from the "
          + "JSON request on standard input; remove " + String.join(", ", others) + " from the command line"));
    }
    ProtocolRequest request;
    try {
      request = RequestJson.read(context.in(), context.clock());
    } catch (PushException e) {
      return fail(early, e);
    }
    Redactor redactor = new Redactor();
    return exitCode(push(request, redactor, new JsonReporter(context.protocolOut(), request.verbosity(), redactor)));
  }

  private static int fail(Reporter reporter, PushException e) {
    ProtocolLine.Failure failure = ProtocolLine.Failure.of(e);
    reporter.failure(failure, Optional.ofNullable(e.getCause()));
    return failure.exitCode().code();
  }

  // Both.

  /** Sets the process up for the request, pushes, reports the outcome and returns it. */
  private ProtocolLine push(ProtocolRequest request, Redactor redactor, Reporter reporter) {
    redactor.addAll(request);
    // Stopped from outside (SIGTERM, e.g. an aborted Jenkins build): the reader still gets a last line.
    context.shutdownHooks().accept(new Thread(() -> reporter.failure(STOPPED, Optional.empty()),
        "harbor-jib-stopped"));
    ProtocolLine outcome;
    Throwable cause = null;
    try {
      ProcessSettings.apply(request, context.properties(), reporter);
      PushResult result = context.engine().push(request.push(), reporter);
      reporter.result(result);
      return new ProtocolLine.Result(result);
    } catch (PushException e) {
      outcome = ProtocolLine.Failure.of(e);
      cause = e.getCause() != null ? e : null;
    } catch (RuntimeException | Error e) {
      outcome = new ProtocolLine.Failure(ErrorKind.INTERNAL, Optional.empty(),
          "internal error: " + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
      cause = e;
    }
    ProtocolLine.Failure failure = redactor.redact((ProtocolLine.Failure) outcome);
    reporter.failure(failure, Optional.ofNullable(cause));
    return failure;
  }

  private static int exitCode(ProtocolLine outcome) {
    if (outcome instanceof ProtocolLine.Result r) {
      return ExitCode.of(r.result()).code();
    }
    return outcome instanceof ProtocolLine.Failure f ? f.exitCode().code() : ExitCode.OK.code();
  }
}
