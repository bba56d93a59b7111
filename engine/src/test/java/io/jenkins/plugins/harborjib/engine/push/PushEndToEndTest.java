package io.jenkins.plugins.harborjib.engine.push;

import static io.jenkins.plugins.harborjib.engine.push.EngineFixtures.freePort;
import static io.jenkins.plugins.harborjib.engine.push.EngineFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.engine.BuildMetadata;
import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.ContainerSettings;
import io.jenkins.plugins.harborjib.engine.HarborJib;
import io.jenkins.plugins.harborjib.engine.LayerReport;
import io.jenkins.plugins.harborjib.engine.LayerStatus;
import io.jenkins.plugins.harborjib.engine.Phase;
import io.jenkins.plugins.harborjib.engine.PushEvent;
import io.jenkins.plugins.harborjib.engine.PushResult;
import io.jenkins.plugins.harborjib.engine.RecordedEvents;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.ImageRunner;
import io.jenkins.plugins.harborjib.testkit.Samples;
import io.jenkins.plugins.harborjib.testkit.Skopeo;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each build output shape, pushed by the engine in this JVM to the real registry (plain HTTP with basic auth, the
 * insecure switch on: per-request TLS trust is proven through the CLI's own process), read back with skopeo, and,
 * for the exploded and Spring Boot shapes, started from its unpacked layers.
 */
class PushEndToEndTest {
  @RegisterExtension
  static TestRegistry registry = TestRegistry.plainHttpWithBasicAuth();

  @TempDir
  Path cache;

  private final RecordedEvents events = new RecordedEvents();

  @BeforeEach
  void baseImage() {
    BaseImageFixture.pushJre17(registry);
  }

  @Test
  void pushesTheExplodedSampleWithItsSettingsAndItAnswers() throws Exception {
    BuildOutput exploded = new BuildOutput.Exploded(Samples.helloAppClasses(),
        Optional.of(Samples.helloAppDependencies()));
    PushResult result = HarborJib.push(request(registry, exploded, "hello", cache, "1", "latest")
        .container(ContainerSettings.builder()
            .jvmFlags(List.of("-Xmx64m"))
            .programArguments(List.of("from-args"))
            .putEnvironment("NAME", "harbor")
            .ports(List.of("8080"))
            .putLabel("team", "platform")
            .build())
        .metadata(new BuildMetadata(Optional.of("https://git.example.com/hello.git"), Optional.of("abc1234"),
            Optional.of("1.0.0"), Optional.empty()))
        .build(), events);

    assertThat(result.reference()).isEqualTo(registry.host() + "/app/hello@" + result.digest());
    assertThat(result.tags()).containsExactlyInAnyOrder("1", "latest");
    Skopeo skopeo = Skopeo.of(registry);
    assertThat(skopeo.inspect("app/hello:1").digest()).isEqualTo(result.digest());
    assertThat(skopeo.inspect("app/hello:latest").digest()).isEqualTo(result.digest());
    Skopeo.ImageConfig config = skopeo.inspectConfig("app/hello:1");
    assertThat(config.entrypoint()).containsExactly("java", "-Xmx64m", "-cp",
        "/app/resources:/app/classes:/app/libs/*", "com.example.hello.HelloApp");
    assertThat(config.cmd()).containsExactly("from-args");
    assertThat(config.labels()).containsAllEntriesOf(Map.of("team", "platform",
        "org.opencontainers.image.source", "https://git.example.com/hello.git",
        "org.opencontainers.image.revision", "abc1234", "org.opencontainers.image.version", "1.0.0"));
    assertThat(config.env("NAME")).contains("harbor");
    assertThat(config.env("JAVA_HOME")).contains("/opt/java");
    assertThat(kinds(result))
        .containsSubsequence("base", "dependencies", "snapshot-dependencies", "resources", "classes");
    assertThat(result.layers()).extracting(LayerReport::digest)
        .containsExactlyElementsOf(skopeo.inspect("app/hello:1").layers().stream().map(Skopeo.Layer::digest).toList());
    assertThat(result.timings()).extracting(t -> t.phase())
        .containsExactly(Phase.VALIDATE, Phase.PREPARE, Phase.PREFLIGHT, Phase.PUSH, Phase.VERIFY);
    assertThat(events.of(PushEvent.LayerDone.class)).hasSameSizeAs(result.layers());

    int port = freePort();
    try (ImageRunner app = ImageRunner.pull(registry, "app/hello:1").env("PORT", Integer.toString(port)).start()) {
      String body = app.awaitHttp(port, "/", Duration.ofSeconds(60));
      assertThat(body).contains("Greetings from a resource layer", "Hello, Harbor!", "from-args");
    }
  }

  @Test
  void pushesTheSpringBootJarLayeredByItsIndexAndItAnswers() throws Exception {
    PushResult result = HarborJib.push(request(registry, new BuildOutput.SpringBootJar(Samples.helloAppBootJar()),
        "hello-boot", cache, "1").build(), events);

    Skopeo skopeo = Skopeo.of(registry);
    assertThat(skopeo.inspect("app/hello-boot:1").digest()).isEqualTo(result.digest());
    assertThat(skopeo.inspectConfig("app/hello-boot:1").entrypoint())
        .containsExactly("java", "-cp", "/app", "org.springframework.boot.loader.launch.JarLauncher");
    assertThat(kinds(result)).containsSubsequence("base", "dependencies", "spring-boot-loader", "application");

    int port = freePort();
    try (ImageRunner app = ImageRunner.pull(registry, "app/hello-boot:1").env("PORT", Integer.toString(port)).start()) {
      assertThat(app.awaitHttp(port, "/", Duration.ofSeconds(60))).contains("Greetings from a resource layer");
    }
  }

  @Test
  void pushesTheThinJarWithItsClassPathDependencies() throws Exception {
    PushResult result = HarborJib.push(request(registry, new BuildOutput.ThinJar(Samples.helloAppThinJar()),
        "hello-thin", cache, "1").build(), events);

    Skopeo skopeo = Skopeo.of(registry);
    assertThat(skopeo.inspect("app/hello-thin:1").digest()).isEqualTo(result.digest());
    assertThat(skopeo.inspectConfig("app/hello-thin:1").entrypoint()).last().isEqualTo("com.example.hello.HelloApp");
    assertThat(kinds(result)).contains("dependencies", "snapshot-dependencies");
  }

  @Test
  void pushesTheWarIntoTheApplicationServersWebAppFolder() throws Exception {
    PushResult result = HarborJib.push(request(registry, new BuildOutput.War(Samples.helloWarFile(), Optional.empty()),
        "hello-war", cache, "1").build(), events);

    Skopeo skopeo = Skopeo.of(registry);
    assertThat(skopeo.inspect("app/hello-war:1").digest()).isEqualTo(result.digest());
    try (ImageRunner image = ImageRunner.pull(registry, "app/hello-war:1")) {
      assertThat(image.pathInImage("/var/lib/jetty/webapps/ROOT/index.html")).exists();
      assertThat(image.pathInImage("/var/lib/jetty/webapps/ROOT/WEB-INF/classes/com/example/hellowar/HelloServlet.class"))
          .exists();
      assertThat(image.pathInImage("/var/lib/jetty/webapps/ROOT/WEB-INF/lib/hello-lib-1.0.0-SNAPSHOT.jar")).exists();
    }
    assertThat(kinds(result)).contains("dependencies", "snapshot-dependencies", "resources", "classes");
  }

  @Test
  void aSecondIdenticalPushGivesTheSameDigestAndUploadsNothing() throws Exception {
    BuildOutput exploded = new BuildOutput.Exploded(Samples.helloAppClasses(),
        Optional.of(Samples.helloAppDependencies()));
    PushResult first = HarborJib.push(request(registry, exploded, "same", cache, "a").build(), events);
    PushResult second = HarborJib.push(request(registry, exploded, "same", cache, "b")
        .container(ContainerSettings.builder().creationTime(null).build()).build(), events);

    assertThat(second.digest()).isEqualTo(first.digest());
    assertThat(second.bytesUploaded()).isZero();
    assertThat(second.layers()).extracting(LayerReport::status).doesNotContain(LayerStatus.UPLOADED);
  }

  @Test
  void aFixedCreationTimeIsKept() throws Exception {
    BuildOutput exploded = new BuildOutput.Exploded(Samples.helloAppClasses(),
        Optional.of(Samples.helloAppDependencies()));
    HarborJib.push(request(registry, exploded, "created", cache, "1")
        .container(ContainerSettings.builder().creationTime(Instant.parse("2026-01-02T03:04:05Z")).build())
        .build(), events);
    assertThat(Skopeo.of(registry).inspectRawConfig("app/created:1")).contains("2026-01-02T03:04:05Z");
  }

  /** The layers' names, with the dependency layers {@code dependencies-1} ... all called {@code dependencies}. */
  private static List<String> kinds(PushResult result) {
    return result.layers().stream().map(LayerReport::name)
        .map(n -> n.matches("dependencies-\\d+") ? "dependencies" : n).toList();
  }
}
