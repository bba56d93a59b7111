package io.jenkins.plugins.harborjib.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** A jar of one stored (not deflated) entry: its bytes appear in the file as they are. */
public final class StoredJar {
  private StoredJar() {}

  /** Writes {@code jar} holding {@code content} as the entry {@code name}, stamped with {@code time} (epoch ms). */
  public static Path write(Path jar, String name, byte[] content, long time) throws IOException {
    CRC32 crc = new CRC32();
    crc.update(content);
    try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
      ZipEntry e = new ZipEntry(name);
      e.setMethod(ZipEntry.STORED);
      e.setSize(content.length);
      e.setCompressedSize(content.length);
      e.setCrc(crc.getValue());
      e.setTime(time);
      zip.putNextEntry(e);
      zip.write(content);
      zip.closeEntry();
    }
    return jar;
  }
}
