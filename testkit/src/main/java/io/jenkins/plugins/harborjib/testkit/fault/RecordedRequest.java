package io.jenkins.plugins.harborjib.testkit.fault;

import java.time.Duration;
import java.util.Optional;

/**
 * One request that reached a {@link FaultProxy}, in arrival order. Headers are not kept: they carry credentials.
 *
 * @param sequence 1 for the first request the proxy saw, 2 for the next, ...
 * @param connection which client connection it came on (1, 2, ...)
 * @param method e.g. {@code PUT}
 * @param target path and query as sent, e.g. {@code /v2/app/demo/manifests/1}
 * @param status the status the client got (the registry's, or the fault's); 0 when it got none (cut, reset, hang,
 *     or the proxy closed)
 * @param fault the fault applied, if any, e.g. {@code respond 502}
 * @param took from the head's arrival to the last byte sent back (or the fault's end)
 */
public record RecordedRequest(long sequence, long connection, String method, String target, int status,
    Optional<String> fault, Duration took) {

  /** The target without its query. */
  public String path() {
    int q = target.indexOf('?');
    return q < 0 ? target : target.substring(0, q);
  }

  /** Whether a fault was applied to it. */
  public boolean faulted() {
    return fault.isPresent();
  }

  @Override
  public String toString() {
    return "#" + sequence + " " + method + " " + target + " -> " + (status == 0 ? "no answer" : status)
        + fault.map(f -> " [" + f + "]").orElse("");
  }
}
