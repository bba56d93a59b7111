package io.jenkins.plugins.harborjib.engine.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.harborjib.engine.BaseImage;
import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.ContainerSettings;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.HarborJib;
import io.jenkins.plugins.harborjib.engine.ImageTarget;
import io.jenkins.plugins.harborjib.engine.LayerReport;
import io.jenkins.plugins.harborjib.engine.LayerStatus;
import io.jenkins.plugins.harborjib.engine.PushEvent;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.PushRequest;
import io.jenkins.plugins.harborjib.engine.PushResult;
import io.jenkins.plugins.harborjib.engine.RecordedEvents;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import io.jenkins.plugins.harborjib.testkit.Samples;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import io.jenkins.plugins.harborjib.testkit.fault.FaultProxy;
import io.jenkins.plugins.harborjib.testkit.fault.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Requests, event collection and registry-side checks shared by the fault suite. */
final class Faults {
  /** A short HTTP timeout: hung connections must fail the test quickly, yet loopback answers come in time. */
  static final Duration SHORT_HTTP_TIMEOUT = Duration.ofSeconds(3);

  /** Blob upload requests (POST to start, PATCH with the bytes, PUT to commit). */
  static final String BLOB_UPLOAD = "/blobs/uploads/";
  /** The commit of a blob upload: {@code PUT .../blobs/uploads/<id>?...digest=...}. */
  static final String BLOB_COMMIT = "/blobs/uploads/[^?]+\\?.*digest=";
  /** A manifest PUT to the application's repository (by tag). */
  static final String MANIFEST = "^/v2/app/[^?]+/manifests/";

  private static final Pattern DIGEST_PARAM = Pattern.compile("digest=(sha256(?::|%3A)[0-9a-f]{64})");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Faults() {}

  /** The sample app, exploded: its classes and its 13 dependency jars. */
  static BuildOutput exploded() {
    return new BuildOutput.Exploded(Samples.helloAppClasses(), Optional.of(Samples.helloAppDependencies()));
  }

  /**
   * A request pushing the sample app through {@code proxy} to {@code app/<repository>} of the registry behind it,
   * built on {@code base/jre17:17} there (also through the proxy), with the registry's credentials. Its dependency
   * jars stay in one layer, so that four application layers travel (dependencies, snapshot dependencies, resources,
   * classes), which the tests count.
   */
  static PushRequest.Builder through(FaultProxy proxy, TestRegistry registry, String repository, Path cache,
      String... tags) {
    PushRequest.Builder b = PushRequest.builder(exploded(), BaseImage.of("base/jre17:17"),
            new ImageTarget(proxy.host(), "app", repository, List.of(tags)))
        .cacheDirectory(cache)
        .container(ContainerSettings.builder().dependencyLayers(1).build())
        .tls(TlsSettings.DEFAULT.withInsecure(true))
        .httpTimeout(SHORT_HTTP_TIMEOUT);
    if (registry.hasCredentials()) {
      b.credentials(Credentials.of(registry.username(), registry.passwordChars()));
    }
    return b;
  }

  /** A push that must fail: its exception (the events go to {@code events}). */
  static PushException failure(PushRequest request, RecordedEvents events) {
    try {
      PushResult r = HarborJib.push(request, events);
      throw new AssertionError("the push succeeded, but it should have failed: " + r.reference() + "\nevents:\n"
          + events.text());
    } catch (PushException e) {
      return e;
    }
  }

  /** A push that must succeed. */
  static PushResult success(PushRequest request, RecordedEvents events) {
    try {
      return HarborJib.push(request, events);
    } catch (PushException e) {
      throw new AssertionError("the push failed (" + e.kind() + "): " + e.getMessage() + "\nevents:\n"
          + events.text(), e);
    }
  }

