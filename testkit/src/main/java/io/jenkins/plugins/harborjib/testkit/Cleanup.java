package io.jenkins.plugins.harborjib.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The safety net behind every close(): one JVM shutdown hook that kills what the test kit started and deletes
 * its temporary folders when a test run ends without closing them. Plus the process and folder helpers they share.
 */
final class Cleanup {
  private static final Set<Runnable> PENDING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (Runnable action : PENDING) {
        try {
          action.run();
        } catch (RuntimeException e) {
          // Best effort while the JVM exits.
        }
      }
    }, "harbor-jib-testkit-cleanup"));
  }

  private Cleanup() {}

  /** Runs {@code action} at JVM exit unless {@link #cancel} is called first. */
  static Runnable atExit(Runnable action) {
    PENDING.add(action);
    return action;
  }

  static void cancel(Runnable action) {
    if (action != null) {
      PENDING.remove(action);
    }
  }

  /** SIGTERM to the process itself (not its children), then SIGKILL if it has not exited within {@code grace}. */
  static void stop(Process process, long graceSeconds) {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** SIGKILL to the process and every descendant, then waits for the process. */
  static void killTree(Process process) {
    if (process == null) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Deletes a folder tree without following symbolic links. */
  static void deleteRecursively(Path root) {
    if (root == null || !Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE;
          }
          throw e;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          if (e != null && !(e instanceof NoSuchFileException)) {
            throw e;
          }
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + root, e);
    }
  }
}
