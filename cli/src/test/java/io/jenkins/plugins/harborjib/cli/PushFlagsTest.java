package io.jenkins.plugins.harborjib.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.ContainerSettings;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.ImageFormat;
import io.jenkins.plugins.harborjib.engine.ImageTarget;
import io.jenkins.plugins.harborjib.engine.PushRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PushFlagsTest {
  private static final String ROBOT = "robot$app+ci";
  private static final String TOKEN = "s3cr3t-T0ken-with-$pecial'chars\"";

  @TempDir
  Path dir;

  private final TestCli cli = new TestCli();

  private static List<String> required(String... more) {
    List<String> args = new ArrayList<>(List.of("push", "--registry", "harbor.example.com", "--project", "app",
        "--repository", "team/demo", "--tag", "42", "--from", "harbor.example.com/base/jre17:17"));
    args.addAll(List.of(more));
    return args;
  }

  private int run(List<String> args) {
    return cli.run(args.toArray(String[]::new));
  }

  @Test
  void mapsTheTargetAndTheBaseImageAndDefaultsTheRest() {
    assertThat(run(required())).isZero();

    PushRequest r = cli.request();
    assertThat(r.target()).isEqualTo(new ImageTarget("harbor.example.com", "app", "team/demo", List.of("42")));
    assertThat(r.baseImage().reference()).isEqualTo("harbor.example.com/base/jre17:17");
    assertThat(r.baseImage().credentials()).isEmpty();
    assertThat(r.credentials()).isEmpty();
    assertThat(r.buildOutput()).isEqualTo(new BuildOutput.AutoDetect(Path.of(".")));
    assertThat(r.container().format()).isEqualTo(ImageFormat.DOCKER);
    assertThat(r.container().platforms()).containsExactly("linux/amd64");
    assertThat(r.container().creationTime()).isEmpty();
    assertThat(r.tls().insecure()).isFalse();
    assertThat(r.httpTimeout()).isEqualTo(PushRequest.DEFAULT_HTTP_TIMEOUT);
  }

  @Test
  void takesTagsRepeatedAndAsCommaLists() {
    run(required("--tag", "latest,1.0", "-t", "stable"));

    assertThat(cli.request().target().tags()).containsExactly("42", "latest", "1.0", "stable");
  }

  @Test
  void readsTheRobotPasswordFromStandardInputAndKeepsTheRobotNameAsGiven() {
    cli.stdin(TOKEN + "\n");

    assertThat(run(required("--username", ROBOT, "--password-stdin"))).isZero();

    Credentials c = cli.request().credentials().orElseThrow();
    assertThat(c.username()).isEqualTo(ROBOT);
    assertThat(c.password()).isEqualTo(TOKEN.toCharArray());
    assertThat(cli.request().toString()).contains(ROBOT).doesNotContain(TOKEN);
  }

  @Test
  void promptsForThePasswordOnATerminal() {
    cli.typedPassword = Optional.of((TOKEN + "\r\n").toCharArray());

    run(required("--username", ROBOT, "--password-stdin"));

    assertThat(cli.request().credentials().orElseThrow().password()).isEqualTo(TOKEN.toCharArray());
  }

  @Test
  void readsThePasswordFromAFileWithoutItsLineBreak() throws IOException {
    Path file = Files.writeString(dir.resolve("token"), TOKEN + "\r\n", StandardCharsets.UTF_8);

    run(required("-u", ROBOT, "--password-file", file.toString()));

    assertThat(cli.request().credentials().orElseThrow().password()).isEqualTo(TOKEN.toCharArray());
  }

  @Test
  void takesBaseImageCredentialsOfTheirOwn() throws IOException {
    Path file = Files.writeString(dir.resolve("base-token"), "base-password", StandardCharsets.UTF_8);
    cli.stdin(TOKEN);

    run(required("--username", ROBOT, "--password-stdin", "--from-username", "reader",
        "--from-password-file", file.toString()));

    Credentials base = cli.request().baseImage().credentials().orElseThrow();
    assertThat(base.username()).isEqualTo("reader");
    assertThat(base.password()).isEqualTo("base-password".toCharArray());
    assertThat(cli.request().credentials().orElseThrow().password()).isEqualTo(TOKEN.toCharArray());
  }

  @Test
  void mapsEachBuildOutputShape() {
    assertThat(shape("--build-output", "samples/app")).isEqualTo(new BuildOutput.AutoDetect(Path.of("samples/app")));
    assertThat(shape("--exploded", "target/classes", "--dependencies", "target/dependency"))
        .isEqualTo(new BuildOutput.Exploded(Path.of("target/classes"), Optional.of(Path.of("target/dependency"))));
    assertThat(shape("--exploded", "target/classes"))
        .isEqualTo(new BuildOutput.Exploded(Path.of("target/classes"), Optional.empty()));
    assertThat(shape("--thin-jar", "target/app.jar")).isEqualTo(new BuildOutput.ThinJar(Path.of("target/app.jar")));
    assertThat(shape("--spring-boot-jar", "target/app-boot.jar"))
        .isEqualTo(new BuildOutput.SpringBootJar(Path.of("target/app-boot.jar")));
    assertThat(shape("--war", "target/app.war", "--war-app-root", "/usr/local/tomcat/webapps/ROOT"))
        .isEqualTo(new BuildOutput.War(Path.of("target/app.war"), Optional.of("/usr/local/tomcat/webapps/ROOT")));
  }

  private BuildOutput shape(String... flags) {
    TestCli c = new TestCli();
    c.run(required(flags).toArray(String[]::new));
    return c.request().buildOutput();
  }

  @Test
  void mapsEveryContainerFlagInTheOrderGiven() {
    run(required("--main-class", "com.example.Main", "--jvm-flag", "-Xmx256m", "--jvm-flag", "-Dfoo=a,b",
        "--arg", "--server.port=8080", "--arg", "two words", "--env", "B=2", "--env", "A=x=y", "--env", "EMPTY=",
        "--port", "8080,9090/udp", "--label", "team=core", "--label", "tier=web", "--user", "1000:1000",
        "--workdir", "/app", "--volume", "/tmp", "--format", "OCI", "--platform", "linux/amd64,linux/arm64",
        "--creation-time", "2025-01-02T03:04:05+0100", "--app-root", "/srv/app", "--dependency-layers", "1"));

    ContainerSettings c = cli.request().container();
    assertThat(c.mainClass()).contains("com.example.Main");
    assertThat(c.jvmFlags()).containsExactly("-Xmx256m", "-Dfoo=a,b");
    assertThat(c.programArguments()).containsExactly("--server.port=8080", "two words");
    assertThat(c.environment()).containsExactly(entry("B", "2"), entry("A", "x=y"), entry("EMPTY", ""));
    assertThat(c.ports()).containsExactly("8080", "9090/udp");
    assertThat(c.labels()).containsExactly(entry("team", "core"), entry("tier", "web"));
    assertThat(c.user()).contains("1000:1000");
    assertThat(c.workingDirectory()).contains("/app");
    assertThat(c.volumes()).containsExactly("/tmp");
    assertThat(c.format()).isEqualTo(ImageFormat.OCI);
    assertThat(c.platforms()).containsExactly("linux/amd64", "linux/arm64");
    assertThat(c.creationTime()).contains(Instant.parse("2025-01-02T02:04:05Z"));
    assertThat(c.appRoot()).isEqualTo("/srv/app");
    assertThat(c.dependencyLayers()).isEqualTo(1);
  }

  private static java.util.Map.Entry<String, String> entry(String k, String v) {
    return java.util.Map.entry(k, v);
  }

  @Test
  void readsCreationTimeInJibsConvention() {
    assertThat(creationTime("EPOCH")).isEmpty();
    assertThat(creationTime("USE_CURRENT_TIMESTAMP")).contains(TestCli.NOW);
    assertThat(creationTime("2025-11-27T20:54:00Z")).contains(TestCli.NOW);
    assertThat(creationTime("2025-11-27T21:54:00+01:00")).contains(TestCli.NOW);
  }

  private Optional<Instant> creationTime(String value) {
    TestCli c = new TestCli();
    c.run(required("--creation-time", value).toArray(String[]::new));
    return c.request().container().creationTime();
  }

  @Test
  void mapsBuildMetadata() {
    run(required("--source-url", "https://git.example.com/app/demo", "--revision", "abc123", "--app-version",
        "1.0.0", "--created", "2025-11-27T20:54:00Z"));

    assertThat(cli.request().metadata().toLabels()).containsExactly(
        entry("org.opencontainers.image.source", "https://git.example.com/app/demo"),
        entry("org.opencontainers.image.revision", "abc123"),
        entry("org.opencontainers.image.version", "1.0.0"),
        entry("org.opencontainers.image.created", "2025-11-27T20:54:00Z"));
  }

  @Test
  void readsTheCaFileAndTheCacheFolderAndTheTimeout() throws IOException {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");

    run(required("--ca-file", ca.toString(), "--cache-dir", dir.resolve("cache").toString(), "--http-timeout", "1500ms"));

    PushRequest r = cli.request();
    assertThat(r.tls().caCertificatesPem()).contains(Files.readString(ca));
    assertThat(r.tls().caSource()).isEqualTo(ca.toString());
    assertThat(r.tls().insecure()).isFalse();
    assertThat(r.cacheDirectory()).contains(dir.resolve("cache"));
    assertThat(r.httpTimeout()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void readsTimeoutsWithAndWithoutUnits() throws Exception {
    assertThat(FlagRequest.duration("--http-timeout", "30")).isEqualTo(Duration.ofSeconds(30));
    assertThat(FlagRequest.duration("--http-timeout", "30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(FlagRequest.duration("--http-timeout", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(FlagRequest.duration("--http-timeout", "PT45S")).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void insecureReachesTheEngine() {
    assertThat(run(required("--insecure"))).isZero();

    assertThat(cli.request().tls().insecure()).isTrue();
  }

  @Test
  void readsTheHarborFlags() {
    assertThat(run(required("--harbor", "--harbor-url", "https://harbor.example.com", "--create-project",
        "--auto-scan", "--harbor-label", "qa,release", "--scan-gate", "high", "--scan-allow", "CVE-2026-1",
        "--scan-timeout", "2m", "--scan-unstable", "--no-scan-trigger", "--sbom"))).isZero();

    io.jenkins.plugins.harborjib.engine.HarborSettings h = cli.request().harbor();
    assertThat(h.mode()).isEqualTo(io.jenkins.plugins.harborjib.engine.HarborSettings.Mode.REQUIRED);
    assertThat(h.url()).contains(java.net.URI.create("https://harbor.example.com"));
    assertThat(h.createProject()).isTrue();
    assertThat(h.autoScan()).contains(true);
    assertThat(h.labels()).containsExactly("qa", "release");
    assertThat(h.scan()).hasValueSatisfying(s -> {
      assertThat(s.threshold()).isEqualTo(io.jenkins.plugins.harborjib.engine.harbor.Severity.HIGH);
      assertThat(s.onViolation()).isEqualTo(io.jenkins.plugins.harborjib.engine.HarborSettings.OnViolation.UNSTABLE);
      assertThat(s.allowList()).containsExactly("CVE-2026-1");
      assertThat(s.timeout()).isEqualTo(Duration.ofMinutes(2));
      assertThat(s.triggerScan()).isFalse();
      assertThat(s.requestSbom()).isTrue();
    });
  }

  @Test
  void withoutHarborFlagsTheRegistryIsAskedAndNoHarborSwitchesHarborOff() {
    assertThat(run(required())).isZero();
    assertThat(cli.request().harbor()).isEqualTo(io.jenkins.plugins.harborjib.engine.HarborSettings.AUTO);
    TestCli another = new TestCli();
    assertThat(another.run(required("--no-harbor").toArray(String[]::new))).isZero();
    assertThat(another.request().harbor().mode())
        .isEqualTo(io.jenkins.plugins.harborjib.engine.HarborSettings.Mode.OFF);
  }
}
