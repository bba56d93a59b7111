package io.jenkins.plugins.harborjib.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.protocol.LineJson;
import io.jenkins.plugins.harborjib.protocol.ProtocolLine;
import io.jenkins.plugins.harborjib.protocol.ProtocolRequest;
import io.jenkins.plugins.harborjib.protocol.RequestJson;
import io.jenkins.plugins.harborjib.engine.BaseImage;
import io.jenkins.plugins.harborjib.engine.BuildMetadata;
import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.ContainerSettings;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.ImageTarget;
import io.jenkins.plugins.harborjib.engine.LayerStatus;
import io.jenkins.plugins.harborjib.engine.Phase;
import io.jenkins.plugins.harborjib.engine.PushEvent;
import io.jenkins.plugins.harborjib.engine.PushRequest;
import io.jenkins.plugins.harborjib.engine.PushResult;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.RequiredTools;
import io.jenkins.plugins.harborjib.testkit.Samples;
import io.jenkins.plugins.harborjib.testkit.Skopeo;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar in a child process pushes the sample app to a real registry (CNCF distribution) over HTTPS with
 * basic auth, trusting the registry's CA only through the request, and skopeo reads the image back.
 */
class EndToEndIT {
  private static final String USER = "robot$app+ci";
  private static final String PASSWORD = "e2e-" + UUID.randomUUID();
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final Pattern PUSHED = Pattern.compile("^Pushed (\\S+)@(sha256:[0-9a-f]{64})$", Pattern.MULTILINE);

  @RegisterExtension
  static final TestRegistry REGISTRY = TestRegistry.builder().https().htpasswd(USER, PASSWORD).build();

  private static String baseImage;

  @TempDir
  Path dir;

  private Skopeo skopeo;

  @BeforeEach
  void baseImageAndSkopeo() {
    RequiredTools.requireSkopeo();
    synchronized (EndToEndIT.class) {
      if (baseImage == null) {
        baseImage = BaseImageFixture.pushJre17(REGISTRY).reference();
      }
    }
    skopeo = Skopeo.of(REGISTRY);
  }

  private Path file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  @Test
  void pushesTheSampleAppWithFlagsAndSkopeoSeesTheDigestTagsEntrypointAndLabels() throws IOException {
    Path passwordFile = file("token", PASSWORD + "\n");
    Path caFile = file("ca.pem", REGISTRY.caPem());
    Path resultFile = dir.resolve("result.json");

    CliProcess.Run run = CliProcess.run(new byte[0], TIMEOUT, "push",
        "--registry", REGISTRY.host(), "--project", "app", "--repository", "hello", "--tag", "1.0.0,latest",
        "--from", baseImage, "--username", USER, "--password-file", passwordFile.toString(),
        "--ca-file", caFile.toString(),
        "--exploded", Samples.helloAppClasses().toString(), "--dependencies", Samples.helloAppDependencies().toString(),
        "--label", "team=core", "--env", "GREETING=hi", "--port", "8080",
        "--source-url", "https://git.example.com/app/hello", "--revision", "0123abcd", "--app-version", "1.0.0",
        "--cache-dir", dir.resolve("cache").toString(), "--result-file", resultFile.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    Matcher pushed = PUSHED.matcher(run.stdout());
    assertThat(pushed.find()).as(run.toString()).isTrue();
    String repository = REGISTRY.host() + "/app/hello";
    assertThat(pushed.group(1)).isEqualTo(repository);
    String digest = pushed.group(2);
    assertThat(run.stderr()).contains("[push] building and pushing the image").containsPattern(
        "\\[\\w+\\] layer \\d+/\\d+ classes sha256:[0-9a-f]{12} [0-9.]+ k?B (uploaded|already present)");

    assertThat(skopeo.inspect(repository + "@" + digest).digest()).isEqualTo(digest);
    assertThat(skopeo.inspect(repository + ":1.0.0").digest()).isEqualTo(digest);
    assertThat(skopeo.inspect(repository + ":latest").digest()).isEqualTo(digest);
    assertThat(skopeo.listTags("app/hello")).contains("1.0.0", "latest");
    Skopeo.ImageConfig config = skopeo.inspectConfig(repository + "@" + digest);
    assertThat(config.entrypoint()).contains("com.example.hello.HelloApp");
    assertThat(config.entrypoint().get(0)).endsWith("java");
    assertThat(config.labels()).containsEntry("team", "core")
        .containsEntry("org.opencontainers.image.source", "https://git.example.com/app/hello")
        .containsEntry("org.opencontainers.image.revision", "0123abcd")
        .containsEntry("org.opencontainers.image.version", "1.0.0")
        .containsEntry("org.opencontainers.image.base.name", baseImage)
        .containsEntry("org.opencontainers.image.base.digest",
            skopeo.inspect(baseImage).digest());
    assertThat(config.labels().getOrDefault("org.opencontainers.image.description", ""))
        .as("the base image's description is not the application's").isEmpty();
    assertThat(skopeo.inspectConfig(baseImage).labels()).as("the base has one")
        .containsKey("org.opencontainers.image.description");
    assertThat(config.env("GREETING")).contains("hi");
    assertThat(config.exposedPorts()).contains("8080/tcp");

    ProtocolLine result = LineJson.read(Files.readString(resultFile).replace("\n", ""));
    assertThat(result).isInstanceOfSatisfying(ProtocolLine.Result.class,
        r -> assertThat(r.result().digest()).isEqualTo(digest));
    assertThat(run.everything()).doesNotContain(PASSWORD);
  }

  private byte[] request(PushRequest push) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    RequestJson.write(ProtocolRequest.of(push), bytes);
    return bytes.toByteArray();
  }

