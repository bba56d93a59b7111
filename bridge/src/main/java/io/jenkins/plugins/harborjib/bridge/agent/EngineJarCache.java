package io.jenkins.plugins.harborjib.bridge.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The engine jar on an agent, once per version: {@code <folder>/<sha256>/harbor-jib-engine.jar}, where the folder is
 * under the agent's root (e.g. {@code <agent root>/harbor-jib/engine}). A jar is written to a temporary file in the
 * folder, checked against its SHA-256 and moved into place atomically, so concurrent builds on one agent each either
 * find a complete, verified jar or install an identical one; none ever starts a half-copied jar. A jar found in place is
 * verified again before use.
 */
public final class EngineJarCache {
  /** The jar's file name inside its hash folder. */
  public static final String JAR_NAME = "harbor-jib-engine.jar";
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private final Path folder;

  public EngineJarCache(Path folder) {
    this.folder = folder;
  }

  public Path folder() {
    return folder;
  }

  /** Where the jar with this hash lives (whether or not it is there). */
  public Path pathFor(String sha256) {
    return folder.resolve(checkHash(sha256)).resolve(JAR_NAME);
  }

  /** The cached jar with this hash, if it is there and its content has this hash. */
  public Optional<Path> find(String sha256) throws IOException {
    Path jar = pathFor(sha256);
    if (!Files.isRegularFile(jar)) {
      return Optional.empty();
    }
    return sha256(jar).equals(sha256) ? Optional.of(jar) : Optional.empty();
  }

  /**
   * Installs the jar read from {@code in} under its hash, unless a verified copy is there already.
   *
   * @throws IOException when the bytes read do not have {@code sha256} (nothing is installed then), or on I/O errors
   */
  public Path install(InputStream in, String sha256) throws IOException {
    Path target = pathFor(sha256);
    Optional<Path> existing = find(sha256);
    if (existing.isPresent()) {
      return existing.get();
    }
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), ".engine-", ".tmp");
    try {
      String actual;
      try (DigestInputStream digesting = new DigestInputStream(in, digest());
          OutputStream out = Files.newOutputStream(temp)) {
        digesting.transferTo(out);
        actual = HexFormat.of().formatHex(digesting.getMessageDigest().digest());
      }
      if (!actual.equals(sha256)) {
        throw new IOException("the engine jar copied to " + temp.getParent() + " has SHA-256 " + actual + ", not "
            + sha256 + ": the copy was damaged on the way; run the build again");
      }
      move(temp, target);
      return target;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
      moveIfStillMissing(temp, target);
    } catch (IOException e) {
      // Windows cannot replace a jar another build is running from: that one is complete and verified, use it.
      if (find(target.getParent().getFileName().toString()).isEmpty()) {
        throw e;
      }
    }
  }

  private void moveIfStillMissing(Path temp, Path target) throws IOException {
    if (find(target.getParent().getFileName().toString()).isEmpty()) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The lowercase hex SHA-256 of a file. */
  public static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return sha256(in);
    }
  }

  /** The lowercase hex SHA-256 of a stream's bytes; reads it to the end. */
  public static String sha256(InputStream in) throws IOException {
    MessageDigest md = digest();
    byte[] buffer = new byte[64 * 1024];
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      md.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static String checkHash(String sha256) {
    String h = sha256 == null ? "" : sha256.toLowerCase(Locale.ROOT);
    if (!SHA256.matcher(h).matches() || !h.equals(sha256)) {
      throw new IllegalArgumentException("not a lowercase hex SHA-256: " + sha256);
    }
    return h;
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
