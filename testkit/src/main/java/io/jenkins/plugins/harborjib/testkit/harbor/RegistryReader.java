package io.jenkins.plugins.harborjib.testkit.harbor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The stand-in's own calls to the registry behind it (as Harbor's core makes them), with tokens it signs itself. */
final class RegistryReader {
  static final String MANIFEST_TYPES = String.join(", ",
      "application/vnd.oci.image.index.v1+json", "application/vnd.oci.image.manifest.v1+json",
      "application/vnd.docker.distribution.manifest.list.v2+json",
      "application/vnd.docker.distribution.manifest.v2+json");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<String> registryUrl;
  private final TokenIssuer tokens;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  RegistryReader(Supplier<String> registryUrl, TokenIssuer tokens) {
    this.registryUrl = registryUrl;
    this.tokens = tokens;
  }

  /** A manifest, with its digest and media type. */
  record Manifest(String digest, String mediaType, byte[] bytes) {
    /** Harbor's artifact size: the manifest plus the config and layers it references. */
    long size() {
      long size = bytes.length;
      try {
        JsonNode m = JSON.readTree(bytes);
        if (m.has("config")) {
          size += m.get("config").path("size").asLong();
        }
        for (JsonNode layer : m.path("layers")) {
          size += layer.path("size").asLong();
        }
        for (JsonNode child : m.path("manifests")) {
          size += child.path("size").asLong();
        }
      } catch (IOException e) {
        // size of the manifest alone
      }
      return size;
    }

    String configMediaType() {
      try {
        return JSON.readTree(bytes).path("config").path("mediaType").asText("");
      } catch (IOException e) {
        return "";
      }
    }
  }

  Optional<Manifest> manifest(String repository, String reference) {
    HttpResponse<byte[]> r = send(repository, "GET", "/manifests/" + reference, null, null);
    if (r.statusCode() != 200) {
      return Optional.empty();
    }
    String digest = r.headers().firstValue("Docker-Content-Digest").orElse(reference);
    String type = r.headers().firstValue("Content-Type").orElse("");
    return Optional.of(new Manifest(digest, type, r.body()));
  }

  /** The tags of a repository (empty when it does not exist). */
  List<String> tags(String repository) {
    HttpResponse<byte[]> r = send(repository, "GET", "/tags/list", null, null);
    List<String> tags = new ArrayList<>();
    if (r.statusCode() == 200) {
      try {
        for (JsonNode t : JSON.readTree(r.body()).path("tags")) {
          tags.add(t.asText());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return tags;
  }

  /** The digest a tag points at. */
  Optional<String> digestOf(String repository, String tag) {
    HttpResponse<byte[]> r = send(repository, "HEAD", "/manifests/" + tag, null, null);
    return r.statusCode() == 200 ? r.headers().firstValue("Docker-Content-Digest") : Optional.empty();
  }

  /** Tags a manifest: PUT it again under {@code tag}. */
  void putManifest(String repository, String tag, Manifest manifest) {
    HttpResponse<byte[]> r = send(repository, "PUT", "/manifests/" + tag, manifest.bytes(), manifest.mediaType());
    if (r.statusCode() != 201) {
      throw new IllegalStateException("The registry refused to tag " + repository + ":" + tag + ": HTTP "
          + r.statusCode() + " " + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private HttpResponse<byte[]> send(String repository, String method, String tail, byte[] body, String type) {
    String token = tokens.token("harbor-core",
        List.of(new TokenIssuer.Grant("repository", repository, List.of("pull", "push"))));
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(registryUrl.get() + "/v2/" + repository + tail))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token)
        .header("Accept", MANIFEST_TYPES + ", application/json");
    if (body != null) {
      b.header("Content-Type", type);
      b.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("The registry behind the Harbor stand-in did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }
}
