package io.jenkins.plugins.harborjib.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerUnpackerTest {
  @TempDir Path dir;
  private Path root;
  private LayerUnpacker unpacker;

  @BeforeEach
  void makeRoot() throws IOException {
    root = Files.createDirectory(dir.resolve("rootfs"));
    unpacker = new LayerUnpacker(root);
  }

  @Test
  void appliesLayersInOrderKeepingModesAndLinks() throws IOException {
    unpacker.apply(layer("one.tar.gz", true, t -> {
      file(t, "app/run.sh", "#!/bin/sh\n", 0755);
      file(t, "app/conf.txt", "one", 0644);
      symlink(t, "app/current", "/app/conf.txt");
      hardlink(t, "app/conf-copy.txt", "app/conf.txt");
    }));
    unpacker.apply(layer("two.tar", false, t -> file(t, "app/conf.txt", "two", 0600)));

    assertThat(root.resolve("app/conf.txt")).hasContent("two");
    assertThat(root.resolve("app/conf-copy.txt")).hasContent("one");
    assertThat(Files.isExecutable(root.resolve("app/run.sh"))).isTrue();
    assertThat(Files.readSymbolicLink(root.resolve("app/current"))).isEqualTo(Path.of("/app/conf.txt"));
    assertThat(LayerUnpacker.resolveInRoot(root, "/app/current")).isEqualTo(root.resolve("app/conf.txt"));
  }

  @Test
  void removesWhatWhiteoutsHide() throws IOException {
    unpacker.apply(layer("lower.tar.gz", true, t -> {
      file(t, "etc/gone.conf", "x", 0644);
      file(t, "etc/kept.conf", "x", 0644);
      file(t, "cache/old-1", "x", 0644);
      file(t, "cache/old-2", "x", 0644);
    }));
    unpacker.apply(layer("upper.tar.gz", true, t -> {
      file(t, "cache/new", "x", 0644);
      file(t, "cache/.wh..wh..opq", "", 0644);
      file(t, "etc/.wh.gone.conf", "", 0644);
    }));

    assertThat(root.resolve("etc/gone.conf")).doesNotExist();
    assertThat(root.resolve("etc/kept.conf")).exists();
    assertThat(root.resolve("cache")).isDirectoryContaining(p -> p.endsWith("new"));
    try (var files = Files.list(root.resolve("cache"))) {
      assertThat(files).hasSize(1);
    }
  }

  @Test
  void refusesEntriesThatLeaveTheRoot() throws IOException {
    Path layer = layer("evil.tar.gz", true, t -> file(t, "../outside.txt", "x", 0644));

    assertThatThrownBy(() -> unpacker.apply(layer)).hasMessageContaining("outside the image's root folder");
    assertThat(dir.resolve("outside.txt")).doesNotExist();
  }

  @Test
  void refusesToWriteThroughASymlinkALayerMade() throws IOException {
    Path outside = Files.createDirectory(dir.resolve("outside"));
    Path layer = layer("evil.tar.gz", true, t -> {
      symlink(t, "escape", outside.toString());
      file(t, "escape/planted.txt", "x", 0644);
    });

    assertThatThrownBy(() -> unpacker.apply(layer)).hasMessageContaining("goes through the symbolic link /escape");
    assertThat(outside).isEmptyDirectory();
  }

  @Test
  void resolvesAbsoluteLinksInsideTheRootNeverOnThisMachine() throws IOException {
    unpacker.apply(layer("links.tar.gz", true, t -> symlink(t, "usr/bin/tool", "/etc/passwd")));

    assertThat(LayerUnpacker.resolveInRoot(root, "/usr/bin/tool")).isEqualTo(root.resolve("etc/passwd"));
    assertThat(LayerUnpacker.resolveInRoot(root, "/../../etc/passwd")).isEqualTo(root.resolve("etc/passwd"));
    Files.delete(root.resolve("usr/bin/tool")); // spares JUnit's warning about a link to this machine's file
  }

  interface Entries {
    void write(TarArchiveOutputStream tar) throws IOException;
  }

  private Path layer(String name, boolean gzip, Entries entries) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream raw = Files.newOutputStream(file);
        OutputStream out = gzip ? new GZIPOutputStream(raw) : raw;
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      entries.write(tar);
    }
    return file;
  }

  private static void file(TarArchiveOutputStream tar, String name, String content, int mode) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(name, true);
    entry.setSize(bytes.length);
    entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | mode);
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  private static void symlink(TarArchiveOutputStream tar, String name, String target) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK, true);
    entry.setLinkName(target);
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
  }

  private static void hardlink(TarArchiveOutputStream tar, String name, String target) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_LINK, true);
    entry.setLinkName(target);
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
  }
}
