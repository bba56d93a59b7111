package io.jenkins.plugins.harborjib.engine.input;

import static io.jenkins.plugins.harborjib.engine.input.Plans.invalid;
import static io.jenkins.plugins.harborjib.engine.input.Plans.layerNames;
import static io.jenkins.plugins.harborjib.engine.input.Plans.paths;
import static io.jenkins.plugins.harborjib.engine.input.Plans.plan;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.ContainerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThinJarPlanTest {
  static final String CLASS_PATH = "lib/lib-a-1.0.jar lib/lib-b-2.0-SNAPSHOT.jar";

  @TempDir Path tmp;
  Path target;
  Path scratch;
  Map<String, byte[]> content;

  @BeforeEach
  void buildOutput() throws Exception {
    target = tmp.resolve("target");
    content = Fixtures.entriesOf(Fixtures.classesFolder(tmp.resolve("build/classes")), "");
    Fixtures.dependencyJar(target.resolve("lib/lib-a-1.0.jar"));
    Fixtures.dependencyJar(target.resolve("lib/lib-b-2.0-SNAPSHOT.jar"));
    scratch = tmp.resolve("scratch");
  }

  Path thinJar(Manifest manifest) throws Exception {
    return Fixtures.jar(target.resolve("app-1.0.jar"), manifest, content);
  }

  Path thinJar(String classPath) throws Exception {
    return thinJar(Fixtures.manifest("Main-Class", Fixtures.MAIN, "Class-Path", classPath));
  }

  @Test
  void layersAThinJarsDependenciesBySnapshotness() throws Exception {
    Path jar = thinJar(CLASS_PATH);

    try (ApplicationPlan plan = plan(new BuildOutput.ThinJar(jar), scratch)) {
      assertThat(plan.shape()).isEqualTo("thin-jar");
      assertThat(layerNames(plan)).containsExactly("dependencies", "snapshot-dependencies", "resources", "classes");
      assertThat(paths(plan, "dependencies")).containsExactly("/app/libs/lib-a-1.0.jar");
      assertThat(paths(plan, "snapshot-dependencies")).containsExactly("/app/libs/lib-b-2.0-SNAPSHOT.jar");
      assertThat(Plans.file(plan, "/app/libs/lib-a-1.0.jar").source()).isEqualTo(target.resolve("lib/lib-a-1.0.jar"));
      assertThat(plan.warnings()).isEmpty();
    }
  }

  @Test
  void unpacksTheJarIntoResourcesAndClassesForSmallClassChanges() throws Exception {
    Path jar = thinJar(CLASS_PATH);

    try (ApplicationPlan plan = plan(new BuildOutput.ThinJar(jar), scratch)) {
      assertThat(paths(plan, "resources")).containsExactly("/app/resources/META-INF/MANIFEST.MF",
          "/app/resources/app.properties", "/app/resources/static/index.html");
      assertThat(paths(plan, "classes")).containsExactly("/app/classes/com/example/app/Helper.class",
          "/app/classes/com/example/app/Main.class");
      assertThat(plan.entrypoint()).contains(
          List.of("java", "-cp", "/app/resources:/app/classes:/app/libs/*", Fixtures.MAIN));
      assertThat(plan.mainClass()).contains(Fixtures.MAIN);
      assertThat(plan.description()).contains(jar.toString(), "Main-Class", "unpacked");
      LayerFile main = Plans.file(plan, "/app/classes/com/example/app/Main.class");
      assertThat(main.source()).startsWith(scratch).isRegularFile();
      assertThat(Files.readAllBytes(main.source())).isEqualTo(content.get("com/example/app/Main.class"));
      assertThat(main.executable()).isFalse();
    }
  }

  @Test
  void keepsTheUnpackedJarInAFolderNamedByItsDigestForTheNextPush() throws Exception {
    Path jar = thinJar(CLASS_PATH);
    String digest = Fixtures.unpackedKey(jar);
    LayerFile main;
    try (ApplicationPlan plan = plan(new BuildOutput.ThinJar(jar), scratch)) {
      assertThat(plan.scratch()).isEmpty();
      main = Plans.file(plan, "/app/classes/com/example/app/Main.class");
    }
    assertThat(main.source()).startsWith(scratch.resolve(digest)).isRegularFile();
    FileTime unpackedAt = Files.getLastModifiedTime(main.source());

    try (ApplicationPlan again = plan(new BuildOutput.ThinJar(jar), scratch)) {
      LayerFile same = Plans.file(again, "/app/classes/com/example/app/Main.class");
      assertThat(same.source()).isEqualTo(main.source());
      assertThat(Files.getLastModifiedTime(same.source())).isEqualTo(unpackedAt);
    }
    assertThat(Fixtures.contentsOf(scratch)).allMatch(p -> p.startsWith(digest));
  }

  @Test
  void unpacksAChangedJarIntoAFolderOfItsOwn() throws Exception {
    Path jar = thinJar(CLASS_PATH);
    String before = Fixtures.unpackedKey(jar);
    plan(new BuildOutput.ThinJar(jar), scratch).close();
    content = new LinkedHashMap<>(content);
    content.put("com/example/app/Main.class", Fixtures.bytes("main, changed"));
    jar = thinJar(CLASS_PATH);

    try (ApplicationPlan plan = plan(new BuildOutput.ThinJar(jar), scratch)) {
      LayerFile main = Plans.file(plan, "/app/classes/com/example/app/Main.class");
      assertThat(main.source()).startsWith(scratch.resolve(Fixtures.unpackedKey(jar)));
      assertThat(Files.readAllBytes(main.source())).isEqualTo(Fixtures.bytes("main, changed"));
    }
    assertThat(scratch.resolve(before)).isDirectory();
  }

  @Test
  void unpacksAgainWhenTheUnpackedCopyWasDamaged() throws Exception {
    Path jar = thinJar(CLASS_PATH);
    Path folder = scratch.resolve(Fixtures.unpackedKey(jar));
    plan(new BuildOutput.ThinJar(jar), scratch).close();
    Files.writeString(folder.resolve("app.properties"), "someone wrote here, and more than before");
    Files.delete(folder.resolve("com/example/app/Helper.class"));

    try (ApplicationPlan plan = plan(new BuildOutput.ThinJar(jar), scratch)) {
      assertThat(Files.readAllBytes(Plans.file(plan, "/app/resources/app.properties").source()))
          .isEqualTo(content.get("app.properties"));
      assertThat(Plans.file(plan, "/app/classes/com/example/app/Helper.class").source()).isRegularFile();
    }
  }

  @Test
  void concurrentPlansOfOneJarShareOneUnpackedCopy() throws Exception {
    Path jar = thinJar(CLASS_PATH);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Path>> sources = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        sources.add(pool.submit(() -> {
          try (ApplicationPlan plan = plan(new BuildOutput.ThinJar(jar), scratch)) {
            Path main = Plans.file(plan, "/app/classes/com/example/app/Main.class").source();
            assertThat(Files.readAllBytes(main)).isEqualTo(content.get("com/example/app/Main.class"));
            return main;
          }
        }));
      }
      for (Future<Path> source : sources) {
        assertThat(source.get()).isEqualTo(scratch.resolve(Fixtures.unpackedKey(jar)).resolve("com/example/app/Main.class"));
      }
    } finally {
      pool.shutdownNow();
    }
    try (var entries = Files.list(scratch)) {
      assertThat(entries.map(p -> p.getFileName().toString()).toList()).containsExactly(Fixtures.unpackedKey(jar));
    }
  }

  @Test
  void refusesAThinJarWithoutMainClassSayingHowToFixIt() throws Exception {
    Path jar = thinJar(Fixtures.manifest("Class-Path", CLASS_PATH));

    var e = invalid("buildOutput.jar", () -> plan(new BuildOutput.ThinJar(jar), scratch));

    assertThat(e.getMessage()).isEqualTo("buildOutput.jar: " + jar + " has no Main-Class in META-INF/MANIFEST.MF;"
        + " set mainClass, or add <mainClass> to maven-jar-plugin's manifest configuration");
    assertThat(Fixtures.contentsOf(scratch)).isEmpty();
  }

  @Test
  void usesTheGivenMainClassWhenTheManifestHasNone() throws Exception {
    Path jar = thinJar(Fixtures.manifest("Class-Path", CLASS_PATH));
    ContainerSettings settings = ContainerSettings.builder().mainClass(Fixtures.MAIN).build();

    try (ApplicationPlan plan = plan(new BuildOutput.ThinJar(jar), settings, scratch)) {
      assertThat(plan.mainClass()).contains(Fixtures.MAIN);
      assertThat(plan.description()).contains("from mainClass");
    }
  }

  @Test
  void refusesAManifestMainClassThatIsNotAClassName() throws Exception {
    Path jar = thinJar(Fixtures.manifest("Main-Class", "com.example.Main Extra", "Class-Path", CLASS_PATH));

    var e = invalid("buildOutput.jar", () -> plan(new BuildOutput.ThinJar(jar), scratch));

    assertThat(e.getMessage()).contains("'com.example.Main Extra'", "<mainClass>");
  }

  @Test
  void warnsWhenTheMainClassIsNotInTheJar() throws Exception {
    Path jar = thinJar(Fixtures.manifest("Main-Class", "com.example.Elsewhere", "Class-Path", CLASS_PATH));

    try (ApplicationPlan plan = plan(new BuildOutput.ThinJar(jar), scratch)) {
      assertThat(plan.warnings()).singleElement().asString().contains("com.example.Elsewhere", "Main-Class");
    }
  }

  @Test
  void refusesAClassPathJarThatDoesNotExistNamingIt() throws Exception {
    Path jar = thinJar(CLASS_PATH + " lib/missing-3.0.jar");

    var e = invalid("buildOutput.jar", () -> plan(new BuildOutput.ThinJar(jar), scratch));

    assertThat(e.getMessage()).contains(jar.toString(), target.resolve("lib/missing-3.0.jar").toString(),
        "mvn dependency:copy-dependencies -DoutputDirectory=" + target.resolve("lib"));
    assertThat(scratch).doesNotExist();
  }

  @Test
  void refusesAbsoluteClassPathEntries() throws Exception {
    Path absolute = target.resolve("lib/lib-a-1.0.jar").toAbsolutePath();
    for (String entry : List.of(absolute.toString(), absolute.toUri().toString(), "http://example.com/x.jar")) {
      Path jar = thinJar(entry);
      var e = invalid("buildOutput.jar", () -> plan(new BuildOutput.ThinJar(jar), scratch));
      assertThat(e.getMessage()).contains("'" + entry + "'", "absolute", "next to the jar");
    }
  }

  @Test
  void refusesClassPathEntriesThatLeaveTheJarsFolder() throws Exception {
    Fixtures.dependencyJar(tmp.resolve("outside-1.0.jar"));
    Path jar = thinJar(CLASS_PATH + " ../outside-1.0.jar");

    var e = invalid("buildOutput.jar", () -> plan(new BuildOutput.ThinJar(jar), scratch));

    assertThat(e.getMessage()).contains("'../outside-1.0.jar'", "out of the jar's folder", target.toString());
  }

  @Test
  void refusesAClassPathSymbolicLinkThatLeavesTheJarsFolder() throws Exception {
    Path outside = Fixtures.dependencyJar(tmp.resolve("elsewhere/outside-1.0.jar"));
    Files.createSymbolicLink(target.resolve("lib/outside-1.0.jar"), outside);
    Path jar = thinJar(CLASS_PATH + " lib/outside-1.0.jar");

    var e = invalid("buildOutput.jar", () -> plan(new BuildOutput.ThinJar(jar), scratch));

    assertThat(e.getMessage()).contains("'lib/outside-1.0.jar'", "symbolic link", outside.toString());
  }

  @Test
  void acceptsClassPathEntriesThatStayInsideTheJarsFolder() throws Exception {
    Fixtures.dependencyJar(target.resolve("lib/my lib-1.0.jar"));
    Path jar = thinJar("lib/../lib/lib-a-1.0.jar ./lib/lib-b-2.0-SNAPSHOT.jar lib/my%20lib-1.0.jar lib/lib-a-1.0.jar");

    try (ApplicationPlan plan = plan(new BuildOutput.ThinJar(jar), scratch)) {
      assertThat(paths(plan, "dependencies")).containsExactly("/app/libs/lib-a-1.0.jar", "/app/libs/my lib-1.0.jar");
      assertThat(paths(plan, "snapshot-dependencies")).containsExactly("/app/libs/lib-b-2.0-SNAPSHOT.jar");
    }
  }

  @Test
  void refusesAClassPathEntryThatIsAFolder() throws Exception {
    Files.createDirectories(target.resolve("extra-classes"));
    Path jar = thinJar(CLASS_PATH + " extra-classes/");

    var e = invalid("buildOutput.jar", () -> plan(new BuildOutput.ThinJar(jar), scratch));

    assertThat(e.getMessage()).contains("'extra-classes/'", "folder", "exploded shape");
  }

  @Test
  void refusesAnAbsurdlyLongClassPath() throws Exception {
    List<String> entries = new ArrayList<>();
    for (int i = 0; i <= ClassPathEntries.MAX_ENTRIES; i++) {
      entries.add("lib/x" + i + ".jar");
    }
    Path jar = thinJar(String.join(" ", entries));

    var e = invalid("buildOutput.jar", () -> plan(new BuildOutput.ThinJar(jar), scratch));

    assertThat(e.getMessage()).contains("10001 entries", "more than 10000");
  }

  @Test
  void aThinJarWithoutClassPathHasNoDependencyLayers() throws Exception {
    Path jar = thinJar(Fixtures.manifest("Main-Class", Fixtures.MAIN));

    try (ApplicationPlan plan = plan(new BuildOutput.ThinJar(jar), scratch)) {
      assertThat(layerNames(plan)).containsExactly("resources", "classes");
    }
  }

  @Test
  void refusesASpringBootJarGivenAsAThinJar() throws Exception {
    Map<String, byte[]> boot = new LinkedHashMap<>();
    boot.put("BOOT-INF/classes/com/example/app/Main.class", content.get("com/example/app/Main.class"));
    Path jar = Fixtures.jar(target.resolve("app-boot.jar"), Fixtures.manifest("Main-Class",
        "org.springframework.boot.loader.launch.JarLauncher"), boot);

    var e = invalid("buildOutput.jar", () -> plan(new BuildOutput.ThinJar(jar), scratch));

    assertThat(e.getMessage()).contains(jar.toString(), "Spring Boot", "Spring Boot jar shape");
  }

  @Test
  void keepsAMultiReleaseJarPackaged() throws Exception {
    content.put("META-INF/versions/11/com/example/app/Helper.class", content.get("com/example/app/Helper.class"));
    Path jar = thinJar(Fixtures.manifest("Main-Class", Fixtures.MAIN, "Class-Path", CLASS_PATH, "Multi-Release",
        "true"));

    try (ApplicationPlan plan = plan(new BuildOutput.ThinJar(jar), scratch)) {
      assertThat(layerNames(plan)).containsExactly("dependencies", "snapshot-dependencies", "classes");
      assertThat(paths(plan, "classes")).containsExactly("/app/classpath/app-1.0.jar");
      assertThat(plan.entrypoint()).contains(
          List.of("java", "-cp", "/app/classpath/app-1.0.jar:/app/libs/*", Fixtures.MAIN));
      assertThat(plan.scratch()).isEmpty();
      assertThat(plan.description()).contains("Multi-Release");
    }
  }

  @Test
  void warnsAboutManifestAttributesThatOnlyJavaJarHonours() throws Exception {
    Path jar = thinJar(Fixtures.manifest("Main-Class", Fixtures.MAIN, "Class-Path", CLASS_PATH, "Add-Opens",
        "java.base/java.lang", "Implementation-Version", "1.0"));

    try (ApplicationPlan plan = plan(new BuildOutput.ThinJar(jar), scratch)) {
      assertThat(plan.warnings()).hasSize(2);
      assertThat(plan.warnings().get(0)).contains("Add-Opens: java.base/java.lang", "jvmFlags", "--add-opens");
      assertThat(plan.warnings().get(1)).contains("getImplementationVersion");
    }
  }

  @Test
  void refusesAMissingJarBeforeWritingAnything() {
    Path jar = target.resolve("app-9.9.jar");

    var e = invalid("buildOutput.jar", () -> plan(new BuildOutput.ThinJar(jar), scratch));

    assertThat(e.getMessage()).isEqualTo("buildOutput.jar: " + jar + " does not exist; build it first (mvn package),"
        + " or correct the path");
    assertThat(scratch).doesNotExist();
  }

  @Test
  void refusesAJarPathThatIsAFolderOrEmpty() {
    var folder = invalid("buildOutput.jar", () -> plan(new BuildOutput.ThinJar(target), scratch));
    var empty = invalid("buildOutput.jar", () -> plan(new BuildOutput.ThinJar(Path.of(" ")), scratch));

    assertThat(folder.getMessage()).contains(target.toString(), "is not a file");
    assertThat(empty.getMessage()).startsWith("buildOutput.jar is empty");
  }

  @Test
  void refusesAFileThatIsNotAJar() throws Exception {
    Path jar = Files.writeString(target.resolve("app-1.0.jar"), "not a zip");

    var e = invalid("buildOutput.jar", () -> plan(new BuildOutput.ThinJar(jar), scratch));

    assertThat(e.getMessage()).contains(jar.toString(), "cannot be read as a zip archive", "mvn package");
  }
}
