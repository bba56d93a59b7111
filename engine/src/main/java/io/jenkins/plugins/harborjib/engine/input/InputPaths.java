package io.jenkins.plugins.harborjib.engine.input;

import io.jenkins.plugins.harborjib.engine.PushException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** Checks of the paths a build output names, done before anything is written. */
final class InputPaths {
  private InputPaths() {}

  /**
   * Requires an existing, readable regular file.
   *
   * @param what the kind of file, e.g. {@code the jar}
   * @param build how to produce it, e.g. {@code build it first (mvn package)}
   */
  static Path requireFile(String field, Path path, String what, String build) throws PushException {
    requireNotEmpty(field, path, what);
    if (!Files.exists(path)) {
      throw PushException.invalid(field, field + ": " + path + " does not exist; " + build + ", or correct the"
          + " path");
    }
    if (!Files.isRegularFile(path)) {
      throw PushException.invalid(field, field + ": " + path + " is not a file; give the path of " + what);
    }
    requireReadable(field, path);
    return path;
  }

  /** Requires an existing, readable folder. */
  static Path requireFolder(String field, Path path, String what, String build) throws PushException {
    requireNotEmpty(field, path, what);
    if (!Files.exists(path)) {
      throw PushException.invalid(field, field + ": " + path + " does not exist; " + build + ", or correct the"
          + " path");
    }
    if (!Files.isDirectory(path)) {
      throw PushException.invalid(field, field + ": " + path + " is not a folder; give the path of " + what);
    }
    requireReadable(field, path);
    return path;
  }

  static void requireNotEmpty(String field, Path path, String what) throws PushException {
    if (path.toString().isBlank()) {
      throw PushException.invalid(field, field + " is empty; give the path of " + what);
    }
  }

  static void requireReadable(String field, Path path) throws PushException {
    if (!Files.isReadable(path) || (Files.isDirectory(path) && !Files.isExecutable(path))) {
      throw unreadable(field, path);
    }
  }

  static PushException unreadable(String field, Path path) {
    return PushException.invalid(field, field + ": " + path + " cannot be read by this user; give it read"
        + " permission (e.g. chmod " + (Files.isDirectory(path) ? "-R a+rX " : "a+r ") + path + ")");
  }

  /** Whether a file's mode has an execute bit; false where the file system has no POSIX modes. */
  static boolean isExecutable(Path file) {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view == null) {
      return false;
    }
    try {
      Set<PosixFilePermission> permissions = view.readAttributes().permissions();
      return permissions.contains(PosixFilePermission.OWNER_EXECUTE)
          || permissions.contains(PosixFilePermission.GROUP_EXECUTE)
          || permissions.contains(PosixFilePermission.OTHERS_EXECUTE);
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** The folder a file is in, {@code .} for a bare file name. */
  static Path folderOf(Path file) {
    Path parent = file.getParent();
    return parent == null ? Path.of("") : parent;
  }
}
