package io.jenkins.plugins.harborjib.engine.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * What the last push with this cache found for a base image reference: its digest and the labels of its
 * configuration. With it, Jib starts building on that digest while the checks run (they read the base image again,
 * and the push goes on only if they find the same digest): see {@link UploadGate}. A file per reference and first
 * platform in {@code <cache>/base-images/}, written in {@code base-images/tmp/} and moved into place atomically (a
 * stopped push's temporary file is removed as {@link CacheLease} removes leftovers); a missing or unreadable one
 * means the checks run first, as on an empty cache.
 */
final class BaseImageMemo {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String FOLDER = "base-images";

  /** The base image a push builds on: its manifest's digest and its configuration's labels. */
  record BaseInfo(String digest, Map<String, String> labels) {}

  private record Entry(String reference, String platform, String digest, Map<String, String> labels) {}

  private BaseImageMemo() {}

  static Optional<BaseInfo> read(Path cache, String reference, String platform) {
    Path file = file(cache, reference, platform);
    try {
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      Entry e = JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), Entry.class);
      if (!reference.equals(e.reference()) || !platform.equals(e.platform()) || e.digest() == null
          || !e.digest().startsWith("sha256:") || e.labels() == null) {
        return Optional.empty();
      }
      return Optional.of(new BaseInfo(e.digest(), Map.copyOf(e.labels())));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Remembers what the checks found; a failure to write only costs the next push its head start. */
  static void write(Path cache, String reference, String platform, BaseInfo info) {
    Path file = file(cache, reference, platform);
    try {
      Path tmp = Files.createDirectories(file.getParent().resolve("tmp"));
      Path temp = Files.createTempFile(tmp, "memo-", ".json");
      try {
        Files.writeString(temp, JSON.writeValueAsString(new Entry(reference, platform, info.digest(),
            info.labels())), StandardCharsets.UTF_8);
        try {
          Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException | RuntimeException e) {
      // the next push checks first, as on an empty cache
    }
  }

  private static Path file(Path cache, String reference, String platform) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest((reference + "\n" + platform).getBytes(StandardCharsets.UTF_8));
      return cache.resolve(FOLDER).resolve(HexFormat.of().formatHex(hash) + ".json");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
