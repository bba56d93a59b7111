package io.jenkins.plugins.harborjib.engine.input;

import io.jenkins.plugins.harborjib.engine.PushException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * An archive unpacked once into {@code <unpackRoot>/<key>/} (a SHA-256 of the archive's listing: see {@link #key})
 * and used again by every push of the same archive, so the files keep their paths and modification times and Jib's layer cache recognises them: a
 * re-push of an unchanged jar or war builds no layer. A folder appears under its final name only complete (it is
 * unpacked into a {@code .tmp-} folder and renamed), so concurrent pushes of one archive, in threads or processes,
 * each either find it whole or unpack their own copy and the first rename wins. Each use touches the folder's
 * modification time, and the push that has the cache to itself keeps only the {@value #KEEP} most recently used
 * ones and removes {@code .tmp-} leftovers (harbor-jib's {@code CacheLease}).
 */
public final class Unpacked {
  /** How many unpacked archives a cache keeps (the most recently used). */
  public static final int KEEP = 5;
  /** Names of folders being unpacked, or set aside: never used by a push once it has ended. */
  public static final String TEMPORARY_PREFIX = ".tmp-";

  private Unpacked() {}

  /**
   * The archive's files and folders, unpacked below {@code unpackRoot}, unpacking it only if no earlier push
   * did. Checks every entry (and adds warnings) each time, as a fresh unpack would.
   *
   * @return files and folders, each sorted by relative path; folders have {@code executable} set
   */
  static Content of(String field, Path archive, Path unpackRoot, List<String> warnings) throws PushException {
    SafeUnzip.Listing listing = SafeUnzip.list(field, archive, warnings);
    String key;
    try {
      key = key(archive, listing);
    } catch (IOException e) {
      throw SafeUnzip.unreadable(field, archive, e);
    }
    Path folder = unpackRoot.toAbsolutePath().normalize().resolve(key);
    if (!isComplete(listing, folder)) {
      unpack(field, archive, listing, unpackRoot.toAbsolutePath().normalize(), folder);
    }
    try {
      Files.setLastModifiedTime(folder, FileTime.fromMillis(System.currentTimeMillis()));
    } catch (IOException e) {
      // only the clean-up order depends on it
    }
    return new Content(folder, SafeUnzip.files(listing, folder), SafeUnzip.directories(listing, folder));
  }

  /** An unpacked archive: its folder, regular files and sub-folders. */
  record Content(Path root, List<SourceFile> files, List<SourceFile> directories) {}

  private static boolean isComplete(SafeUnzip.Listing listing, Path folder) {
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    for (SafeUnzip.FileEntry f : listing.files()) {
      Path file = folder.resolve(f.relative());
      try {
        long size = f.entry().getSize();
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || (size >= 0 && Files.size(file) != size)) {
          return false;
        }
      } catch (IOException e) {
        return false;
      }
    }
    for (String d : listing.directories()) {
      if (!Files.isDirectory(folder.resolve(d), LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
    }
    return true;
  }

  private static void unpack(String field, Path archive, SafeUnzip.Listing listing, Path unpackRoot, Path folder)
      throws PushException {
    Path temporary = unpackRoot.resolve(TEMPORARY_PREFIX + UUID.randomUUID());
    try {
      Files.createDirectories(temporary);
    } catch (IOException e) {
      throw Scratch.writeFailed(unpackRoot, e);
    }
    try {
      SafeUnzip.extract(field, archive, listing, temporary);
      if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
        if (isComplete(listing, folder)) {
          // another push unpacked the same archive meanwhile
          Scratch.delete(temporary);
          return;
        }
        // damaged (not by harbor-jib): set aside, removed with the other leftovers
        Files.move(folder, unpackRoot.resolve(TEMPORARY_PREFIX + UUID.randomUUID()), StandardCopyOption.ATOMIC_MOVE);
      }
      try {
        Files.move(temporary, folder, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        if (!isComplete(listing, folder)) {
          throw e;
        }
        // another push unpacked the same archive first
        Scratch.delete(temporary);
      }
    } catch (IOException e) {
      PushException failure = Scratch.writeFailed(unpackRoot, e);
      Scratch.deleteAfterFailure(temporary, failure);
      throw failure;
    } catch (PushException | RuntimeException | Error e) {
      Scratch.deleteAfterFailure(temporary, e);
      throw e;
    }
  }

  /**
   * The archive's key: a SHA-256 of its size and of its listing as its central directory gives it, every entry's
   * name, sizes, CRC-32, method, time and mode, so that changing any entry's content changes the key (through the
   * entry's CRC-32 and sizes, which {@link SafeUnzip#extract} checks as it unpacks). Reading the listing costs a few
   * milliseconds where hashing a 67 MB Spring Boot jar took 0.3 s on every push (measured, 2 cores, JDK 17).
   */
  static String key(Path archive, SafeUnzip.Listing listing) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    StringBuilder text = new StringBuilder().append(Files.size(archive)).append('\n');
    for (SafeUnzip.FileEntry f : listing.files()) {
      ZipEntry e = f.entry();
      text.append(f.relative()).append('\0').append(e.getSize()).append(' ').append(e.getCompressedSize())
          .append(' ').append(Long.toHexString(e.getCrc())).append(' ').append(e.getMethod()).append(' ')
          .append(e.getTime()).append(' ').append(f.executable()).append('\n');
    }
    for (String d : listing.directories()) {
      text.append(d).append("/\n");
    }
    return HexFormat.of().formatHex(digest.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
  }
}
