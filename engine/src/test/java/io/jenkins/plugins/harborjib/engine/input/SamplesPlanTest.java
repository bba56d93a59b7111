package io.jenkins.plugins.harborjib.engine.input;

import static io.jenkins.plugins.harborjib.engine.input.Plans.layerNames;
import static io.jenkins.plugins.harborjib.engine.input.Plans.paths;
import static io.jenkins.plugins.harborjib.engine.input.Plans.plan;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.ContainerSettings;
import io.jenkins.plugins.harborjib.testkit.Samples;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bundled sample projects, as {@code mvn package} built them. */
class SamplesPlanTest {
  static final String HELLO_APP = "com.example.hello.HelloApp";
  static final List<String> RELEASE_JARS = List.of("commons-codec-1.17.1.jar", "commons-compress-1.27.1.jar",
      "commons-io-2.16.1.jar", "commons-lang3-3.17.0.jar", "error_prone_annotations-2.36.0.jar",
      "failureaccess-1.0.3.jar", "guava-33.4.8-jre.jar", "h2-2.3.232.jar", "j2objc-annotations-3.0.0.jar",
      "jackson-annotations-2.18.4.jar", "jackson-core-2.18.4.jar", "jackson-databind-2.18.4.jar",
      "jspecify-1.0.0.jar", "listenablefuture-9999.0-empty-to-avoid-conflict-with-guava.jar");

  @TempDir Path tmp;

  static List<String> libs(String prefix) {
    return RELEASE_JARS.stream().map(j -> prefix + j).toList();
  }

  @Test
  void plansTheSampleClassesAndDependencies() throws Exception {
    ApplicationPlan plan = plan(new BuildOutput.Exploded(Samples.helloAppClasses(),
        Optional.of(Samples.helloAppDependencies())), tmp);

    assertThat(layerNames(plan)).containsExactly("dependencies", "snapshot-dependencies", "resources", "classes");
    assertThat(paths(plan, "dependencies")).isEqualTo(libs("/app/libs/"));
    assertThat(paths(plan, "snapshot-dependencies")).containsExactly("/app/libs/hello-lib-1.0.0-SNAPSHOT.jar");
    assertThat(paths(plan, "resources")).containsExactly("/app/resources/greeting.txt");
    assertThat(paths(plan, "classes")).containsExactly("/app/classes/com/example/hello/HelloApp.class");
    assertThat(plan.entrypoint()).contains(List.of("java", "-cp", "/app/resources:/app/classes:/app/libs/*",
        HELLO_APP));
    assertThat(plan.warnings()).isEmpty();
  }

  @Test
  void plansTheSampleThinJar() throws Exception {
    try (ApplicationPlan plan = plan(new BuildOutput.ThinJar(Samples.helloAppThinJar()), tmp)) {
      assertThat(layerNames(plan)).containsExactly("dependencies", "snapshot-dependencies", "resources", "classes");
      assertThat(paths(plan, "dependencies")).isEqualTo(libs("/app/libs/"));
      assertThat(paths(plan, "snapshot-dependencies")).containsExactly("/app/libs/hello-lib-1.0.0-SNAPSHOT.jar");
      assertThat(paths(plan, "classes")).containsExactly("/app/classes/com/example/hello/HelloApp.class");
      assertThat(paths(plan, "resources")).contains("/app/resources/greeting.txt",
          "/app/resources/META-INF/MANIFEST.MF");
      assertThat(plan.mainClass()).contains(HELLO_APP);
      assertThat(plan.warnings()).isEmpty();
    }
  }

  @Test
  void plansTheSampleBootJarByItsLayersIndex() throws Exception {
    try (ApplicationPlan plan = plan(new BuildOutput.SpringBootJar(Samples.helloAppBootJar()), tmp)) {
      // the index lists snapshot-dependencies empty: Boot puts the reactor's hello-lib into application
      assertThat(layerNames(plan)).containsExactly("dependencies", "spring-boot-loader", "application");
      assertThat(paths(plan, "dependencies")).containsAll(libs("/app/BOOT-INF/lib/"))
          .contains("/app/BOOT-INF/lib/spring-boot-jarmode-tools-3.5.7.jar").isSorted();
      assertThat(paths(plan, "spring-boot-loader")).allMatch(p -> p.startsWith("/app/org/springframework/boot/"))
          .contains("/app/org/springframework/boot/loader/launch/JarLauncher.class");
      assertThat(paths(plan, "application")).contains("/app/BOOT-INF/classes/com/example/hello/HelloApp.class",
          "/app/BOOT-INF/classes/greeting.txt", "/app/BOOT-INF/lib/hello-lib-1.0.0-SNAPSHOT.jar",
          "/app/BOOT-INF/layers.idx", "/app/META-INF/MANIFEST.MF");
      assertThat(plan.entrypoint()).contains(List.of("java", "-cp", "/app",
          "org.springframework.boot.loader.launch.JarLauncher"));
      assertThat(plan.description()).contains("Spring Boot 3.5.7, layers.idx");
      assertThat(plan.warnings()).isEmpty();
    }
  }

