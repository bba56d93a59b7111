package io.jenkins.plugins.harborjib.engine.input;

import static io.jenkins.plugins.harborjib.engine.input.Plans.invalid;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The small rules: snapshot names, class names, folders in the image, archive entry names. */
class InputRulesTest {
  @ParameterizedTest
  @ValueSource(strings = {"hello-lib-1.0.0-SNAPSHOT.jar", "lib-1.0-20240131.101500-3.jar",
      "lib-1.0-20240131.101500-3-jdk11.jar"})
  void recognisesSnapshotJars(String name) {
    assertThat(Snapshots.isSnapshot(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"guava-33.4.8-jre.jar", "lib-20240131.jar", "commons-lang3-3.17.0.jar"})
  void recognisesReleaseJars(String name) {
    assertThat(Snapshots.isSnapshot(name)).isFalse();
  }

  @Test
  void acceptsBinaryClassNamesOnly() {
    assertThat(MainClasses.isClassName("com.example.Main")).isTrue();
    assertThat(MainClasses.isClassName("Main")).isTrue();
    assertThat(MainClasses.isClassName("a.Outer$Inner")).isTrue();
    assertThat(MainClasses.isClassName("é.Ünïcode")).isTrue();
    assertThat(MainClasses.isClassName("com/example/Main")).isFalse();
    assertThat(MainClasses.isClassName("com.example.")).isFalse();
    assertThat(MainClasses.isClassName("1com.Main")).isFalse();
    assertThat(MainClasses.isClassName("")).isFalse();
  }

  @Test
  void normalisesFoldersInTheImage() throws Exception {
    assertThat(UnixPaths.absoluteFolder("appRoot", "/app")).isEqualTo("/app");
    assertThat(UnixPaths.absoluteFolder("appRoot", "//srv///app/")).isEqualTo("/srv/app");
    assertThat(UnixPaths.absoluteFolder("appRoot", "/")).isEqualTo("/");
    assertThat(UnixPaths.join("/", "libs/a.jar")).isEqualTo("/libs/a.jar");
    assertThat(UnixPaths.join("/app", "libs/a.jar")).isEqualTo("/app/libs/a.jar");
  }

  @Test
  void refusesFoldersInTheImageThatAreNotPlainAbsolutePaths() {
    assertThat(invalid("appRoot", () -> UnixPaths.absoluteFolder("appRoot", "")).getMessage())
        .isEqualTo("appRoot is empty; give an absolute folder in the image, e.g. /app");
    assertThat(invalid("appRoot", () -> UnixPaths.absoluteFolder("appRoot", "app")).getMessage())
        .isEqualTo("appRoot: 'app' is not an absolute path; give an absolute folder in the image, e.g. /app");
    invalid("appRoot", () -> UnixPaths.absoluteFolder("appRoot", "/app/./x"));
    invalid("appRoot", () -> UnixPaths.absoluteFolder("appRoot", "C:\\app"));
    invalid("appRoot", () -> UnixPaths.absoluteFolder("appRoot", "/app\n"));
  }

  @Test
  void cleansSafeArchiveEntryNames() throws Exception {
    Path zip = Path.of("target/app.jar");
    assertThat(SafeUnzip.safeRelativeName("f", zip, "a/b/c.txt")).isEqualTo("a/b/c.txt");
    assertThat(SafeUnzip.safeRelativeName("f", zip, "./a//b/")).isEqualTo("a/b");
    assertThat(SafeUnzip.safeRelativeName("f", zip, "META-INF/")).isEqualTo("META-INF");
    assertThat(SafeUnzip.safeRelativeName("f", zip, "a..b/c..")).isEqualTo("a..b/c..");
    assertThat(invalid("f", () -> SafeUnzip.safeRelativeName("f", zip, "../x")).getMessage())
        .startsWith("f: target/app.jar has an unsafe entry '../x' (a '..' segment");
  }
}
