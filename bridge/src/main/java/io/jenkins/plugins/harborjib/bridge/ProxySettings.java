package io.jenkins.plugins.harborjib.bridge;

import io.jenkins.plugins.harborjib.engine.Credentials;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP(S) proxy the engine should use (Jenkins' proxy configuration). Host, port and exclusions become standard
 * JVM properties on the engine's command line; the user and password travel only in the request on standard input.
 */
public final class ProxySettings {
  /** No proxy. */
  public static final ProxySettings NONE = new ProxySettings("", 0, List.of(), null);

  private final String host;
  private final int port;
  private final List<String> noProxyHosts;
  private final Credentials credentials;

  private ProxySettings(String host, int port, List<String> noProxyHosts, Credentials credentials) {
    this.host = host;
    this.port = port;
    this.noProxyHosts = List.copyOf(noProxyHosts);
    this.credentials = credentials;
  }

  /**
   * A proxy at {@code host:port}.
   *
   * @param noProxyHosts host patterns that bypass it, as Jenkins takes them ({@code *.example.com}, one per line or
   *     separated by {@code ,}, {@code ;} or {@code |})
   * @param username empty for a proxy without authentication
   * @param password copied; the caller may wipe its array
   */
  public static ProxySettings of(String host, int port, String noProxyHosts, String username, char[] password) {
    if (host == null || host.isBlank()) {
      return NONE;
    }
    List<String> exclusions = new ArrayList<>();
    if (noProxyHosts != null) {
      for (String p : noProxyHosts.split("[\\s,;|]+")) {
        if (!p.isBlank()) {
          exclusions.add(p.trim());
        }
      }
    }
    Credentials login = username == null || username.isBlank()
        ? null : Credentials.of(username.trim(), password == null ? new char[0] : password);
    return new ProxySettings(host.trim(), port, exclusions, login);
  }

  public boolean isConfigured() {
    return !host.isEmpty();
  }

  /**
   * The JVM properties that choose the proxy ({@code http(s).proxyHost}, {@code http(s).proxyPort},
   * {@code http.nonProxyHosts}); never a user or password.
   */
  public Map<String, String> systemProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    if (!isConfigured()) {
      return p;
    }
    String portText = Integer.toString(port > 0 ? port : 80);
    p.put("http.proxyHost", host);
    p.put("http.proxyPort", portText);
    p.put("https.proxyHost", host);
    p.put("https.proxyPort", portText);
    if (!noProxyHosts.isEmpty()) {
      p.put("http.nonProxyHosts", String.join("|", noProxyHosts));
    }
    return p;
  }

  /** The proxy's user and password, for the request; empty without authentication. */
  public Optional<Credentials> credentials() {
    return Optional.ofNullable(credentials);
  }

  @Override
  public String toString() {
    return isConfigured() ? "ProxySettings{" + host + ":" + port + ", noProxy=" + noProxyHosts + ", user="
        + credentials().map(Credentials::username).orElse("(none)") + "}" : "ProxySettings{none}";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProxySettings other && host.equals(other.host) && port == other.port
        && noProxyHosts.equals(other.noProxyHosts) && java.util.Objects.equals(credentials, other.credentials);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new Object[] {host, port, noProxyHosts});
  }
}
