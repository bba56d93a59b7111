package io.jenkins.plugins.harborjib.engine.input;

import static io.jenkins.plugins.harborjib.engine.input.Plans.invalid;
import static io.jenkins.plugins.harborjib.engine.input.Plans.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.ContainerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile and broken inputs: zip slip, escaping links, unreadable files, and what is left behind. */
class InputSafetyTest {
  @TempDir Path tmp;
  Path scratch;
  Path classes;

  @BeforeEach
  void setUp() throws Exception {
    scratch = Files.createDirectories(tmp.resolve("scratch"));
    classes = Fixtures.classesFolder(tmp.resolve("target/classes"));
  }

  static Map<String, byte[]> withEntry(String name) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("META-INF/MANIFEST.MF", Fixtures.bytes("Manifest-Version: 1.0\nMain-Class: a.Main\n"
        + "Spring-Boot-Version: 3.5.7\n"));
    entries.put("WEB-INF/web.xml", Fixtures.bytes("<web-app/>"));
    entries.put("a/Main.class", Fixtures.bytes("main"));
    entries.put(name, Fixtures.bytes("evil"));
    return entries;
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../evil.sh", "a/../../evil.sh", "/etc/cron.d/evil", "..\\evil.bat", "C:/evil.bat",
      "a/\0/evil"})
  void refusesArchiveEntriesThatWouldLandOutsideTheScratchFolder(String name) throws Exception {
    Path zip = Fixtures.zip(tmp.resolve("target/evil.zip"), withEntry(name));
    List<BuildOutput> outputs = List.of(new BuildOutput.ThinJar(zip), new BuildOutput.SpringBootJar(zip),
        new BuildOutput.War(zip, Optional.empty()));
    List<String> fields = List.of("buildOutput.jar", "buildOutput.jar", "buildOutput.war");

    for (int i = 0; i < outputs.size(); i++) {
      BuildOutput output = outputs.get(i);
      var e = invalid(fields.get(i), () -> plan(output, scratch));
      assertThat(e.getMessage()).contains(zip.toString(), "unsafe entry", "refuses");
      assertThat(Fixtures.contentsOf(scratch)).isEmpty();
    }
    assertThat(tmp.resolve("evil.sh")).doesNotExist();
    assertThat(tmp.resolve("target/evil.sh")).doesNotExist();
  }

  @Test
  void namesTheUnsafeEntry() throws Exception {
    Path zip = Fixtures.zip(tmp.resolve("target/evil.war"), withEntry("WEB-INF/../../../evil.sh"));

    var e = invalid("buildOutput.war", () -> plan(new BuildOutput.War(zip, Optional.empty()), scratch));

    assertThat(e.getMessage()).contains("'WEB-INF/../../../evil.sh'", "'..'");
  }

  @Test
  void refusesASymbolicLinkThatLeavesTheClassesFolder() throws Exception {
    Path secret = Files.writeString(tmp.resolve("secret.txt"), "password");
    Path link = Files.createSymbolicLink(classes.resolve("config.txt"), secret);

    var e = invalid("buildOutput.classes", () -> plan(new BuildOutput.Exploded(classes, Optional.empty()), scratch));

    assertThat(e.getMessage()).contains("symbolic link " + link, secret.toRealPath().toString(), "outside " + classes,
        "remove the link");
  }

  @Test
  void refusesASymbolicLinkToAFolderOutsideTheDependencyFolder() throws Exception {
    Path dependency = Files.createDirectories(tmp.resolve("target/dependency"));
    Fixtures.dependencyJar(tmp.resolve("m2/lib-a-1.0.jar"));
    Path link = Files.createSymbolicLink(dependency.resolve("m2"), tmp.resolve("m2"));

    var e = invalid("buildOutput.dependencies", () -> plan(new BuildOutput.Exploded(classes,
        Optional.of(dependency)), scratch));

    assertThat(e.getMessage()).contains("symbolic link " + link);
  }

  @Test
  void followsSymbolicLinksThatStayInsideTheFolder() throws Exception {
    Files.createSymbolicLink(classes.resolve("copy.properties"), classes.resolve("app.properties"));
    Files.createSymbolicLink(classes.resolve("web"), classes.resolve("static"));

    ApplicationPlan plan = plan(new BuildOutput.Exploded(classes, Optional.empty()), scratch);

    assertThat(Plans.paths(plan, "resources")).containsExactly("/app/resources/app.properties",
        "/app/resources/copy.properties", "/app/resources/static/index.html", "/app/resources/web/index.html");
  }

  @Test
  void refusesADanglingSymbolicLink() throws Exception {
    Path link = Files.createSymbolicLink(classes.resolve("gone.txt"), tmp.resolve("nowhere.txt"));

    var e = invalid("buildOutput.classes", () -> plan(new BuildOutput.Exploded(classes, Optional.empty()), scratch));

    assertThat(e.getMessage()).contains("symbolic link " + link, "does not exist");
  }

  @Test
  void refusesASymbolicLinkLoop() throws Exception {
    Path link = Files.createSymbolicLink(classes.resolve("static/again"), classes.resolve("static"));

    var e = invalid("buildOutput.classes", () -> plan(new BuildOutput.Exploded(classes, Optional.empty()), scratch));

    assertThat(e.getMessage()).contains(link.toString(), "points back");
  }

  @Test
  void refusesUnreadableFilesNamingThem() throws Exception {
    assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file; run as another user");
    Path file = classes.resolve("app.properties");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("-w-------"));
    try {
      var e = invalid("buildOutput.classes", () -> plan(new BuildOutput.Exploded(classes, Optional.empty()),
          scratch));
      assertThat(e.getMessage()).contains(file.toString(), "cannot be read", "chmod");
    } finally {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  @Test
  void leavesNothingInTheScratchParentWhenUnpackingFails() throws Exception {
    Map<String, byte[]> entries = withEntry("a/b.txt");
    entries.put("a", Fixtures.bytes("a file where a folder was unpacked"));
    Path war = Fixtures.zip(tmp.resolve("target/clash.war"), entries);

    var e = invalid("buildOutput.war", () -> plan(new BuildOutput.War(war, Optional.empty()), scratch));

    assertThat(e.getMessage()).contains("'a'", "collide");
    assertThat(Fixtures.contentsOf(scratch)).isEmpty();
  }

  @Test
  void leavesNothingInTheScratchParentWhenABootJarFails() throws Exception {
    Map<String, byte[]> entries = withEntry("BOOT-INF/lib/x.jar");
    entries.put("BOOT-INF/lib/x.jar/inner.txt", Fixtures.bytes("clash"));
    Path jar = Fixtures.zip(tmp.resolve("target/clash.jar"), entries);

    invalid("buildOutput.jar", () -> plan(new BuildOutput.SpringBootJar(jar), scratch));

    assertThat(Fixtures.contentsOf(scratch)).isEmpty();
  }

  @Test
  void reportsAMissingInputBeforeMakingTheScratchParent() {
    Path parent = tmp.resolve("work/scratch");

    invalid("buildOutput.war", () -> plan(new BuildOutput.War(tmp.resolve("none.war"), Optional.empty()), parent));
    invalid("buildOutput.jar", () -> plan(new BuildOutput.SpringBootJar(tmp.resolve("none.jar")), parent));

    assertThat(tmp.resolve("work")).doesNotExist();
  }

  @Test
  void refusesAMissingBuildOutput() {
    var e = invalid("buildOutput", () -> ApplicationPlanner.plan(null, ContainerSettings.DEFAULTS, "base", scratch));

    assertThat(e.getMessage()).contains("is missing");
  }

  @Test
  void firstOfDuplicateEntriesWinsWithAWarning() throws Exception {
    Path war = tmp.resolve("target/dup.war");
    Files.createDirectories(war.getParent());
    // ZipOutputStream refuses duplicates, so write one name twice with different spellings that normalise alike
    Map<String, byte[]> entries = withEntry("index.html");
    entries.put("./index.html", Fixtures.bytes("second"));
    Fixtures.zip(war, entries);

    try (ApplicationPlan plan = ApplicationPlanner.plan(new BuildOutput.War(war, Optional.empty()),
        Plans.ONE_DEPENDENCY_LAYER, Plans.JETTY, scratch)) {
      LayerFile index = Plans.file(plan, "/var/lib/jetty/webapps/ROOT/index.html");
      assertThat(Files.readString(index.source())).isEqualTo("evil");
      assertThat(plan.warnings()).singleElement().asString().contains("duplicate", "index.html");
    }
  }
}
