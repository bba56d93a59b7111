package io.jenkins.plugins.harborjib.engine.input;

import static io.jenkins.plugins.harborjib.engine.input.Plans.invalid;
import static io.jenkins.plugins.harborjib.engine.input.Plans.layerNames;
import static io.jenkins.plugins.harborjib.engine.input.Plans.plan;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.engine.BuildOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoDetectPlanTest {
  @TempDir Path tmp;
  Path module;
  Path target;
  Path scratch;

  @BeforeEach
  void setUp() throws Exception {
    module = tmp.resolve("hello-app");
    target = module.resolve("target");
    Files.createDirectories(target);
    Files.writeString(module.resolve("pom.xml"), "<project/>");
    scratch = tmp.resolve("scratch");
  }

  Path war(String name) throws Exception {
    return Fixtures.jar(target.resolve(name), Fixtures.manifest(),
        Map.of("WEB-INF/classes/com/example/S.class", Fixtures.bytes("s"), "index.html", Fixtures.bytes("hi")));
  }

  Path bootJar(String name) throws Exception {
    return Fixtures.jar(target.resolve(name), Fixtures.manifest("Main-Class",
        "org.springframework.boot.loader.launch.JarLauncher", "Spring-Boot-Version", "3.5.7"),
        Map.of("BOOT-INF/classes/com/example/app/Main.class", Fixtures.bytes("main"),
            "org/springframework/boot/loader/launch/JarLauncher.class", Fixtures.bytes("launcher")));
  }

  Path thinJar(String name, String classPath) throws Exception {
    return Fixtures.jar(target.resolve(name), Fixtures.manifest("Main-Class", Fixtures.MAIN, "Class-Path",
        classPath), Fixtures.entriesOf(Fixtures.compile(tmp.resolve("build/" + name), Fixtures.appSources()), ""));
  }

  Path classes() throws Exception {
    return Fixtures.classesFolder(target.resolve("classes"));
  }

  @Test
  void detectsAWarBeforeAnythingElse() throws Exception {
    Path war = war("hello-1.0.war");
    bootJar("hello-1.0-boot.jar");
    classes();

    try (ApplicationPlan plan = plan(new BuildOutput.AutoDetect(module), scratch)) {
      assertThat(plan.shape()).isEqualTo("war");
      assertThat(plan.description()).startsWith("detected the only war in " + target + ": " + war);
      assertThat(plan.warnings()).singleElement().asString().startsWith("buildOutput: the base image")
          .contains("name the war explicitly and set its appRoot");
    }
  }

  @Test
  void detectsTheSpringBootJarBeforeAThinJar() throws Exception {
    Fixtures.dependencyJar(target.resolve("lib/lib-a-1.0.jar"));
    thinJar("hello-1.0.jar", "lib/lib-a-1.0.jar");
    Path boot = bootJar("hello-1.0-boot.jar");
    classes();

    try (ApplicationPlan plan = plan(new BuildOutput.AutoDetect(module), scratch)) {
      assertThat(plan.shape()).isEqualTo("spring-boot-jar");
      assertThat(plan.description()).startsWith("detected the only Spring Boot jar in " + target)
          .contains("hello-1.0.jar not used", boot.toString());
    }
  }

  @Test
  void detectsAThinJarWhoseClassPathJarsExist() throws Exception {
    Fixtures.dependencyJar(target.resolve("lib/lib-a-1.0.jar"));
    Path jar = thinJar("hello-1.0.jar", "lib/lib-a-1.0.jar");
    classes();

    try (ApplicationPlan plan = plan(new BuildOutput.AutoDetect(module), scratch)) {
      assertThat(plan.shape()).isEqualTo("thin-jar");
      assertThat(plan.description()).startsWith("detected the only jar with Main-Class in " + target + ": " + jar);
      assertThat(layerNames(plan)).containsExactly("dependencies", "resources", "classes");
    }
  }

  @Test
  void fallsBackToClassesWhenTheThinJarsClassPathIsMissing() throws Exception {
    thinJar("hello-1.0.jar", "lib/lib-a-1.0.jar");
    classes();
    Fixtures.dependencyJar(target.resolve("dependency/lib-a-1.0.jar"));

    ApplicationPlan plan = plan(new BuildOutput.AutoDetect(module), scratch);

    assertThat(plan.shape()).isEqualTo("exploded");
    assertThat(plan.description()).contains(target.resolve("classes").toString(),
        target.resolve("dependency").toString(), "hello-1.0.jar has Main-Class", "lib-a-1.0.jar");
    assertThat(layerNames(plan)).containsExactly("dependencies", "resources", "classes");
  }

  @Test
  void refusesAThinJarWithMissingClassPathJarsWhenThereAreNoClasses() throws Exception {
    thinJar("hello-1.0.jar", "lib/lib-a-1.0.jar");

    var e = invalid("buildOutput", () -> plan(new BuildOutput.AutoDetect(module), scratch));

    assertThat(e.getMessage()).contains(target.resolve("lib/lib-a-1.0.jar").toString(), "copy-dependencies");
  }

  @Test
  void detectsClassesAndTheDependencyFolder() throws Exception {
    classes();
    Fixtures.dependencyJar(target.resolve("dependency/lib-a-1.0.jar"));

    ApplicationPlan plan = plan(new BuildOutput.AutoDetect(module), scratch);

    assertThat(plan.shape()).isEqualTo("exploded");
    assertThat(plan.warnings()).isEmpty();
    assertThat(plan.entrypoint().orElseThrow()).last().isEqualTo(Fixtures.MAIN);
  }

  @Test
  void detectsClassesWithoutDependenciesWithAWarning() throws Exception {
    classes();

    ApplicationPlan plan = plan(new BuildOutput.AutoDetect(module), scratch);

    assertThat(plan.shape()).isEqualTo("exploded");
    assertThat(plan.warnings()).singleElement().asString().startsWith("buildOutput:")
        .contains("mvn dependency:copy-dependencies");
  }

  @Test
  void acceptsTheTargetFolderItself() throws Exception {
    war("hello-1.0.war");

    try (ApplicationPlan plan = plan(new BuildOutput.AutoDetect(target), scratch)) {
      assertThat(plan.shape()).isEqualTo("war");
    }
  }

  @Test
  void ignoresSourcesJavadocTestAndOriginalJars() throws Exception {
    Fixtures.dependencyJar(target.resolve("lib/lib-a-1.0.jar"));
    thinJar("hello-1.0.jar", "lib/lib-a-1.0.jar");
    for (String ignored : new String[] {"hello-1.0-sources.jar", "hello-1.0-javadoc.jar", "hello-1.0-tests.jar"}) {
      thinJar(ignored, "lib/lib-a-1.0.jar");
    }
    Files.copy(bootJar("x.jar"), target.resolve("hello-1.0.jar.original"));
    Files.delete(target.resolve("x.jar"));

    try (ApplicationPlan plan = plan(new BuildOutput.AutoDetect(module), scratch)) {
      assertThat(plan.shape()).isEqualTo("thin-jar");
      assertThat(plan.description()).contains(target.resolve("hello-1.0.jar").toString());
    }
  }

  @Test
  void refusesTwoWarsNamingThem() throws Exception {
    war("a-1.0.war");
    war("b-1.0.war");

    var e = invalid("buildOutput", () -> plan(new BuildOutput.AutoDetect(module), scratch));

    assertThat(e.getMessage()).contains(target.toString(), "2 wars", "a-1.0.war, b-1.0.war", "explicitly");
  }

  @Test
  void refusesTwoSpringBootJarsNamingThem() throws Exception {
    bootJar("a-boot.jar");
    bootJar("b-boot.jar");

    var e = invalid("buildOutput", () -> plan(new BuildOutput.AutoDetect(module), scratch));

    assertThat(e.getMessage()).contains("2 Spring Boot jars", "a-boot.jar, b-boot.jar");
  }

  @Test
  void refusesTwoJarsWithMainClassNamingThem() throws Exception {
    thinJar("a.jar", "");
    thinJar("b.jar", "");
    classes();

    var e = invalid("buildOutput", () -> plan(new BuildOutput.AutoDetect(module), scratch));

    assertThat(e.getMessage()).contains("2 jars with Main-Class", "a.jar, b.jar");
  }

  @Test
  void refusesAFolderWithoutBuildOutputListingWhatItFound() throws Exception {
    Fixtures.dependencyJar(target.resolve("hello-lib-1.0.jar"));
    Fixtures.dependencyJar(target.resolve("hello-lib-1.0-sources.jar"));

    var e = invalid("buildOutput", () -> plan(new BuildOutput.AutoDetect(module), scratch));

    assertThat(e.getMessage()).contains(target.toString(), "hello-lib-1.0.jar (no Main-Class)",
        "hello-lib-1.0-sources.jar (ignored)", "mvn package", "explicitly");
  }

  @Test
  void refusesAModuleThatWasNotBuilt() throws Exception {
    Files.delete(target);

    var e = invalid("buildOutput", () -> plan(new BuildOutput.AutoDetect(module), scratch));

    assertThat(e.getMessage()).contains(module.toString(), "found no build output", "mvn package");
  }

  @Test
  void refusesAMissingOrEmptyModuleFolder() {
    var missing = invalid("buildOutput", () -> plan(new BuildOutput.AutoDetect(tmp.resolve("nope")), scratch));
    var empty = invalid("buildOutput", () -> plan(new BuildOutput.AutoDetect(Path.of("")), scratch));

    assertThat(missing.getMessage()).contains(tmp.resolve("nope").toString(), "does not exist");
    assertThat(empty.getMessage()).startsWith("buildOutput is empty");
  }

  @Test
  void reportsProblemsOfTheDetectedShapeOnTheBuildOutputField() throws Exception {
    Files.createDirectories(target.resolve("classes"));

    var e = invalid("buildOutput", () -> plan(new BuildOutput.AutoDetect(module), scratch));

    assertThat(e.getMessage()).contains("holds no files");
  }
}
