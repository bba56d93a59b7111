package io.jenkins.plugins.harborjib.bridge;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * One Harbor server of the global configuration, without its credentials (Jenkins holds those, by id).
 *
 * @param id how steps name the server, e.g. {@code harbor}
 * @param url the server's URL, e.g. {@code https://harbor.example.com}
 * @param defaultProject project for steps that name none; may be empty
 * @param defaultBaseImage base image for steps that name none; may be empty
 * @param caCertificate PEM text of extra CA certificates to trust for this server only; may be empty
 * @param insecure allow plain HTTP and unverified TLS for this server only (test servers)
 * @param connectTimeoutSeconds timeout for connecting to the server
 * @param readTimeoutSeconds timeout for each read from the server
 * @param harborApi use Harbor's REST API (preflight, project creation, labels, scan gate); off for a plain OCI
 *     registry
 */
public record ServerSettings(
    String id, String url, String defaultProject, String defaultBaseImage, String caCertificate, boolean insecure,
    int connectTimeoutSeconds, int readTimeoutSeconds, boolean harborApi) {
  /** Connect timeout unless configured. */
  public static final int DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;
  /** Read timeout unless configured. */
  public static final int DEFAULT_READ_TIMEOUT_SECONDS = 60;

  public ServerSettings {
    id = Values.trim(id);
    url = stripSlashes(Values.trim(url));
    defaultProject = Values.trim(defaultProject);
    defaultBaseImage = Values.trim(defaultBaseImage);
    caCertificate = Values.trim(caCertificate);
  }

  /** A Harbor server at {@code url} with default timeouts and nothing else set. */
  public static ServerSettings of(String id, String url) {
    return new ServerSettings(id, url, "", "", "", false, DEFAULT_CONNECT_TIMEOUT_SECONDS,
        DEFAULT_READ_TIMEOUT_SECONDS, true);
  }

  /**
   * The registry part of image references: the URL's host and port, e.g. {@code harbor.example.com} or
   * {@code 127.0.0.1:5000}; empty when the URL is not usable ({@link SettingsCheck#serverUrl} says why).
   */
  public Optional<String> registryHost() {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
        return Optional.empty();
      }
      String path = uri.getRawPath() == null ? "" : uri.getRawPath();
      if (!path.isEmpty() && !path.equals("/")) {
        return Optional.empty();
      }
      return Optional.of(uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort());
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  public ServerSettings withDefaults(String project, String baseImage) {
    return new ServerSettings(id, url, project, baseImage, caCertificate, insecure, connectTimeoutSeconds,
        readTimeoutSeconds, harborApi);
  }

  public ServerSettings withTls(String caCertificate, boolean insecure) {
    return new ServerSettings(id, url, defaultProject, defaultBaseImage, caCertificate, insecure,
        connectTimeoutSeconds, readTimeoutSeconds, harborApi);
  }

  public ServerSettings withHarborApi(boolean harborApi) {
    return new ServerSettings(id, url, defaultProject, defaultBaseImage, caCertificate, insecure,
        connectTimeoutSeconds, readTimeoutSeconds, harborApi);
  }

  @Override
  public String toString() {
    return "ServerSettings{id=" + id + ", url=" + url + ", ca=" + (caCertificate.isEmpty() ? "none" : "PEM")
        + ", insecure=" + insecure + ", harborApi=" + harborApi + "}";
  }

  private static String stripSlashes(String url) {
    String s = url;
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }
}