  private PushRequest.Builder springBootPush(String repository, List<String> tags, String password) {
    return PushRequest.builder(new BuildOutput.SpringBootJar(Samples.helloAppBootJar()), BaseImage.of(baseImage),
            new ImageTarget(REGISTRY.host(), "app", repository, tags))
        .credentials(Credentials.of(USER, password.toCharArray()))
        .container(ContainerSettings.builder().putLabel("team", "core").build())
        .metadata(new BuildMetadata(Optional.of("https://git.example.com/app/hello"), Optional.of("0123abcd"),
            Optional.of("1.0.0"), Optional.empty()))
        .tls(TlsSettings.withCaPem(REGISTRY.caPem()))
        .cacheDirectory(dir.resolve("cache"));
  }

  private static CliProcess.Run json(byte[] request) {
    return CliProcess.run(request, TIMEOUT, "push", "--protocol", "json");
  }

  @Test
  void pushesTheSpringBootJarWithAJsonRequestAndSkopeoSeesWhatTheResultSays() throws IOException {
    byte[] request = request(springBootPush("hello-boot", List.of("7", "stable"), PASSWORD).build());

    CliProcess.Run run = json(request);

    assertThat(run.exitCode()).as(run.toString()).isZero();
    List<ProtocolLine> lines = run.lines();
    assertThat(lines).as("every stdout line is a protocol line, the result last").isNotEmpty();
    PushResult result = ((ProtocolLine.Result) lines.get(lines.size() - 1)).result();
    List<PushEvent> events = lines.subList(0, lines.size() - 1).stream()
        .map(l -> ((ProtocolLine.Event) l).event()).toList();
    assertThat(events).contains(new PushEvent.PhaseStarted(Phase.VALIDATE), new PushEvent.PhaseStarted(Phase.PUSH))
        .hasAtLeastOneElementOfType(PushEvent.LayerDone.class);

    String repository = REGISTRY.host() + "/app/hello-boot";
    assertThat(result.reference()).isEqualTo(repository + "@" + result.digest());
    assertThat(result.tags()).containsExactlyInAnyOrder("7", "stable");
    assertThat(skopeo.inspect(result.reference()).digest()).isEqualTo(result.digest());
    assertThat(skopeo.inspect(repository + ":7").digest()).isEqualTo(result.digest());
    assertThat(skopeo.inspect(repository + ":stable").digest()).isEqualTo(result.digest());
    Skopeo.ImageConfig config = skopeo.inspectConfig(result.reference());
    assertThat(config.entrypoint()).isNotEmpty();
    assertThat(String.join(" ", config.entrypoint())).contains("java");
    assertThat(config.labels()).containsEntry("team", "core")
        .containsEntry("org.opencontainers.image.revision", "0123abcd");
    assertThat(result.layers()).extracting(l -> l.name()).contains("base");
    assertThat(result.timings()).extracting(t -> t.phase()).contains(Phase.VALIDATE, Phase.PUSH);
    assertThat(run.everything()).doesNotContain(PASSWORD);

    CliProcess.Run again = json(request);

    assertThat(again.exitCode()).as(again.toString()).isZero();
    PushResult second = ((ProtocolLine.Result) again.last()).result();
    assertThat(second.digest()).as("same inputs, same digest").isEqualTo(result.digest());
    assertThat(second.bytesUploaded()).isZero();
    assertThat(second.layers()).allMatch(l -> l.status() != LayerStatus.UPLOADED);
  }

  @Test
  void aWrongPasswordIsAnAuthenticationErrorNamingTheRegistryAndTheUserButNotThePassword() throws IOException {
    String wrong = "wrong-" + UUID.randomUUID();

    CliProcess.Run run = json(request(springBootPush("hello-auth", List.of("1"), wrong).build()));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    assertThat(run.last()).isInstanceOfSatisfying(ProtocolLine.Failure.class, f -> {
      assertThat(f.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
      assertThat(f.message()).contains(REGISTRY.host(), USER);
    });
    assertThat(run.everything()).doesNotContain(wrong).doesNotContain(PASSWORD);
  }

  @Test
  void withoutTheCaPeopleGetATlsErrorQuicklyAndAreToldAboutCaFile() throws IOException {
    Path passwordFile = file("token", PASSWORD);

    CliProcess.Run run = CliProcess.run(new byte[0], TIMEOUT, "push",
        "--registry", REGISTRY.host(), "--project", "app", "--repository", "hello-tls", "--tag", "1",
        "--from", baseImage, "--username", USER, "--password-file", passwordFile.toString(),
        "--spring-boot-jar", Samples.helloAppBootJar().toString(), "--cache-dir", dir.resolve("cache").toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.stderr()).contains("error", "--ca-file");
    assertThat(run.took()).as("Jib alone retries for a minute").isLessThan(Duration.ofSeconds(10));
    assertThat(run.everything()).doesNotContain(PASSWORD);
  }
}
