package io.jenkins.plugins.harborjib.engine.push;

import io.jenkins.plugins.harborjib.engine.PushException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * One push's folder for unpacked archives, {@code <cache>/scratch/push-<id>}: deleted when the push ends, and also when
 * the process is stopped in the middle (SIGTERM, e.g. an aborted Jenkins build). After a SIGKILL the next push that
 * has the cache to itself removes it ({@link CacheLease}).
 */
final class ScratchSession implements AutoCloseable {
  private final Path dir;
  private final Thread onExit;

  private ScratchSession(Path dir) {
    this.dir = dir;
    this.onExit = new Thread(this::deleteQuietly, "harbor-jib-scratch-cleanup");
  }

  static ScratchSession create(Path cache) throws PushException {
    Path dir = cache.resolve("scratch").resolve("push-" + UUID.randomUUID());
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw PushException.invalid("cacheDirectory", "cannot create " + dir + " (" + e.getMessage()
          + "): point cacheDirectory at a folder this user may write");
    }
    ScratchSession session = new ScratchSession(dir);
    Runtime.getRuntime().addShutdownHook(session.onExit);
    return session;
  }

  Path dir() {
    return dir;
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(onExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
    deleteQuietly();
  }

  private void deleteQuietly() {
    try {
      CacheLease.deleteTree(dir);
    } catch (IOException e) {
      // left for the next push that has the cache to itself
    }
  }
}
