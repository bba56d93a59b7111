package io.jenkins.plugins.harborjib.engine.registry;

import io.jenkins.plugins.harborjib.engine.Credentials;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The credentials of an authenticating HTTP proxy, given to the proxy only: a server's own 401 stays a 401. The
 * engine's process takes them from the standard {@code https.proxyUser}/{@code https.proxyPassword} (or
 * {@code http.*}) properties, where Jib's HTTP client reads them too; the CLI sets those from the request, never from
 * a command line.
 */
public final class ProxyLogin extends Authenticator {
  private final Credentials credentials;

  public ProxyLogin(Credentials credentials) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
  }

  /** The proxy credentials this process was given, if any. */
  public static Optional<ProxyLogin> fromSystemProperties() {
    for (String scheme : new String[] {"https", "http"}) {
      String user = System.getProperty(scheme + ".proxyUser");
      String password = System.getProperty(scheme + ".proxyPassword");
      if (user != null && !user.isBlank() && password != null) {
        char[] chars = password.toCharArray();
        try {
          return Optional.of(new ProxyLogin(Credentials.of(user, chars)));
        } finally {
          Arrays.fill(chars, '\0');
        }
      }
    }
    return Optional.empty();
  }

  @Override
  protected PasswordAuthentication getPasswordAuthentication() {
    if (getRequestorType() != RequestorType.PROXY) {
      return null;
    }
    char[] password = credentials.password();
    try {
      return new PasswordAuthentication(credentials.username(), password);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  @Override
  public String toString() {
    return "ProxyLogin{user=" + credentials.username() + "}";
  }
}
