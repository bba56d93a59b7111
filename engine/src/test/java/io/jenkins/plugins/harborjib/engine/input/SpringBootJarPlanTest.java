package io.jenkins.plugins.harborjib.engine.input;

import static io.jenkins.plugins.harborjib.engine.input.Plans.invalid;
import static io.jenkins.plugins.harborjib.engine.input.Plans.layerNames;
import static io.jenkins.plugins.harborjib.engine.input.Plans.paths;
import static io.jenkins.plugins.harborjib.engine.input.Plans.plan;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.ContainerSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpringBootJarPlanTest {
  static final String LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";
  static final String INDEX = """
      - "dependencies":
        - "BOOT-INF/lib/dep-a-1.0.jar"
        - "BOOT-INF/lib/dep-b-1.0.jar"
      - "spring-boot-loader":
        - "org/"
      - "snapshot-dependencies":
      - "application":
        - "BOOT-INF/classes/"
        - "BOOT-INF/classpath.idx"
        - "BOOT-INF/layers.idx"
        - "BOOT-INF/lib/module-1.0-SNAPSHOT.jar"
        - "META-INF/"
      """;

  @TempDir Path tmp;
  Path scratch;

  @BeforeEach
  void setUp() {
    scratch = tmp.resolve("scratch");
  }

  Map<String, byte[]> bootEntries(String layersIndex) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("org/springframework/boot/loader/launch/JarLauncher.class", Fixtures.bytes("launcher"));
    entries.put("BOOT-INF/classes/com/example/app/Main.class", Fixtures.bytes("main"));
    entries.put("BOOT-INF/classes/application.properties", Fixtures.bytes("server.port=8080"));
    entries.put("BOOT-INF/lib/dep-b-1.0.jar", Fixtures.bytes("b"));
    entries.put("BOOT-INF/lib/dep-a-1.0.jar", Fixtures.bytes("a"));
    entries.put("BOOT-INF/lib/module-1.0-SNAPSHOT.jar", Fixtures.bytes("module"));
    entries.put("BOOT-INF/classpath.idx", Fixtures.bytes("- \"BOOT-INF/lib/dep-a-1.0.jar\"\n"));
    if (layersIndex != null) {
      entries.put("BOOT-INF/layers.idx", Fixtures.bytes(layersIndex));
    }
    return entries;
  }

  static Manifest bootManifest() {
    return Fixtures.manifest("Main-Class", LAUNCHER, "Start-Class", Fixtures.MAIN, "Spring-Boot-Version", "3.5.7",
        "Spring-Boot-Layers-Index", "BOOT-INF/layers.idx");
  }

  Path bootJar(String layersIndex) throws Exception {
    return Fixtures.jar(tmp.resolve("target/app-1.0.jar"), bootManifest(), bootEntries(layersIndex));
  }

  @Test
  void layersABootJarByItsLayersIndexInIndexOrder() throws Exception {
    Path jar = bootJar(INDEX);

    try (ApplicationPlan plan = plan(new BuildOutput.SpringBootJar(jar), scratch)) {
      assertThat(plan.shape()).isEqualTo("spring-boot-jar");
      assertThat(layerNames(plan)).containsExactly("dependencies", "spring-boot-loader", "application");
      assertThat(paths(plan, "dependencies")).containsExactly("/app/BOOT-INF/lib/dep-a-1.0.jar",
          "/app/BOOT-INF/lib/dep-b-1.0.jar");
      assertThat(paths(plan, "spring-boot-loader"))
          .containsExactly("/app/org/springframework/boot/loader/launch/JarLauncher.class");
      assertThat(paths(plan, "application")).containsExactly("/app/BOOT-INF/classes/application.properties",
          "/app/BOOT-INF/classes/com/example/app/Main.class", "/app/BOOT-INF/classpath.idx",
          "/app/BOOT-INF/layers.idx", "/app/BOOT-INF/lib/module-1.0-SNAPSHOT.jar", "/app/META-INF/MANIFEST.MF");
      assertThat(plan.entrypoint()).contains(List.of("java", "-cp", "/app", LAUNCHER));
      assertThat(plan.mainClass()).contains(LAUNCHER);
      assertThat(plan.description()).contains(jar.toString(), "Spring Boot 3.5.7, layers.idx", LAUNCHER);
      assertThat(plan.warnings()).isEmpty();
    }
  }

  @Test
  void putsJvmFlagsAndTheAppRootIntoTheLauncherCommand() throws Exception {
    ContainerSettings settings = ContainerSettings.builder().appRoot("/opt/service").jvmFlags(List.of("-Xss1m"))
        .build();

    try (ApplicationPlan plan = plan(new BuildOutput.SpringBootJar(bootJar(INDEX)), settings, scratch)) {
      assertThat(plan.entrypoint()).contains(List.of("java", "-Xss1m", "-cp", "/opt/service", LAUNCHER));
      assertThat(Plans.allPaths(plan)).allMatch(p -> p.startsWith("/opt/service/"));
    }
  }

  @Test
  void givesEachFileTheIndexEntryThatMatchesItMostClosely() throws Exception {
    String index = """
        - "dependencies":
          - "BOOT-INF/lib/"
        - "application":
          - "BOOT-INF/lib/module-1.0-SNAPSHOT.jar"
          - "BOOT-INF/"
          - "META-INF/"
        - "loader":
          - "org/"
        """;

    try (ApplicationPlan plan = plan(new BuildOutput.SpringBootJar(bootJar(index)), scratch)) {
      assertThat(layerNames(plan)).containsExactly("dependencies", "application", "loader");
      assertThat(paths(plan, "dependencies")).containsExactly("/app/BOOT-INF/lib/dep-a-1.0.jar",
          "/app/BOOT-INF/lib/dep-b-1.0.jar");
      assertThat(paths(plan, "application")).contains("/app/BOOT-INF/lib/module-1.0-SNAPSHOT.jar",
          "/app/BOOT-INF/classpath.idx");
    }
  }

  @Test
  void putsFilesTheIndexMissesInItsLastLayerWithAWarning() throws Exception {
    String index = """
        - "dependencies":
          - "BOOT-INF/lib/"
        - "application":
          - "BOOT-INF/classes/"
        """;

    try (ApplicationPlan plan = plan(new BuildOutput.SpringBootJar(bootJar(index)), scratch)) {
      assertThat(paths(plan, "application")).contains("/app/META-INF/MANIFEST.MF",
          "/app/org/springframework/boot/loader/launch/JarLauncher.class");
      assertThat(plan.warnings()).singleElement().asString().contains("in no layer", "application");
    }
  }

  @Test
  void layersABootJarWithoutIndexLikeJibCli() throws Exception {
    Path jar = bootJar(null);

    try (ApplicationPlan plan = plan(new BuildOutput.SpringBootJar(jar), scratch)) {
      assertThat(layerNames(plan)).containsExactly("dependencies", "spring-boot-loader", "snapshot-dependencies",
          "resources", "classes");
      assertThat(paths(plan, "dependencies")).containsExactly("/app/BOOT-INF/lib/dep-a-1.0.jar",
          "/app/BOOT-INF/lib/dep-b-1.0.jar");
      assertThat(paths(plan, "snapshot-dependencies")).containsExactly("/app/BOOT-INF/lib/module-1.0-SNAPSHOT.jar");
      assertThat(paths(plan, "resources")).containsExactly("/app/BOOT-INF/classes/application.properties",
          "/app/BOOT-INF/classpath.idx", "/app/META-INF/MANIFEST.MF");
      assertThat(paths(plan, "classes")).containsExactly("/app/BOOT-INF/classes/com/example/app/Main.class");
      assertThat(plan.description()).contains("no layers.idx");
    }
  }

  @Test
  void usesTheGivenMainClassInsteadOfTheLauncherAndSaysSo() throws Exception {
    String properties = "org.springframework.boot.loader.launch.PropertiesLauncher";
    ContainerSettings settings = ContainerSettings.builder().mainClass(properties).build();

    try (ApplicationPlan plan = plan(new BuildOutput.SpringBootJar(bootJar(INDEX)), settings, scratch)) {
      assertThat(plan.entrypoint()).contains(List.of("java", "-cp", "/app", properties));
      assertThat(plan.mainClass()).contains(properties);
      assertThat(plan.description()).contains(properties + " from mainClass instead of the manifest's Main-Class "
          + LAUNCHER);
      assertThat(plan.warnings()).isEmpty();
    }
  }

  @Test
  void warnsWhenTheGivenMainClassIsTheStartClass() throws Exception {
    ContainerSettings settings = ContainerSettings.builder().mainClass(Fixtures.MAIN).build();

    try (ApplicationPlan plan = plan(new BuildOutput.SpringBootJar(bootJar(INDEX)), settings, scratch)) {
      assertThat(plan.warnings()).singleElement().asString().startsWith("mainClass: " + Fixtures.MAIN)
          .contains("Start-Class", "leave mainClass empty", LAUNCHER);
    }
  }

  @Test
  void recognisesABootJarByItsBootInfFolderAlone() throws Exception {
    Path jar = Fixtures.jar(tmp.resolve("target/old.jar"), Fixtures.manifest("Main-Class",
        "org.springframework.boot.loader.JarLauncher"), bootEntries(null));

    try (ApplicationPlan plan = plan(new BuildOutput.SpringBootJar(jar), scratch)) {
      assertThat(plan.entrypoint().orElseThrow()).last().isEqualTo("org.springframework.boot.loader.JarLauncher");
      assertThat(plan.description()).contains("version unknown");
    }
  }

  @Test
  void refusesAJarThatIsNotASpringBootJar() throws Exception {
    Path jar = Fixtures.jar(tmp.resolve("target/thin.jar"), Fixtures.manifest("Main-Class", Fixtures.MAIN),
        Map.of("com/example/app/Main.class", Fixtures.bytes("main")));

    var e = invalid("buildOutput.jar", () -> plan(new BuildOutput.SpringBootJar(jar), scratch));

    assertThat(e.getMessage()).contains(jar.toString(), "is not a Spring Boot executable jar", "repackage",
        "thin jar shape");
  }

  @Test
  void refusesABootJarWithoutMainClass() throws Exception {
    Path jar = Fixtures.jar(tmp.resolve("target/app.jar"), Fixtures.manifest("Spring-Boot-Version", "3.5.7"),
        bootEntries(INDEX));

    var e = invalid("buildOutput.jar", () -> plan(new BuildOutput.SpringBootJar(jar), scratch));

    assertThat(e.getMessage()).contains(jar.toString(), "no Main-Class", "set mainClass", LAUNCHER);
  }

  @Test
  void refusesAMalformedLayersIndexBeforeUnpacking() throws Exception {
    Path jar = bootJar(INDEX + "dependencies: [oops]\n");

    var e = invalid("buildOutput.jar", () -> plan(new BuildOutput.SpringBootJar(jar), scratch));

    assertThat(e.getMessage()).contains(jar.toString(), "BOOT-INF/layers.idx", "line 13", "dependencies: [oops]",
        "spring-boot-maven-plugin");
    assertThat(scratch).doesNotExist();
  }

  @Test
  void parsesTheLayersIndexAndRejectsRepeatedOrOrphanEntries() throws Exception {
    Path jar = tmp.resolve("app.jar");
    var parsed = SpringBootJarPlanner.parseLayersIndex("f", jar, INDEX.lines().toList());

    assertThat(parsed.keySet()).containsExactly("dependencies", "spring-boot-loader", "snapshot-dependencies",
        "application");
    assertThat(parsed.get("snapshot-dependencies")).isEmpty();
    invalid("f", () -> SpringBootJarPlanner.parseLayersIndex("f", jar, List.of("  - \"org/\"")));
    invalid("f", () -> SpringBootJarPlanner.parseLayersIndex("f", jar, List.of("- \"a\":", "- \"a\":")));
    invalid("f", () -> SpringBootJarPlanner.parseLayersIndex("f", jar, List.of("")));
  }
}
