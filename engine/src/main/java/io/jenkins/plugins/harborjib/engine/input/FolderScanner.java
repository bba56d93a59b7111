package io.jenkins.plugins.harborjib.engine.input;

import io.jenkins.plugins.harborjib.engine.PushException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * Lists the regular files of a build output folder, sorted by relative path so the layers do not depend on the
 * file system's listing order. Symbolic links are followed only while they stay inside the folder.
 */
final class FolderScanner {
  private FolderScanner() {}

  static List<SourceFile> scan(String field, Path root, List<String> warnings) throws PushException {
    return scan(field, root, warnings, new ArrayList<>());
  }

  /** As {@link #scan(String, Path, List)}, also collecting the sub-folders (not the root) into {@code folders}. */
  static List<SourceFile> scan(String field, Path root, List<String> warnings, List<SourceFile> folders)
      throws PushException {
    Path realRoot;
    try {
      realRoot = root.toRealPath();
    } catch (IOException e) {
      throw PushException.invalid(field, field + ": " + root + " cannot be read (" + e.getMessage() + "); check"
          + " that it exists and that this user may read it");
    }
    List<SourceFile> files = new ArrayList<>();
    try {
      Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
              checkLink(dir);
              if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
                throw new Refusal(InputPaths.unreadable(field, dir));
              }
              if (!dir.equals(root)) {
                folders.add(new SourceFile(dir, relative(root, dir), true));
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
              if (attrs.isSymbolicLink()) {
                // FOLLOW_LINKS reports a link's own attributes only when its target is missing
                throw new Refusal(PushException.invalid(field, field + ": the symbolic link " + file + " points to "
                    + target(file) + ", which does not exist; remove the link or make it point to a file inside "
                    + root));
              }
              checkLink(file);
              if (attrs.isOther()) {
                warnings.add(field + ": skipped " + file + ", which is not a regular file (a device, pipe or"
                    + " socket); remove it from " + root + " to silence this warning");
                return FileVisitResult.CONTINUE;
              }
              if (attrs.isRegularFile()) {
                if (!Files.isReadable(file)) {
                  throw new Refusal(InputPaths.unreadable(field, file));
                }
                files.add(new SourceFile(file, relative(root, file), InputPaths.isExecutable(file)));
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
              if (e instanceof FileSystemLoopException) {
                throw new Refusal(PushException.invalid(field, field + ": the symbolic link " + file + " points"
                    + " back to a folder that contains it; remove the link from " + root));
              }
              if (e instanceof AccessDeniedException) {
                throw new Refusal(InputPaths.unreadable(field, file));
              }
              throw new Refusal(PushException.invalid(field, field + ": " + file + " cannot be read ("
                  + e.getMessage() + "); check that this user may read " + root));
            }

            private void checkLink(Path path) throws IOException {
              if (!Files.isSymbolicLink(path)) {
                return;
              }
              Path real = path.toRealPath();
              if (!real.startsWith(realRoot)) {
                throw new Refusal(PushException.invalid(field, field + ": the symbolic link " + path + " points to "
                    + real + ", outside " + root + "; harbor-jib only follows links that stay inside the folder it"
                    + " is given: copy the file into " + root + " or remove the link"));
              }
            }
          });
    } catch (Refusal r) {
      throw r.problem;
    } catch (IOException e) {
      throw PushException.invalid(field, field + ": " + root + " cannot be read (" + e.getMessage() + "); check"
          + " that this user may read it");
    }
    files.sort(Comparator.comparing(SourceFile::relativePath));
    folders.sort(Comparator.comparing(SourceFile::relativePath));
    return files;
  }

  /** {@code a/b/c} for {@code root/a/b/c}, whatever the platform's separator. */
  static String relative(Path root, Path file) {
    Path rel = root.relativize(file);
    StringBuilder sb = new StringBuilder();
    for (Path name : rel) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(name);
    }
    return sb.toString();
  }

  private static String target(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      return "(unreadable)";
    }
  }

  /** Carries a {@link PushException} out of a file visitor, whose methods may only throw IOException. */
  private static final class Refusal extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient PushException problem;

    Refusal(PushException problem) {
      super(problem.getMessage());
      this.problem = problem;
    }
  }
}
