package io.jenkins.plugins.harborjib.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * How often the push is tried again when the registry fails in a way worth retrying: an HTTP 5xx answer (Jib does
 * not retry those itself, jib issues #3935 and #4266) or a connection failure that outlasted Jib's own retries.
 * Blobs already uploaded are found on the next attempt, and no tag appears before the manifest, which goes last.
 *
 * @param attempts attempts in all, at least 1
 * @param firstBackoff the wait before the second attempt; it doubles for each further one
 */
public record RetryPolicy(int attempts, Duration firstBackoff) {
  /** Three attempts, waiting 1 s and then 2 s. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(1));

  /** One attempt, no retry. */
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO);

  public RetryPolicy {
    Objects.requireNonNull(firstBackoff, "firstBackoff");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
    }
    if (firstBackoff.isNegative()) {
      throw new IllegalArgumentException("firstBackoff must not be negative: " + firstBackoff);
    }
  }

  /** The wait before attempt {@code attempt} (2 for the first retry). */
  public Duration backoffBefore(int attempt) {
    return firstBackoff.multipliedBy(1L << Math.max(0, Math.min(20, attempt - 2)));
  }

  /** The longest the waits add up to. */
  public Duration totalBackoff() {
    Duration total = Duration.ZERO;
    for (int a = 2; a <= attempts; a++) {
      total = total.plus(backoffBefore(a));
    }
    return total;
  }
}
