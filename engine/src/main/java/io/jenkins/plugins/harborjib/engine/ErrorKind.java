package io.jenkins.plugins.harborjib.engine;

/** What kind of failure a {@link PushException} is; the CLI turns each into its own exit code. */
public enum ErrorKind {
  /** A value in the request is wrong; found before any network call. */
  INVALID_INPUT,
  /** The registry rejected the credentials, or the identity may not do what was asked. */
  AUTHENTICATION,
  /** The registry's certificate is not trusted, or the TLS handshake failed. */
  TLS,
  /** The registry could not be reached: unknown host, refused or dropped connection, timeout. */
  NETWORK,
  /** The registry answered with an error. */
  REGISTRY,
  /** The push was interrupted. */
  CANCELLED,
  /** A defect in harbor-jib itself. */
  INTERNAL,
  /** The Harbor project does not exist (and was not to be created). */
  PROJECT_NOT_FOUND,
  /** The credentials are good, but the identity may not do this in the project (e.g. push, create a project). */
  PERMISSION_DENIED,
  /** The Harbor project's storage quota has no room for what the push would upload. */
  QUOTA_EXCEEDED
}
