package io.jenkins.plugins.harborjib.testkit.harbor;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Forwards {@code /v2/} to the registry, as Harbor's front proxy does: bodies are streamed both ways, the registry builds
 * its URLs from {@code X-Forwarded-Proto/Host}, and a {@code Location} that still names the registry is rewritten to the
 * stand-in.
 */
final class RegistryProxy {
  private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-authenticate",
      "proxy-authorization", "te", "trailer", "trailers", "transfer-encoding", "upgrade", "host", "content-length",
      "expect", "date");
  static final Pattern MANIFEST_PATH = Pattern.compile("^/v2/(.+)/manifests/([^/]+)$");

  /** Told about every manifest the registry accepted: repository, reference, digest. */
  interface ManifestListener {
    void manifestPushed(String repository, String reference, String digest);
  }

  private final Supplier<String> registryUrl;
  private final String publicUrl;
  private final ManifestListener listener;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

  RegistryProxy(Supplier<String> registryUrl, String publicUrl, ManifestListener listener) {
    this.registryUrl = registryUrl;
    this.publicUrl = publicUrl;
    this.listener = listener;
  }

  /** Forwards one exchange; returns the status sent. */
  int forward(HttpExchange ex) throws IOException {
    URI uri = ex.getRequestURI();
    String upstream = registryUrl.get();
    String target = upstream + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofMinutes(10));
    ex.getRequestHeaders().forEach((name, values) -> {
      if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(v -> b.header(name, v));
      }
    });
    URI pub = URI.create(publicUrl);
    b.header("X-Forwarded-Proto", pub.getScheme());
    b.header("X-Forwarded-Host", pub.getAuthority());
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    String encoding = ex.getRequestHeaders().getFirst("Transfer-Encoding");
    HttpRequest.BodyPublisher body;
    if (length != null && Long.parseLong(length.trim()) > 0) {
      body = HttpRequest.BodyPublishers.fromPublisher(
          HttpRequest.BodyPublishers.ofInputStream(ex::getRequestBody), Long.parseLong(length.trim()));
    } else if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
      body = HttpRequest.BodyPublishers.ofInputStream(ex::getRequestBody);
    } else {
      body = HttpRequest.BodyPublishers.noBody();
    }
    b.method(ex.getRequestMethod(), body);
    HttpResponse<InputStream> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while forwarding to the registry", e);
    }
    int status = r.statusCode();
    Headers out = ex.getResponseHeaders();
    r.headers().map().forEach((name, values) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (NOT_FORWARDED.contains(lower) || lower.equals(":status")) {
        return;
      }
      if (lower.equals("location")) {
        out.put("Location", values.stream().map(v -> v.startsWith(upstream) ? publicUrl + v.substring(
            upstream.length()) : v).toList());
      } else {
        out.put(name, List.copyOf(values));
      }
    });
    long contentLength = r.headers().firstValueAsLong("Content-Length").orElse(-1);
    try (InputStream in = r.body()) {
      if (ex.getRequestMethod().equals("HEAD")) {
        // A HEAD answer keeps the Content-Length of the GET (Jib reads a blob's size from it), but has no body.
        if (contentLength >= 0) {
          out.set("Content-Length", Long.toString(contentLength));
        }
        ex.sendResponseHeaders(status, -1);
      } else if (status == 204 || status == 304 || contentLength == 0) {
        ex.sendResponseHeaders(status, -1);
      } else {
        ex.sendResponseHeaders(status, contentLength > 0 ? contentLength : 0);
        try (OutputStream os = ex.getResponseBody()) {
          in.transferTo(os);
        }
      }
    } finally {
      ex.close();
    }
    if (ex.getRequestMethod().equals("PUT") && status == 201) {
      Matcher m = MANIFEST_PATH.matcher(uri.getPath());
      if (m.matches()) {
        listener.manifestPushed(m.group(1), m.group(2),
            r.headers().firstValue("Docker-Content-Digest").orElse(m.group(2)));
      }
    }
    return status;
  }
}
