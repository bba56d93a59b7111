package io.jenkins.plugins.harborjib.engine.push;

import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.RegistryAuthenticationFailedException;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.http.ResponseException;
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
  /** The request line google-http-client puts on the second line of a response exception's message. */
  private static final Pattern REQUEST_LINE = Pattern.compile("^(GET|HEAD|POST|PUT|PATCH|DELETE) (\\S+)$",
      Pattern.MULTILINE);
  /** Registry error codes (OCI distribution spec) in a response body. */
  private static final Pattern ERROR_CODE = Pattern.compile("\"code\"\\s*:\\s*\"([A-Z_]+)\"");

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
      Optional<ResponseException> answer = responseOf(a);
      int status = answer.map(ResponseException::getStatusCode).orElse(0);
      if (status >= 500 || status == 429) {
        // An outage of the token service, not bad credentials: worth retrying, and worded so.
        return new PushException(ErrorKind.REGISTRY, "The token service " + a.getServerUrl() + " answered HTTP "
            + status + " when " + a.getImageName() + " asked for a token, during the push: it is failing or"
            + " overloaded; try again later, or ask the registry's administrator", e);
      }
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
      return new PushException(ErrorKind.REGISTRY, "The registry " + registry + " refused the push"
          + status.map(s -> " (HTTP " + s + ")").orElse("") + ": " + firstLine(r.getMessage()), e);
    }
    if (e instanceof ResponseException answer) {
      // Jib passes a registry's error answer it does not handle itself (a 5xx, mostly) on as an I/O error.
      return new PushException(ErrorKind.REGISTRY, "The registry " + registry + " answered HTTP "
          + answer.getStatusCode() + " to " + requestOf(answer) + errorCodes(answer) + ": it is failing or"
          + " overloaded; try again later, or ask the registry's administrator", e);
    }
    if (e instanceof IOException io) {
      return ConnectionProblems.describe(io, registry, "the registry", request.tls());
    }
    if (e instanceof InterruptedException) {
      return new PushException(ErrorKind.CANCELLED, "The push was cancelled", e);
    }
    return new PushException(ErrorKind.INTERNAL, "The push failed unexpectedly: " + e, e);
  }

  /** The HTTP status of a registry error, when its cause chain or message names one. */
  static Optional<Integer> statusOf(Throwable e) {
    Optional<ResponseException> answer = responseOf(e);
    if (answer.isPresent()) {
      return Optional.of(answer.get().getStatusCode());
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    Matcher m = STATUS.matcher(message);
    return m.find() && message.contains("status") ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
  }

  /** The registry error codes ({@code BLOB_UPLOAD_INVALID}, ...) in the failure's answer or message. */
  static java.util.Set<String> errorCodesOf(Throwable e) {
    java.util.Set<String> codes = new java.util.LinkedHashSet<>();
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String text = c instanceof ResponseException r && r.getContent() != null ? r.getContent() : c.getMessage();
      if (text != null) {
        Matcher m = ERROR_CODE.matcher(text);
        while (m.find()) {
          codes.add(m.group(1));
        }
        for (String code : new String[] {"BLOB_UPLOAD_INVALID", "BLOB_UPLOAD_UNKNOWN", "MANIFEST_BLOB_UNKNOWN",
            "DIGEST_INVALID", "BLOB_UNKNOWN"}) {
          if (text.contains(code)) {
            codes.add(code);
          }
        }
      }
    }
    return codes;
  }

  private static Optional<ResponseException> responseOf(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof ResponseException r) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** {@code PUT /v2/app/demo/manifests/1}: the request, without its query (upload state) and host. */
  private static String requestOf(ResponseException answer) {
    Matcher m = REQUEST_LINE.matcher(String.valueOf(answer.getMessage()));
    if (!m.find()) {
      return "a request";
    }
    String url = m.group(2).replaceFirst("\\?.*$", "").replaceFirst("^[a-z]+://[^/]+", "");
    return m.group(1) + " " + url;
  }

  private static String errorCodes(ResponseException answer) {
    java.util.Set<String> codes = errorCodesOf(answer);
    return codes.isEmpty() ? "" : " (" + String.join(", ", codes) + ")";
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "(no details)";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
