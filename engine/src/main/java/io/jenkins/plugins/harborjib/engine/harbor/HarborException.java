package io.jenkins.plugins.harborjib.engine.harbor;

import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.PushException;
import java.util.OptionalInt;

/**
 * A Harbor API call that failed. The message names the server, the project where there is one, the identity (never its
 * secret) and what to do; {@link #kind()} says what kind of failure it is.
 */
public final class HarborException extends PushException {
  private static final long serialVersionUID = 1L;

  private final int httpStatus;

  HarborException(ErrorKind kind, String message, int httpStatus, Throwable cause) {
    super(kind, null, message, cause);
    this.httpStatus = httpStatus;
  }

  /** The HTTP status Harbor answered with; empty when there was no answer (network, TLS). */
  public OptionalInt httpStatus() {
    return httpStatus == 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
  }
}
