package io.jenkins.plugins.harborjib.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.ImageRunner;
import io.jenkins.plugins.harborjib.testkit.Samples;
import io.jenkins.plugins.harborjib.testkit.Skopeo;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The main job, end to end, on this machine: a local registry standing in for Harbor's (HTTPS with a private CA,
 * basic auth), a Java base image in it, the bundled sample app pushed by the CLI exactly as a user would, the
 * result read back with skopeo and, as root, the image started from its layers.
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) throws Exception {
    Path root = Samples.projectRoot();
    Path app = Samples.helloApp();
    Path work = Files.createTempDirectory("harbor-jib-demo");
    try (TestRegistry registry = TestRegistry.httpsWithBasicAuth()) {
      step(1, "Starting a local registry (CNCF distribution, as inside Harbor; HTTPS with a private CA, basic auth)");
      registry.start();
      System.out.println("      " + registry.url() + "  user " + registry.username());

      step(2, "Pushing the base image base/jre17:17 (a jlinked Java 17 runtime) into it");
      BaseImageFixture.PushedImage base = BaseImageFixture.pushJre17(registry);
      System.out.println("      " + base.referenceByDigest());

      step(3, "Pushing " + root.relativize(app) + " with the CLI (the password goes over stdin)");
      Path result = work.resolve("result.json");
      List<String> command = new ArrayList<>(List.of(CliJar.java(), "-jar", CliJar.find().toString(), "push",
          "--build-output", app.toString(),
          "--registry", registry.host(), "--project", "app", "--repository", "hello",
          "--tag", "1.0.0", "--tag", "latest",
          "--from", "base/jre17:17",
          "--username", registry.username(), "--password-stdin",
          "--ca-file", registry.caCertDir().resolve("ca.crt").toString(),
          "--source-url", "https://github.com/example/hello-app", "--revision", "0123abc",
          "--cache-dir", work.resolve("cache").toString(),
          "--result-file", result.toString()));
      System.out.println("      $ " + String.join(" ", command.subList(0, 3)).replace(root + "/", "") + " "
          + String.join(" ", command.subList(3, command.size())).replace(root + "/", "").replace(work.toString(), "$TMP"));
      Process cli = new ProcessBuilder(command).inheritIO().redirectInput(ProcessBuilder.Redirect.PIPE).start();
      try (OutputStream stdin = cli.getOutputStream()) {
        stdin.write(registry.password().getBytes(StandardCharsets.UTF_8));
      }
      int exit = cli.waitFor();
      if (exit != 0) {
        throw new IllegalStateException("the CLI failed with exit code " + exit);
      }
      JsonNode pushed = new ObjectMapper().readTree(result.toFile());
      String digest = pushed.path("digest").asText();

      step(4, "Reading it back with skopeo, an independent client");
      Skopeo skopeo = Skopeo.of(registry);
      for (String tag : List.of("1.0.0", "latest")) {
        String seen = skopeo.inspect("app/hello:" + tag).digest();
        if (!seen.equals(digest)) {
          throw new IllegalStateException("skopeo sees " + seen + " for tag " + tag + ", the CLI reported " + digest);
        }
      }
      Skopeo.ImageConfig config = skopeo.inspectConfig("app/hello:1.0.0");
      System.out.println("      tags 1.0.0 and latest -> " + digest);
      System.out.println("      entrypoint " + config.entrypoint());
      System.out.println("      labels " + config.labels());

      if ("root".equals(System.getProperty("user.name"))) {
        step(5, "Starting the image from its layers (chroot; no container engine needed)");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
          port = s.getLocalPort();
        }
        try (ImageRunner running = ImageRunner.pull(registry, "app/hello:1.0.0").env("PORT", Integer.toString(port))
            .start()) {
          System.out.println("      GET / -> " + running.awaitHttp(port, "/", Duration.ofSeconds(60)).trim());
        }
      } else {
        step(5, "Skipping the start of the image: that needs root (chroot)");
      }

      System.out.println();
      System.out.println("Pushed and verified with skopeo: " + pushed.path("reference").asText());
    } finally {
      try (var files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void step(int n, String what) {
    System.out.println();
    System.out.println("[" + n + "/5] " + what);
  }
}
