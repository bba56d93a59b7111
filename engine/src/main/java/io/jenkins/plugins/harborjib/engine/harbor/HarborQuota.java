package io.jenkins.plugins.harborjib.engine.harbor;

import java.util.OptionalLong;

/**
 * A project's storage quota.
 *
 * @param hardBytes the limit in bytes; -1 means unlimited
 * @param usedBytes bytes in use
 */
public record HarborQuota(long hardBytes, long usedBytes) {

  /** Whether the project has no storage limit. */
  public boolean unlimited() {
    return hardBytes < 0;
  }

  /** Bytes still free; empty when unlimited. */
  public OptionalLong remainingBytes() {
    return unlimited() ? OptionalLong.empty() : OptionalLong.of(Math.max(0, hardBytes - usedBytes));
  }

  /** Whether {@code bytes} more fit. */
  public boolean hasRoomFor(long bytes) {
    return unlimited() || usedBytes + bytes <= hardBytes;
  }
}