  /** The tags of {@code project/repository} as the registry lists them (its API); empty if it has none. */
  static List<String> tags(TestRegistry registry, String repository) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(registry.url() + "/v2/" + repository + "/tags/list"))
        .timeout(Duration.ofSeconds(10));
    if (registry.hasCredentials()) {
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((registry.username() + ":"
          + registry.password()).getBytes(StandardCharsets.UTF_8)));
    }
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 404) {
        return List.of();
      }
      assertThat(r.statusCode()).as("GET tags/list of %s: %s", repository, r.body()).isEqualTo(200);
      JsonNode tags = JSON.readTree(r.body()).path("tags");
      List<String> list = new ArrayList<>();
      tags.forEach(t -> list.add(t.asText()));
      return list;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The digests of the blobs whose upload was committed ({@code 201}) through the proxy. */
  static Set<String> committedBlobs(FaultProxy proxy) {
    Set<String> digests = new TreeSet<>();
    for (RecordedRequest r : proxy.requests("PUT", BLOB_COMMIT)) {
      Matcher m = DIGEST_PARAM.matcher(r.target());
      if (r.status() == 201 && m.find()) {
        digests.add(m.group(1).replace("%3A", ":"));
      }
    }
    return digests;
  }

  /** The application layers (not the base image's) of a result. */
  static List<LayerReport> applicationLayers(PushResult result) {
    return result.layers().stream().filter(l -> !l.name().equals("base")).toList();
  }

  /** Digests of layers the result reports as uploaded. */
  static Set<String> uploaded(PushResult result) {
    return result.layers().stream().filter(l -> l.status() == LayerStatus.UPLOADED).map(LayerReport::digest)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Files (not folders) left under {@code folder}, relative to it. */
  static List<String> filesIn(Path folder) {
    if (!Files.exists(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).map(p -> folder.relativize(p).toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What a push leaves in its cache folder besides the cache itself (Jib's layers, complete unpacked archives in
   * {@code unpacked/<sha256>/}): half-unpacked archives in {@code unpacked/.tmp-...} and Jib's half-written files in
   * {@code tmp/}. (Jib keeps an empty {@code lock} file per base image; it is locked only while
   * a process holds it, and the operating system releases that lock when the process ends.)
   */
  static List<String> leftovers(Path cache) {
    List<String> left = new ArrayList<>();
    for (String f : filesIn(cache)) {
      boolean cached = f.matches("(base-layers|application-layers)/(layers|local|images|selectors)/.*")
          || f.matches("unpacked/[0-9a-f]{64}/.*") || f.matches("base-images/[0-9a-f]{64}\\.json")
          || f.equals("harbor-jib.lock");
      if (!cached) {
        left.add(f);
      }
    }
    return left;
  }

  /** A short backoff, so that the policy's three attempts do not make the suite slow. */
  static final io.jenkins.plugins.harborjib.engine.RetryPolicy QUICK_RETRIES =
      new io.jenkins.plugins.harborjib.engine.RetryPolicy(3, Duration.ofMillis(100));

  /** The engine's whole-push retries (as opposed to Jib's own retries of one request, named by method and URL). */
  static List<PushEvent.Retry> pushRetries(RecordedEvents events) {
    return events.retries().stream().filter(r -> r.action().startsWith("push ")).toList();
  }

  /** Jib's own retries of one request ({@code PATCH http://...}). */
  static List<PushEvent.Retry> requestRetries(RecordedEvents events) {
    return events.retries().stream().filter(r -> r.action().matches("(GET|HEAD|POST|PUT|PATCH|DELETE) .*")).toList();
  }

  /**
   * Asserts that the repository has no tag: through the registry API, and with {@code skopeo list-tags} (which fails
   * for a repository the registry does not know).
   */
  static void assertNoTag(TestRegistry registry, String repository) {
    assertThat(tags(registry, repository)).as("tags of %s through the registry API", repository).isEmpty();
    if (io.jenkins.plugins.harborjib.testkit.RequiredTools.isOnPath("skopeo")) {
      try {
        assertThat(io.jenkins.plugins.harborjib.testkit.Skopeo.of(registry).listTags(repository))
            .as("skopeo list-tags %s", repository).isEmpty();
      } catch (io.jenkins.plugins.harborjib.testkit.Skopeo.SkopeoException e) {
        assertThat(e.stderr()).as("skopeo list-tags %s", repository).containsAnyOf("404", "name unknown",
            "NAME_UNKNOWN");
      }
    }
  }

  /** Whether a digest was committed more than once (a blob uploaded twice). */
  static List<String> committedTwice(FaultProxy proxy) {
    List<String> all = new ArrayList<>();
    for (RecordedRequest r : proxy.requests("PUT", BLOB_COMMIT)) {
      Matcher m = DIGEST_PARAM.matcher(r.target());
      if (r.status() == 201 && m.find()) {
        all.add(m.group(1).replace("%3A", ":"));
      }
    }
    return all.stream().filter(d -> all.indexOf(d) != all.lastIndexOf(d)).distinct().toList();
  }

  /**
   * Jib's TLS trust is JVM-wide and the engine refuses a second CA in one process; another test class in this JVM may
   * have installed one (HarborPushTest does). These tests use none, so they start from the JVM's own trust.
   */
  static void resetJvmTrust() {
    try {
      java.lang.reflect.Method reset = Class.forName("io.jenkins.plugins.harborjib.engine.push.JibProcessSettings")
          .getDeclaredMethod("resetForTests");
      reset.setAccessible(true);
      reset.invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("JibProcessSettings.resetForTests() is gone: update this helper", e);
    }
  }
}
