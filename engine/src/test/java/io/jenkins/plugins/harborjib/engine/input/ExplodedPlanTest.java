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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplodedPlanTest {
  @TempDir Path tmp;
  Path classes;
  Path dependency;
  Path scratch;

  @BeforeEach
  void buildOutput() throws Exception {
    classes = Fixtures.classesFolder(tmp.resolve("target/classes"));
    dependency = tmp.resolve("target/dependency");
    Fixtures.dependencyJar(dependency.resolve("lib-a-1.0.jar"));
    Fixtures.dependencyJar(dependency.resolve("lib-b-2.0-SNAPSHOT.jar"));
    scratch = tmp.resolve("scratch");
  }

  @Test
  void layersClassesAndDependenciesLikeJibMavenPlugin() throws Exception {
    ApplicationPlan plan = plan(new BuildOutput.Exploded(classes, Optional.of(dependency)), scratch);

    assertThat(plan.shape()).isEqualTo("exploded");
    assertThat(layerNames(plan)).containsExactly("dependencies", "snapshot-dependencies", "resources", "classes");
    assertThat(paths(plan, "dependencies")).containsExactly("/app/libs/lib-a-1.0.jar");
    assertThat(paths(plan, "snapshot-dependencies")).containsExactly("/app/libs/lib-b-2.0-SNAPSHOT.jar");
    assertThat(paths(plan, "resources")).containsExactly("/app/resources/app.properties",
        "/app/resources/static/index.html");
    assertThat(paths(plan, "classes")).containsExactly("/app/classes/com/example/app/Helper.class",
        "/app/classes/com/example/app/Main.class");
    assertThat(plan.entrypoint()).contains(
        List.of("java", "-cp", "/app/resources:/app/classes:/app/libs/*", "com.example.app.Main"));
    assertThat(plan.mainClass()).contains("com.example.app.Main");
    assertThat(plan.warnings()).isEmpty();
    assertThat(plan.scratch()).isEmpty();
    assertThat(plan.description()).contains(classes.toString(), dependency.toString(), "com.example.app.Main");
    assertThat(Plans.file(plan, "/app/libs/lib-a-1.0.jar").source()).isEqualTo(dependency.resolve("lib-a-1.0.jar"));
  }

  @Test
  void putsJvmFlagsBeforeTheClassPathAndFilesBelowTheAppRoot() throws Exception {
    ContainerSettings settings = ContainerSettings.builder().appRoot("/srv//app/")
        .jvmFlags(List.of("-Xmx256m", "-Dspring.profiles.active=prod")).build();

    ApplicationPlan plan = plan(new BuildOutput.Exploded(classes, Optional.of(dependency)), settings, scratch);

    assertThat(plan.entrypoint()).contains(List.of("java", "-Xmx256m", "-Dspring.profiles.active=prod", "-cp",
        "/srv/app/resources:/srv/app/classes:/srv/app/libs/*", "com.example.app.Main"));
    assertThat(Plans.allPaths(plan)).allMatch(p -> p.startsWith("/srv/app/"));
  }

  @Test
  void usesTheGivenMainClassWithoutLookingForOne() throws Exception {
    Fixtures.compile(classes, Map.of("com.example.app.Other", Fixtures.otherMainSource()));
    ContainerSettings settings = ContainerSettings.builder().mainClass("com.example.app.Other").build();

    ApplicationPlan plan = plan(new BuildOutput.Exploded(classes, Optional.of(dependency)), settings, scratch);

    assertThat(plan.mainClass()).contains("com.example.app.Other");
    assertThat(plan.entrypoint().orElseThrow()).last().isEqualTo("com.example.app.Other");
    assertThat(plan.description()).contains("from mainClass");
  }

  @Test
  void refusesClassesWithTwoMainClassesNamingThem() throws Exception {
    Fixtures.compile(classes, Map.of("com.example.app.Other", Fixtures.otherMainSource()));

    var e = invalid("mainClass", () -> plan(new BuildOutput.Exploded(classes, Optional.of(dependency)), scratch));

    assertThat(e.getMessage()).contains(classes.toString(), "com.example.app.Main", "com.example.app.Other",
        "set mainClass");
  }

  @Test
  void refusesClassesWithoutAMainClass() throws Exception {
    Files.delete(classes.resolve("com/example/app/Main.class"));

    var e = invalid("mainClass", () -> plan(new BuildOutput.Exploded(classes, Optional.of(dependency)), scratch));

    assertThat(e.getMessage()).contains(classes.toString(), "no class with a public static void main",
        "set mainClass");
  }

  @Test
  void warnsWhenTheGivenMainClassIsNotAmongTheClasses() throws Exception {
    ContainerSettings settings = ContainerSettings.builder().mainClass("io.vertx.core.Launcher").build();

    ApplicationPlan plan = plan(new BuildOutput.Exploded(classes, Optional.of(dependency)), settings, scratch);

    assertThat(plan.warnings()).singleElement().asString().startsWith("mainClass: io.vertx.core.Launcher")
        .contains("dependency");
  }

  @Test
  void warnsHowToProduceAMissingDependencyFolder() throws Exception {
    ApplicationPlan plan = plan(new BuildOutput.Exploded(classes, Optional.of(tmp.resolve("target/nothing"))),
        scratch);

    assertThat(layerNames(plan)).containsExactly("resources", "classes");
    assertThat(plan.warnings()).singleElement().asString()
        .startsWith("buildOutput.dependencies: " + tmp.resolve("target/nothing") + " does not exist")
        .contains("mvn dependency:copy-dependencies");
  }

  @Test
  void warnsHowToProduceDependenciesWhenNoFolderIsGiven() throws Exception {
    ApplicationPlan plan = plan(new BuildOutput.Exploded(classes, Optional.empty()), scratch);

    assertThat(layerNames(plan)).containsExactly("resources", "classes");
    assertThat(plan.warnings()).singleElement().asString().startsWith("buildOutput.dependencies:")
        .contains("mvn dependency:copy-dependencies");
  }

  @Test
  void skipsFilesOfTheDependencyFolderThatAreNotJars() throws Exception {
    Files.writeString(dependency.resolve("lib-a-1.0.pom"), "<project/>");

    ApplicationPlan plan = plan(new BuildOutput.Exploded(classes, Optional.of(dependency)), scratch);

    assertThat(Plans.allPaths(plan)).noneMatch(p -> p.endsWith(".pom"));
    assertThat(plan.warnings()).singleElement().asString().contains("lib-a-1.0.pom", "not jars");
  }

  @Test
  void tellsApartTwoDependencyJarsWithOneNameBySize() throws Exception {
    Path other = tmp.resolve("target/dependency/nested/lib-a-1.0.jar");
    Fixtures.jar(other, Fixtures.manifest(), Map.of("x.txt", Fixtures.bytes("a larger payload than the other")));

    ApplicationPlan plan = plan(new BuildOutput.Exploded(classes, Optional.of(dependency)), scratch);

    assertThat(paths(plan, "dependencies")).containsExactlyInAnyOrder(
        "/app/libs/lib-a-1.0-" + Files.size(dependency.resolve("lib-a-1.0.jar")) + ".jar",
        "/app/libs/lib-a-1.0-" + Files.size(other) + ".jar");
  }

  @Test
  void marksOnlyExecutableSourceFilesExecutable() throws Exception {
    Path script = classes.resolve("bin/run.sh");
    Files.createDirectories(script.getParent());
    Files.writeString(script, "#!/bin/sh\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

    ApplicationPlan plan = plan(new BuildOutput.Exploded(classes, Optional.of(dependency)), scratch);

    assertThat(Plans.file(plan, "/app/resources/bin/run.sh").executable()).isTrue();
    assertThat(plan.layers().stream().flatMap(l -> l.files().stream())
        .filter(f -> !f.pathInImage().endsWith("run.sh") && !Plans.isFolder(f))).allMatch(f -> !f.executable());
    assertThat(plan.layers().stream().flatMap(l -> l.files().stream()).filter(Plans::isFolder))
        .isNotEmpty().allMatch(LayerFile::executable);
  }

  @Test
  void ordersFilesByPathWhateverOrderTheyWereWrittenIn() throws Exception {
    Path first = tmp.resolve("one/classes");
    Path second = tmp.resolve("two/classes");
    List<String> names = List.of("b.txt", "a/z.txt", "c/d/e.txt", "a.txt", "B.txt", "a/a.txt");
    Fixtures.compile(first, Fixtures.appSources());
    Fixtures.compile(second, Fixtures.appSources());
    for (String name : names) {
      write(first.resolve(name));
    }
    List<String> reversed = new java.util.ArrayList<>(names);
    java.util.Collections.reverse(reversed);
    for (String name : reversed) {
      write(second.resolve(name));
    }

    ApplicationPlan one = plan(new BuildOutput.Exploded(first, Optional.empty()), scratch);
    ApplicationPlan two = plan(new BuildOutput.Exploded(second, Optional.empty()), scratch);

    assertThat(paths(one, "resources")).isEqualTo(paths(two, "resources")).isSorted().containsExactly(
        "/app/resources/B.txt", "/app/resources/a.txt", "/app/resources/a/a.txt", "/app/resources/a/z.txt",
        "/app/resources/b.txt", "/app/resources/c/d/e.txt");
    assertThat(one.entrypoint()).isEqualTo(two.entrypoint());
  }

  @Test
  void refusesAMissingClassesFolder() {
    Path missing = tmp.resolve("module/target/classes");

    var e = invalid("buildOutput.classes", () -> plan(new BuildOutput.Exploded(missing, Optional.empty()), scratch));

    assertThat(e.getMessage()).contains(missing.toString(), "does not exist", "mvn package");
  }

  @Test
  void refusesAnEmptyClassesPath() {
    var e = invalid("buildOutput.classes", () -> plan(new BuildOutput.Exploded(Path.of(""), Optional.empty()),
        scratch));

    assertThat(e.getMessage()).contains("is empty", "target/classes");
  }

  @Test
  void refusesAClassesFolderWithoutFiles() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty/classes/com"));

    var e = invalid("buildOutput.classes", () -> plan(new BuildOutput.Exploded(empty.getParent(),
        Optional.empty()), scratch));

    assertThat(e.getMessage()).contains(empty.getParent().toString(), "holds no files", "mvn package");
  }

  @Test
  void refusesADependencyPathThatIsAFile() {
    Path jar = dependency.resolve("lib-a-1.0.jar");

    var e = invalid("buildOutput.dependencies", () -> plan(new BuildOutput.Exploded(classes, Optional.of(jar)),
        scratch));

    assertThat(e.getMessage()).contains(jar.toString(), "is not a folder");
  }

  @Test
  void refusesAnEmptyDependencyPath() {
    invalid("buildOutput.dependencies", () -> plan(new BuildOutput.Exploded(classes, Optional.of(Path.of(""))),
        scratch));
  }

  @Test
  void refusesAnAppRootThatIsNotAnAbsoluteFolder() {
    for (String appRoot : List.of("app", "/app/../etc", "/app:/other", " ")) {
      ContainerSettings settings = ContainerSettings.builder().appRoot(appRoot).build();
      var e = invalid("appRoot", () -> plan(new BuildOutput.Exploded(classes, Optional.empty()), settings, scratch));
      assertThat(e.getMessage()).contains("/app");
    }
  }

  @Test
  void refusesAMainClassThatIsNotAClassName() {
    for (String mainClass : List.of("com.example app.Main", "-jar", "com..Main", "com.example.Main;")) {
      ContainerSettings settings = ContainerSettings.builder().mainClass(mainClass).build();
      var e = invalid("mainClass", () -> plan(new BuildOutput.Exploded(classes, Optional.empty()), settings,
          scratch));
      assertThat(e.getMessage()).contains("'" + mainClass + "'", "fully qualified name");
    }
  }

  private static void write(Path file) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, file.getFileName().toString());
  }
}
