package io.jenkins.plugins.harborjib.protocol;

import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.PushResult;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The exit status of {@code harbor-jib}, one per {@link ErrorKind}, the same in both protocols. Codes are part of
 * the contract with the Jenkins plugin: never renumber one, only add.
 */
public enum ExitCode {
  /** Pushed; the result was reported. */
  OK(0, null),
  /** A defect in harbor-jib, or a failure it did not classify. */
  INTERNAL(1, ErrorKind.INTERNAL),
  /** Bad flags or request: a value is missing or wrong. Found before any network call. */
  INVALID_INPUT(2, ErrorKind.INVALID_INPUT),
  /** The registry rejected the credentials, or the identity may not push there. */
  AUTHENTICATION(3, ErrorKind.AUTHENTICATION),
  /** The registry's certificate is not trusted, or the TLS handshake failed. */
  TLS(4, ErrorKind.TLS),
  /** The registry could not be reached: unknown host, refused or dropped connection, timeout. */
  NETWORK(5, ErrorKind.NETWORK),
  /** The registry answered with an error. */
  REGISTRY(6, ErrorKind.REGISTRY),
  /** The Harbor project does not exist. */
  PROJECT_NOT_FOUND(7, ErrorKind.PROJECT_NOT_FOUND),
  /** The push was interrupted before it finished. */
  CANCELLED(8, ErrorKind.CANCELLED),
  /** The credentials are good, but the identity may not push to the project. */
  PERMISSION_DENIED(9, ErrorKind.PERMISSION_DENIED),
  /** The Harbor project's storage quota has no room for the push. */
  QUOTA_EXCEEDED(10, ErrorKind.QUOTA_EXCEEDED),
  /** Pushed, but the vulnerability gate failed: the result names the vulnerabilities. */
  GATE_FAILED(11, null),
  /** Pushed, but the vulnerability gate found what it was told to mark unstable. */
  GATE_UNSTABLE(12, null);

  private final int code;
  private final ErrorKind kind;

  ExitCode(int code, ErrorKind kind) {
    this.code = code;
    this.kind = kind;
  }

  /** The process exit status. */
  public int code() {
    return code;
  }

  /** The failure this code reports; empty for {@link #OK}. */
  public Optional<ErrorKind> kind() {
    return Optional.ofNullable(kind);
  }

  /** The exit code of a push that happened: OK, or the vulnerability gate's verdict. */
  public static ExitCode of(PushResult result) {
    return result.gateOutcome().map(o -> switch (o) {
      case FAIL -> GATE_FAILED;
      case UNSTABLE -> GATE_UNSTABLE;
      case PASS -> OK;
    }).orElse(OK);
  }

  /** The exit code that reports {@code kind}. */
  public static ExitCode of(ErrorKind kind) {
    // No default: a new ErrorKind must get its own code here before this compiles.
    return switch (Objects.requireNonNull(kind, "kind")) {
      case INVALID_INPUT -> INVALID_INPUT;
      case AUTHENTICATION -> AUTHENTICATION;
      case TLS -> TLS;
      case NETWORK -> NETWORK;
      case REGISTRY -> REGISTRY;
      case PROJECT_NOT_FOUND -> PROJECT_NOT_FOUND;
      case CANCELLED -> CANCELLED;
      case PERMISSION_DENIED -> PERMISSION_DENIED;
      case QUOTA_EXCEEDED -> QUOTA_EXCEEDED;
      case INTERNAL -> INTERNAL;
    };
  }

  /**
   * The exit code with this status, if harbor-jib uses it. Other statuses come from the JVM, e.g. 143 after
   * SIGTERM, 137 after SIGKILL.
   */
  public static Optional<ExitCode> fromCode(int code) {
    return Arrays.stream(values()).filter(c -> c.code == code).findFirst();
  }
}
