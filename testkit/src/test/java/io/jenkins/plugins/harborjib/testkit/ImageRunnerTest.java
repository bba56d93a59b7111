package io.jenkins.plugins.harborjib.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture.PushedImage;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ImageRunnerTest {
  @RegisterExtension static TestRegistry registry = TestRegistry.httpsWithBasicAuth();

  private static PushedImage base;
  private static String app;

  @Test
  void runsJavaFromTheBaseImageWithTheEntrypointOverridden() {
    pushBase();
    try (ImageRunner runner = ImageRunner.pull(registry, "base/jre17:17")) {
      ImageRunner.Result result = runner.entrypoint("java", "-version").run(Duration.ofSeconds(60));

      assertThat(result.exitCode()).as(result.stderr()).isZero();
      assertThat(result.stderr()).contains("openjdk version \"17");
      assertThat(runner.command()).containsExactly("/opt/java/bin/java", "-version");
    }
  }

  @Test
  void unpacksTheImageWithItsFileModes() throws Exception {
    pushBase();
    try (ImageRunner runner = ImageRunner.pull(registry, base.referenceByDigest())) {
      Path rootfs = runner.rootfs();

      assertThat(Files.isExecutable(rootfs.resolve("opt/java/bin/java"))).isTrue();
      assertThat(Integer.toOctalString((Integer) Files.getAttribute(rootfs.resolve("tmp"), "unix:mode")))
          .endsWith("1777");
      assertThat(runner.config().env("JAVA_HOME")).contains("/opt/java");
    }
  }

  @Test
  void runsTheImagesEntrypointAsItsUserWithExactlyItsEnvironmentAndServesHttp() throws Exception {
    pushApp();
    int port = freePort();
    try (ImageRunner runner = ImageRunner.pull(registry, app).env("PORT", Integer.toString(port)).start()) {
      String body = runner.awaitHttp(port, "/", Duration.ofSeconds(60));

      assertThat(body).contains("hello from the image")
          .contains("env=[JAVA_HOME, PATH, PORT]")
          .contains("user.dir=/app")
          .contains("user.name=nobody")
          .contains("tmp.writable=true");
      assertThat(runner.isRunning()).isTrue();
    }
  }

  @Test
  void closeKillsTheWholeProcessTreeAndDeletesTheRootFolder() throws Exception {
    pushApp();
    int port = freePort();
    ImageRunner runner = ImageRunner.pull(registry, app).env("PORT", Integer.toString(port)).start();
    runner.awaitHttp(port, "/", Duration.ofSeconds(60));
    Path rootfs = runner.rootfs();

    runner.close();

    assertThat(rootfs).doesNotExist();
    assertThat(runner.isRunning()).isFalse();
    assertThatThrownBy(() -> Http.withDefaultTrust().get("http://127.0.0.1:" + port + "/"))
        .isInstanceOf(java.net.ConnectException.class);
  }

  @Test
  void reportsTheOutputWhenTheProcessExitsBeforeAnswering() {
    pushBase();
    try (ImageRunner runner = ImageRunner.pull(registry, "base/jre17:17").entrypoint("java", "-no-such-flag")) {
      runner.start();
      assertThatThrownBy(() -> runner.awaitHttp(freePort(), "/", Duration.ofSeconds(60)))
          .hasMessageContaining("exited with code 1")
          .hasMessageContaining("-no-such-flag");
    }
  }

  @Test
  void saysWhenTheCommandIsNotOnTheImagesPath() {
    pushBase();
    try (ImageRunner runner = ImageRunner.pull(registry, "base/jre17:17").entrypoint("sh", "-c", "true")) {
      assertThatThrownBy(runner::start).hasMessageContaining("sh is not on the image's PATH");
    }
  }

  private static synchronized void pushBase() {
    if (base == null) {
      base = BaseImageFixture.pushJre17(registry);
    }
  }

  /** An image on the base with TinyHttpApp, run as nobody in /app. */
  private static synchronized void pushApp() throws Exception {
    pushBase();
    if (app != null) {
      return;
    }
    String className = TinyHttpApp.class.getName();
    String classFile = className.replace('.', '/') + ".class";
    Path compiled = Path.of(TinyHttpApp.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve(classFile);
    Path cache = BaseImageFixture.cacheBase();
    Jib.from(RegistryImage.named(base.reference()).addCredential(registry.username(), registry.password()))
        .addFileEntriesLayer(FileEntriesLayer.builder()
            .addEntry(compiled, AbsoluteUnixPath.get("/app/classes/" + classFile)).build())
        .setEntrypoint(List.of("java", "-cp", "/app/classes", className))
        .setWorkingDirectory(AbsoluteUnixPath.get("/app"))
        .setUser("nobody")
        .containerize(Containerizer.to(RegistryImage.named(registry.reference("apps/tiny:1"))
                .addCredential(registry.username(), registry.password()))
            .setAllowInsecureRegistries(true)
            .setBaseImageLayersCache(cache.resolve("jib-base-image-layers"))
            .setApplicationLayersCache(cache.resolve("jib-application-layers")));
    app = "apps/tiny:1";
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
