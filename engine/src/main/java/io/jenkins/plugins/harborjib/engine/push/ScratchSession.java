package io.jenkins.plugins.harborjib.engine.push;

import io.jenkins.plugins.harborjib.engine.PushException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a push's archives are unpacked: {@code <cache>/unpacked}, shared by all pushes that use the cache and kept
 * between them, so that an unchanged jar or war is found there unpacked, with the same paths and modification
 * times, and Jib's layer cache builds nothing again (see {@code input.Unpacked}). A push stopped in the middle of
 * unpacking leaves a {@code .tmp-} folder there, which the next push that has the cache to itself removes, together
 * with the least recently used archives beyond the few it keeps ({@link CacheLease}).
 */
final class ScratchSession implements AutoCloseable {
  static final String UNPACKED = "unpacked";

  private final Path dir;

  private ScratchSession(Path dir) {
    this.dir = dir;
  }

  static ScratchSession create(Path cache) throws PushException {
    Path dir = cache.resolve(UNPACKED);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw PushException.invalid("cacheDirectory", "cannot create " + dir + " (" + e.getMessage()
          + "): point cacheDirectory at a folder this user may write");
    }
    return new ScratchSession(dir);
  }

  /** The folder {@code ApplicationPlanner} unpacks archives into. */
  Path dir() {
    return dir;
  }

  /** Nothing to delete: the unpacked archives are kept for the next push. */
  @Override
  public void close() {
    // kept
  }
}