  @Test
  void plansTheSampleWar() throws Exception {
    try (ApplicationPlan plan = ApplicationPlanner.plan(new BuildOutput.War(Samples.helloWarFile(), Optional.empty()),
        Plans.ONE_DEPENDENCY_LAYER, "harbor.example.com/base/tomcat:10.1-jre17", tmp)) {
      String root = "/usr/local/tomcat/webapps/ROOT/";
      assertThat(layerNames(plan)).containsExactly("dependencies", "snapshot-dependencies", "resources", "classes");
      assertThat(paths(plan, "dependencies")).containsExactly(root + "WEB-INF/lib/commons-lang3-3.17.0.jar");
      assertThat(paths(plan, "snapshot-dependencies")).containsExactly(root + "WEB-INF/lib/hello-lib-1.0.0-SNAPSHOT.jar");
      assertThat(paths(plan, "classes")).containsExactly(root + "WEB-INF/classes/com/example/hellowar/HelloServlet.class");
      assertThat(paths(plan, "resources")).contains(root + "index.html", root + "WEB-INF/web.xml");
      assertThat(plan.entrypoint()).isEmpty();
    }
  }

  @Test
  void detectsTheSampleAppsSpringBootJar() throws Exception {
    try (ApplicationPlan plan = plan(new BuildOutput.AutoDetect(Samples.helloApp()), tmp)) {
      assertThat(plan.shape()).isEqualTo("spring-boot-jar");
      assertThat(plan.description()).contains("hello-app-1.0.0-boot.jar", "hello-app-1.0.0.jar not used");
    }
  }

  @Test
  void detectsTheSampleWar() throws Exception {
    try (ApplicationPlan plan = plan(new BuildOutput.AutoDetect(Samples.helloWar()), tmp)) {
      assertThat(plan.shape()).isEqualTo("war");
    }
  }

  /** The second plan finds the jar unpacked by the first: same files, same places, same modification times. */
  @Test
  void plansTheSampleBootJarTheSameWayTwiceFromOneUnpackedCopy() throws Exception {
    Path jar = Samples.helloAppBootJar();
    List<String> first;
    try (ApplicationPlan one = plan(new BuildOutput.SpringBootJar(jar), tmp)) {
      first = describe(one);
    }
    try (ApplicationPlan two = plan(new BuildOutput.SpringBootJar(jar), tmp)) {
      assertThat(describe(two)).isEqualTo(first);
    }
    try (var unpacked = Files.list(tmp)) {
      assertThat(unpacked.map(p -> p.getFileName().toString()).toList()).singleElement()
          .matches(name -> name.matches("[0-9a-f]{64}"));
    }
  }

  /** Every layer's name, then each entry's path in the image, mode, source and source modification time. */
  private static List<String> describe(ApplicationPlan plan) throws IOException {
    List<String> lines = new ArrayList<>();
    for (PlannedLayer layer : plan.layers()) {
      lines.add(layer.name());
      for (LayerFile f : layer.files()) {
        lines.add(f.pathInImage() + " " + f.executable() + " " + f.source() + " "
            + Files.getLastModifiedTime(f.source()));
      }
    }
    return lines;
  }

  /**
   * Lays the planned files out as the image would hold them (the app root is a folder of this machine) and runs
   * the planned entrypoint, then asks the sample for its greeting, which needs a class from every layer.
   */
  @ParameterizedTest
  @ValueSource(strings = {"exploded", "thin-jar", "spring-boot-jar"})
  void runsTheSampleFromThePlannedLayout(String shape) throws Exception {
    Path image = tmp.resolve("image");
    ContainerSettings settings = ContainerSettings.builder().appRoot(image.toString())
        .jvmFlags(List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1")).build();
    BuildOutput output = switch (shape) {
      case "exploded" -> new BuildOutput.Exploded(Samples.helloAppClasses(),
          Optional.of(Samples.helloAppDependencies()));
      case "thin-jar" -> new BuildOutput.ThinJar(Samples.helloAppThinJar());
      default -> new BuildOutput.SpringBootJar(Samples.helloAppBootJar());
    };
    try (ApplicationPlan plan = ApplicationPlanner.plan(output, settings, "base/jre17", tmp.resolve("scratch"))) {
      for (PlannedLayer layer : plan.layers()) {
        for (LayerFile file : layer.files()) {
          Path copy = Path.of(file.pathInImage());
          if (Plans.isFolder(file)) {
            Files.createDirectories(copy);
            continue;
          }
          Files.createDirectories(copy.getParent());
          Files.copy(file.source(), copy, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      List<String> command = new ArrayList<>(plan.entrypoint().orElseThrow());
      command.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true);
      builder.environment().put("PORT", String.valueOf(port));
      builder.environment().put("NAME", "harbor");
      Process app = builder.start();
      try {
        CompletableFuture<String> started = CompletableFuture.supplyAsync(() -> firstLines(app));
        String log = started.get(60, TimeUnit.SECONDS);
        assertThat(log).contains("hello-app listening on port " + port);
        HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("Greetings from a resource layer", "Hello, Harbor!");
      } finally {
        app.destroy();
        if (!app.waitFor(10, TimeUnit.SECONDS)) {
          app.destroyForcibly();
        }
      }
    }
  }

  /** The output up to the line that says the sample listens, or everything if it exits first. */
  private static String firstLines(Process app) {
    StringBuilder seen = new StringBuilder();
    try {
      BufferedReader reader = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        seen.append(line).append('\n');
        if (line.contains("listening on port")) {
          break;
        }
      }
    } catch (IOException e) {
      seen.append(e);
    }
    return seen.toString();
  }
}
