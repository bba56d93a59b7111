package io.jenkins.plugins.harborjib.engine;

import java.util.Objects;
import java.util.Optional;

/**
 * A push that did not happen, with a message written for the person who has to fix it: it names the field or
 * server, the value (never a secret) and what to do.
 */
public class PushException extends Exception {
  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;
  private final String field;

  public PushException(ErrorKind kind, String message) {
    this(kind, null, message, null);
  }

  public PushException(ErrorKind kind, String message, Throwable cause) {
    this(kind, null, message, cause);
  }

  public PushException(ErrorKind kind, String field, String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.field = field;
  }

  /** A bad value in the request: names the field, the value and the rule or fix. */
  public static PushException invalid(String field, String message) {
    return new PushException(ErrorKind.INVALID_INPUT, field, message, null);
  }

  public ErrorKind kind() {
    return kind;
  }

  /** The request field at fault, for {@link ErrorKind#INVALID_INPUT}. */
  public Optional<String> field() {
    return Optional.ofNullable(field);
  }
}
