package io.jenkins.plugins.harborjib.testkit.fault;

import java.time.Duration;
import java.util.Objects;

/**
 * What the {@link FaultProxy} does to a request a {@link FaultRule} picked. Byte counts are of the request or response
 * <em>body</em> as it travels (a chunked body counts its chunk framing too); the head always travels whole.
 *
 * <ul>
 *   <li>{@link #delay}: waits, then forwards as usual.
 *   <li>{@link #respond}: reads the request to its end and answers the status itself, as a front proxy (Harbor's nginx)
 *       does when the registry behind it fails; nothing reaches the registry.
 *   <li>{@link #cutRequestAfter} / {@link #resetRequestAfter}: forwards the head and that many body bytes, then closes
 *       both connections (FIN) or resets the client's (RST, {@code SO_LINGER 0}); {@link #reset()} resets before
 *       anything is forwarded.
 *   <li>{@link #cutResponseAfter} / {@link #resetResponseAfter}: forwards the request, then the response head and that
 *       many body bytes, then closes or resets.
 *   <li>{@link #hang()}: reads the request to its end and never answers; the connection stays open until the client
 *       gives up or the proxy is closed.
 *   <li>{@link #run}: runs an action (e.g. kill the registry), then forwards as usual.
 * </ul>
 */
public final class Fault {
  /** The kinds of fault. */
  public enum Kind {
    DELAY, RESPOND, CUT_REQUEST, RESET_REQUEST, CUT_RESPONSE, RESET_RESPONSE, HANG, RUN
  }

  private final Kind kind;
  private final Duration delay;
  private final int status;
  private final long bytes;
  private final Runnable action;
  private final String description;
  private final String contentType;
  private final String body;

  private Fault(Kind kind, Duration delay, int status, long bytes, Runnable action, String description) {
    this(kind, delay, status, bytes, action, description, null, null);
  }

  private Fault(Kind kind, Duration delay, int status, long bytes, Runnable action, String description,
      String contentType, String body) {
    this.kind = kind;
    this.delay = delay;
    this.status = status;
    this.bytes = bytes;
    this.action = action;
    this.description = description;
    this.contentType = contentType;
    this.body = body;
  }

  /** Waits {@code delay}, then forwards. */
  public static Fault delay(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    return new Fault(Kind.DELAY, delay, 0, 0, null, "delay " + delay.toMillis() + " ms");
  }

  /** Answers {@code status} (e.g. 502, 503) without forwarding, after reading the request body. */
  public static Fault respond(int status) {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("not a final HTTP status: " + status);
    }
    return new Fault(Kind.RESPOND, Duration.ZERO, status, 0, null, "respond " + status);
  }

  /**
   * Answers {@code status} with this body without forwarding, after reading the request body: e.g. a registry's own
   * error, {@code respond(400, "application/json", "{\"errors\":[{\"code\":\"MANIFEST_BLOB_UNKNOWN\",...}]}")}.
   */
  public static Fault respond(int status, String contentType, String body) {
    Fault plain = respond(status);
    return new Fault(Kind.RESPOND, Duration.ZERO, plain.status, 0, null, "respond " + status + " "
        + Objects.requireNonNull(contentType, "contentType"), contentType, Objects.requireNonNull(body, "body"));
  }

  /** Forwards the head and {@code bytes} bytes of the request body, then closes both connections. */
  public static Fault cutRequestAfter(long bytes) {
    return new Fault(Kind.CUT_REQUEST, Duration.ZERO, 0, requireNotNegative(bytes), null,
        "cut request after " + bytes + " body bytes");
  }

  /** Forwards the head and {@code bytes} bytes of the request body, then resets the client's connection. */
  public static Fault resetRequestAfter(long bytes) {
    return new Fault(Kind.RESET_REQUEST, Duration.ZERO, 0, requireNotNegative(bytes), null,
        "reset after " + bytes + " request body bytes");
  }

  /** Resets the client's connection as soon as the request head has arrived; nothing is forwarded. */
  public static Fault reset() {
    return new Fault(Kind.RESET_REQUEST, Duration.ZERO, 0, -1, null, "reset");
  }

  /** Forwards the request, then the response head and {@code bytes} bytes of its body, then closes both. */
  public static Fault cutResponseAfter(long bytes) {
    return new Fault(Kind.CUT_RESPONSE, Duration.ZERO, 0, requireNotNegative(bytes), null,
        "cut response after " + bytes + " body bytes");
  }

  /** Forwards the request, then the response head and {@code bytes} bytes of its body, then resets the client. */
  public static Fault resetResponseAfter(long bytes) {
    return new Fault(Kind.RESET_RESPONSE, Duration.ZERO, 0, requireNotNegative(bytes), null,
        "reset response after " + bytes + " body bytes");
  }

  /** Reads the request and never answers. */
  public static Fault hang() {
    return new Fault(Kind.HANG, Duration.ZERO, 0, 0, null, "hang");
  }

  /** Runs {@code action} on the proxy's connection thread, then forwards (to whatever is there by then). */
  public static Fault run(String description, Runnable action) {
    Objects.requireNonNull(action, "action");
    return new Fault(Kind.RUN, Duration.ZERO, 0, 0, action, "run " + Objects.requireNonNull(description,
        "description"));
  }

  public Kind kind() {
    return kind;
  }

  Duration delayDuration() {
    return delay;
  }

  int status() {
    return status;
  }

  long bytes() {
    return bytes;
  }

  Runnable action() {
    return action;
  }

  /** The answer a {@link Kind#RESPOND} fault sends. */
  byte[] answer() {
    return body == null ? HttpMessages.answer(status) : HttpMessages.answer(status, contentType, body);
  }

  @Override
  public String toString() {
    return description;
  }

  private static long requireNotNegative(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("a byte count must not be negative: " + bytes);
    }
    return bytes;
  }
}
