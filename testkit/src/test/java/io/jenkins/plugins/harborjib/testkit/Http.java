package io.jenkins.plugins.harborjib.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;

/** A tiny HTTP client for the tests: GET, PUT, POST and HEAD with optional basic auth and a chosen trust. */
final class Http {
  private final HttpClient client;
  private String authorization;

  private Http(SSLContext tls) {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .version(HttpClient.Version.HTTP_1_1);
    if (tls != null) {
      b.sslContext(tls);
    }
    client = b.build();
  }

  /** A client that trusts what the registry needs: its CA for HTTPS, nothing for plain HTTP. */
  static Http to(TestRegistry registry) {
    return new Http(registry.isHttps() ? registry.ca().sslContext() : null);
  }

  /** A client with the JVM's default trust. */
  static Http withDefaultTrust() {
    return new Http(null);
  }

  Http basicAuth(String user, String password) {
    authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
        .getBytes(StandardCharsets.UTF_8));
    return this;
  }

  HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return send(request(url).GET());
  }

  HttpResponse<String> head(String url) throws IOException, InterruptedException {
    return send(request(url).method("HEAD", HttpRequest.BodyPublishers.noBody()));
  }

  HttpResponse<String> post(String url, byte[] body) throws IOException, InterruptedException {
    return send(request(url).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  HttpResponse<String> put(String url, byte[] body) throws IOException, InterruptedException {
    return send(request(url).header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private HttpRequest.Builder request(String url) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b;
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
