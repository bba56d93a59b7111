package io.jenkins.plugins.harborjib.engine.push;

import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.RegistryAuthenticationFailedException;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.registry.RegistryCredentialsNotSentException;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.PushRequest;
import io.jenkins.plugins.harborjib.engine.registry.ConnectionProblems;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps what Jib throws to a {@link PushException} with a message a person can act on. */
final class JibFailures {
  private static final Pattern STATUS = Pattern.compile("\\b([45]\\d\\d)\\b");

  private JibFailures() {}

  static PushException describe(Throwable thrown, PushRequest request) {
    Throwable e = thrown instanceof ExecutionException && thrown.getCause() != null ? thrown.getCause() : thrown;
    String registry = request.target().registry();
    String user = request.credentials().map(c -> c.username()).orElse("(anonymous)");
    if (e instanceof RegistryUnauthorizedException u) {
      int status = u.getHttpResponseException() == null ? 0 : u.getHttpResponseException().getStatusCode();
      if (status == 403) {
        return new PushException(ErrorKind.AUTHENTICATION, "User '" + user + "' may not push to "
            + u.getImageReference() + " (HTTP 403): grant it push permission on the project, or use other"
            + " credentials", e);
      }
      return new PushException(ErrorKind.AUTHENTICATION, "The registry rejected the credentials of user '" + user
          + "' for " + u.getImageReference() + ": check the user name and the password or token", e);
    }
    if (e instanceof RegistryAuthenticationFailedException a) {
      return new PushException(ErrorKind.AUTHENTICATION, "Authentication with " + a.getServerUrl() + " for "
          + a.getImageName() + " failed for user '" + user + "': check the user name and the password or token", e);
    }
    if (e instanceof RegistryCredentialsNotSentException) {
      return new PushException(ErrorKind.TLS, "The registry " + registry + " speaks plain HTTP, so the credentials"
          + " were not sent: use HTTPS on the registry (or, for a test registry, turn the insecure switch on)", e);
    }
    if (e instanceof InsecureRegistryException) {
      return new PushException(ErrorKind.TLS, "The registry " + registry + " could not be reached over verified"
          + " HTTPS: supply the CA certificate that signed its certificate (--ca-file, or \"tls.caPem\" in a JSON"
          + " request), or, for a test registry only, turn the insecure switch on", e);
    }
    if (e instanceof RegistryException r) {
      Optional<Integer> status = statusOf(r);
      ErrorKind kind = ErrorKind.REGISTRY;
      return new PushException(kind, "The registry " + registry + " refused the push"
          + status.map(s -> " (HTTP " + s + ")").orElse("") + ": " + firstLine(r.getMessage()), e);
    }
    if (e instanceof IOException io) {
      return ConnectionProblems.describe(io, registry, "the registry", request.tls());
    }
    if (e instanceof InterruptedException) {
      return new PushException(ErrorKind.CANCELLED, "The push was cancelled", e);
    }
    return new PushException(ErrorKind.INTERNAL, "The push failed unexpectedly: " + e, e);
  }

  /** The HTTP status of a registry error, when its message or cause names one. */
  static Optional<Integer> statusOf(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof com.google.cloud.tools.jib.http.ResponseException h) {
        return Optional.of(h.getStatusCode());
      }
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    Matcher m = STATUS.matcher(message);
    return m.find() && message.contains("status") ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "(no details)";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
