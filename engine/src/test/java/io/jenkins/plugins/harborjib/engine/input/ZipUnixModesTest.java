package io.jenkins.plugins.harborjib.engine.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipUnixModesTest {
  @TempDir Path tmp;

  static Map<String, String> modes() {
    Map<String, String> modes = new LinkedHashMap<>();
    modes.put("bin/run.sh", "rwxr-xr-x");
    modes.put("bin/owner-only.sh", "rwx------");
    modes.put("conf/app.conf", "rw-r--r--");
    return modes;
  }

  @Test
  void readsTheUnixModesZipToolsStore() throws Exception {
    Map<String, Integer> read = ZipUnixModes.read(Fixtures.zipWithModes(tmp.resolve("a.zip"), modes(), false));

    assertThat(read.get("bin/run.sh") & 0777).isEqualTo(0755);
    assertThat(ZipUnixModes.isExecutableFile(read.get("bin/run.sh"))).isTrue();
    assertThat(ZipUnixModes.isExecutableFile(read.get("bin/owner-only.sh"))).isTrue();
    assertThat(ZipUnixModes.isExecutableFile(read.get("conf/app.conf"))).isFalse();
  }

  @Test
  void readsModesFromAZip64Archive() throws Exception {
    Map<String, Integer> read = ZipUnixModes.read(Fixtures.zipWithModes(tmp.resolve("a.zip"), modes(), true));

    assertThat(ZipUnixModes.isExecutableFile(read.get("bin/run.sh"))).isTrue();
    assertThat(ZipUnixModes.isExecutableFile(read.get("conf/app.conf"))).isFalse();
  }

  @Test
  void readsModesBehindAPrependedLaunchScript() throws Exception {
    Path plain = Fixtures.zipWithModes(tmp.resolve("a.zip"), modes(), false);
    Path launchable = tmp.resolve("launchable.jar");
    try (OutputStream out = Files.newOutputStream(launchable)) {
      out.write(Fixtures.bytes("#!/bin/sh\nexec java -jar \"$0\" \"$@\"\n"));
      out.write(Files.readAllBytes(plain));
    }

    Map<String, Integer> read = ZipUnixModes.read(launchable);

    assertThat(ZipUnixModes.isExecutableFile(read.get("bin/run.sh"))).isTrue();
  }

  @Test
  void givesNoModesForEntriesWithoutThemOrFilesThatAreNoZip() throws Exception {
    Path jar = Fixtures.jar(tmp.resolve("a.jar"), Fixtures.manifest(), Map.of("a.txt", Fixtures.bytes("a")));

    assertThat(ZipUnixModes.read(jar)).isEmpty();
    assertThat(ZipUnixModes.read(Files.writeString(tmp.resolve("no.zip"), "no zip"))).isEmpty();
    assertThat(ZipUnixModes.read(tmp.resolve("missing.zip"))).isEmpty();
    assertThat(ZipUnixModes.isExecutableFile(null)).isFalse();
  }

  @Test
  void tellsSymbolicLinksFromExecutableFiles() {
    assertThat(ZipUnixModes.isSymbolicLink(0120777)).isTrue();
    assertThat(ZipUnixModes.isExecutableFile(0120777)).isFalse();
    assertThat(ZipUnixModes.isExecutableFile(0100755)).isTrue();
    assertThat(ZipUnixModes.isExecutableFile(0040755)).isFalse();
  }
}
