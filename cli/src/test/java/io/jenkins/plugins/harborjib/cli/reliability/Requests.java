package io.jenkins.plugins.harborjib.cli.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.harborjib.protocol.ProtocolLine;
import io.jenkins.plugins.harborjib.testkit.Samples;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** JSON requests for the CLI child, and registry-side and cache checks, for the CLI's reliability ITs. */
final class Requests {
  static final ObjectMapper JSON = new ObjectMapper();
  /** The heap the bridge gives the engine process unless told otherwise. */
  static final String DEFAULT_HEAP = io.jenkins.plugins.harborjib.protocol.Protocol.DEFAULT_MAX_HEAP;

  private Requests() {}

  /**
   * A request pushing the exploded sample to {@code app/<repository>} at {@code host} (the registry, or a proxy in
   * front of it), based on {@code base/jre17:17} there, with the registry's credentials, insecure (plain HTTP).
   */
  static ObjectNode push(String host, TestRegistry registry, String repository, Path cache, String... tags) {
    ObjectNode r = JSON.createObjectNode();
    r.put("protocolVersion", 1);
    ObjectNode target = r.putObject("target");
    target.put("registry", host);
    target.put("project", "app");
    target.put("repository", repository);
    var t = target.putArray("tags");
    for (String tag : tags) {
      t.add(tag);
    }
    if (registry != null && registry.hasCredentials()) {
      ObjectNode c = r.putObject("credentials");
      c.put("username", registry.username());
      c.put("password", registry.password());
    }
    r.putObject("baseImage").put("reference", "base/jre17:17");
    ObjectNode output = r.putObject("buildOutput");
    output.put("type", "exploded");
    output.put("classes", Samples.helloAppClasses().toString());
    output.put("dependencies", Samples.helloAppDependencies().toString());
    r.putObject("tls").put("insecure", true);
    r.put("cacheDirectory", cache.toString());
    r.put("httpTimeoutMillis", 5000);
    r.putObject("retry").put("attempts", 3).put("firstBackoffMillis", 100);
    return r;
  }

  static byte[] bytes(ObjectNode request, Consumer<ObjectNode> change) {
    change.accept(request);
    return request.toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] bytes(ObjectNode request) {
    return request.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The result line, or a failure naming what the run printed. */
  static ProtocolLine.Result result(CliChild.Run run) {
    if (run.exitCode() == 0 && run.last() instanceof ProtocolLine.Result r) {
      return r;
    }
    throw new AssertionError("the push did not succeed: " + run);
  }

  /** The error line, or a failure naming what the run printed. */
  static ProtocolLine.Failure failure(CliChild.Run run) {
    if (run.exitCode() != 0 && run.last() instanceof ProtocolLine.Failure f) {
      return f;
    }
    throw new AssertionError("the push did not end with an error line: " + run);
  }

  /** The tags of {@code repository} as the registry's API lists them; empty if it has none. */
  static List<String> tags(TestRegistry registry, String repository) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(registry.url() + "/v2/" + repository + "/tags/list"));
    if (registry.hasCredentials()) {
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((registry.username() + ":"
          + registry.password()).getBytes(StandardCharsets.UTF_8)));
    }
    try {
      HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
          .send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 404) {
        return List.of();
      }
      List<String> tags = new ArrayList<>();
      JsonNode list = JSON.readTree(r.body()).path("tags");
      list.forEach(n -> tags.add(n.asText()));
      return tags;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Files under {@code folder}, relative. */
  static List<String> files(Path folder) {
    if (!Files.exists(folder)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(folder)) {
      return s.filter(Files::isRegularFile).map(p -> folder.relativize(p).toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What a push leaves in its cache folder besides the cache (Jib's layers, complete unpacked archives, what the last
   * push found of the base image): half-unpacked archives, Jib's half-written files.
   */
  static List<String> leftovers(Path cache) {
    return files(cache).stream()
        .filter(f -> !f.matches("(base-layers|application-layers)/(layers|local|images|selectors)/.*"))
        .filter(f -> !f.matches("unpacked/[0-9a-f]{64}/.*"))
        .filter(f -> !f.matches("base-images/[0-9a-f]{64}\\.json"))
        .filter(f -> !f.equals("harbor-jib.lock"))
        .toList();
  }

  /** Cached layers whose bytes do not hash to the digest they are filed under, with what they hash to. */
  static Map<String, String> corruptCacheEntries(Path cache) throws IOException {
    Map<String, String> corrupt = new TreeMap<>();
    for (String f : files(cache)) {
      String[] parts = f.split("/");
      if (parts.length == 4 && parts[1].equals("layers")) {
        Path file = cache.resolve(f);
        try (InputStream in = new DigestInputStream(Files.newInputStream(file),
            MessageDigest.getInstance("SHA-256"))) {
          in.transferTo(java.io.OutputStream.nullOutputStream());
          String actual = HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
          if (!actual.equals(parts[2])) {
            corrupt.put(f, actual);
          }
        } catch (java.security.NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return corrupt;
  }
}
