package io.jenkins.plugins.harborjib.engine.reliability;

import static io.jenkins.plugins.harborjib.engine.reliability.Faults.BLOB_COMMIT;
import static io.jenkins.plugins.harborjib.engine.reliability.Faults.BLOB_UPLOAD;
import static io.jenkins.plugins.harborjib.engine.reliability.Faults.MANIFEST;
import static io.jenkins.plugins.harborjib.engine.reliability.Faults.QUICK_RETRIES;
import static io.jenkins.plugins.harborjib.engine.reliability.Faults.through;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.LayerReport;
import io.jenkins.plugins.harborjib.engine.LayerStatus;
import io.jenkins.plugins.harborjib.engine.PushEvent;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.PushResult;
import io.jenkins.plugins.harborjib.engine.RecordedEvents;
import io.jenkins.plugins.harborjib.engine.RetryPolicy;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.RequiredTools;
import io.jenkins.plugins.harborjib.testkit.Skopeo;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import io.jenkins.plugins.harborjib.testkit.fault.Fault;
import io.jenkins.plugins.harborjib.testkit.fault.FaultProxy;
import io.jenkins.plugins.harborjib.testkit.fault.RecordedRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry (or the proxy in front of it, as Harbor's nginx does) answering 502 or 503: Jib does not retry those
 * (jib issues #3935, #4266), the engine's retry policy does. Tags never point at a partial image because the manifest
 * goes last, and a rerun finds the blobs an earlier attempt uploaded.
 *
 * <p>A 5xx reaches the engine as Jib's I/O error ({@code ResponseException}); the engine reports it as a REGISTRY
 * error naming the status and the request ("answered HTTP 502 to PUT /v2/..."), and tries the whole push again; after
 * the last attempt the message says how many attempts were made ("failed 3 times in a row").
 */
class ServerErrorTest {
  @RegisterExtension
  static TestRegistry registry = TestRegistry.plainHttpWithBasicAuth();

  @TempDir
  Path cache;

  private final RecordedEvents events = new RecordedEvents();
  private FaultProxy proxy;

  @BeforeEach
  void setUp() {
    Faults.resetJvmTrust();
    BaseImageFixture.pushJre17(registry);
    proxy = FaultProxy.to(registry).start();
  }

  @AfterEach
  void tearDown() {
    proxy.close();
  }

  /**
   * The manifest goes last, so nothing is tagged once the attempts run out, and the blobs stay for the next run, which
   * uploads none of them again.
   */
  @Test
  void aManifestThatIsNeverAcceptedLeavesNoTagAndARerunUploadsNoBlobAgain() {
    proxy.when("PUT", MANIFEST).then(Fault.respond(502));

    PushException e = Faults.failure(through(proxy, registry, "never-tagged", cache, "1")
        .retryPolicy(QUICK_RETRIES).build(), events);

    assertThat(e.getMessage()).contains(proxy.host(), "502");
    Faults.assertNoTag(registry, "app/never-tagged");
    assertThat(Faults.committedBlobs(proxy)).hasSize(5); // four application layers and the config
    assertThat(Faults.leftovers(cache)).isEmpty();

    proxy.clearRules();
    proxy.clearRequests();
    RecordedEvents rerun = new RecordedEvents();
    PushResult result = Faults.success(through(proxy, registry, "never-tagged", cache, "1").build(), rerun);

    assertThat(result.layers()).extracting(LayerReport::status).doesNotContain(LayerStatus.UPLOADED);
    assertThat(result.bytesUploaded()).isZero();
    assertThat(proxy.requests("PATCH", BLOB_UPLOAD)).isEmpty();
    assertThat(Faults.tags(registry, "app/never-tagged")).containsExactly("1");
    for (LayerReport layer : Faults.applicationLayers(result)) {
      assertThat(rerun.of(PushEvent.Debug.class)).extracting(PushEvent.Debug::message)
          .contains("blob " + layer.digest() + " is already in the target repository");
    }
  }

  /** Two 503s on the manifest PUT: two retries, pushed on the third attempt, no blob committed twice. */
  @Test
  void a503OnTheManifestTwiceIsRetriedAndThePushSucceedsUploadingEachBlobOnce() {
    proxy.when("PUT", MANIFEST).times(2).then(Fault.respond(503));

    PushResult result = Faults.success(through(proxy, registry, "manifest-twice", cache, "1")
        .retryPolicy(QUICK_RETRIES).build(), events);

    assertThat(proxy.requests("PUT", MANIFEST)).extracting(RecordedRequest::status).containsExactly(503, 503, 201);
    assertThat(Faults.pushRetries(events)).extracting(PushEvent.Retry::attempt).containsExactly(2, 3);
    assertThat(Faults.pushRetries(events)).allSatisfy(r -> assertThat(r.reason()).contains("503"));
    assertThat(Faults.committedTwice(proxy)).isEmpty();
    assertPushed(result, "app/manifest-twice");
  }

  /** Two 502s on blob commits (in one attempt or in two): retried, pushed, no blob committed twice. */
  @Test
  void a502OnBlobCommitsTwiceIsRetriedAndThePushSucceeds() {
    proxy.when("PUT", BLOB_COMMIT).times(2).then(Fault.respond(502));

    PushResult result = Faults.success(through(proxy, registry, "blob-twice", cache, "1")
        .retryPolicy(QUICK_RETRIES).build(), events);

    assertThat(proxy.requests("PUT", BLOB_COMMIT)).filteredOn(r -> r.status() == 502).hasSize(2);
    assertThat(Faults.pushRetries(events)).isNotEmpty().hasSizeLessThanOrEqualTo(2)
        .allSatisfy(r -> assertThat(r.reason()).contains("502"));
    assertThat(Faults.committedTwice(proxy)).isEmpty();
    assertPushed(result, "app/blob-twice");
  }

  /**
   * A manifest PUT answered 502 forever: a REGISTRY failure after exactly three attempts that says so and names the
   * status, within the bound the policy documents: three attempts plus its waits.
   */
  @Test
  void a502ForeverOnTheManifestFailsAfterThreeAttemptsThatTheMessageCounts() {
    proxy.when("PUT", MANIFEST).then(Fault.respond(502));
    RetryPolicy policy = QUICK_RETRIES;

    long start = System.nanoTime();
    PushException e = Faults.failure(through(proxy, registry, "manifest-forever", cache, "1")
        .retryPolicy(policy).build(), events);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(e.kind()).isEqualTo(ErrorKind.REGISTRY);
    assertThat(e.getMessage()).contains("502").containsPattern("\\b3\\b (times|attempts)");
    assertThat(proxy.requests("PUT", MANIFEST)).hasSize(policy.attempts());
    assertThat(Faults.pushRetries(events)).extracting(PushEvent.Retry::attempt).containsExactly(2, 3);
    assertThat(took).isLessThan(Duration.ofSeconds(60).plus(policy.totalBackoff()));
    Faults.assertNoTag(registry, "app/manifest-forever");
  }

  /** Blob commits answered 503 forever: a REGISTRY failure after three attempts, no manifest sent, no tag. */
  @Test
  void a503ForeverOnBlobCommitsFailsAsARegistryErrorWithoutATag() {
    proxy.when("PUT", BLOB_COMMIT).then(Fault.respond(503));

    PushException e = Faults.failure(through(proxy, registry, "blob-forever", cache, "1")
        .retryPolicy(QUICK_RETRIES).build(), events);

    assertThat(e.kind()).isEqualTo(ErrorKind.REGISTRY);
    assertThat(e.getMessage()).contains(proxy.host(), "503").containsPattern("\\b3\\b (times|attempts)");
    assertThat(proxy.requests("PUT", MANIFEST)).isEmpty();
    Faults.assertNoTag(registry, "app/blob-forever");
  }

  /**
   * What the registry answers a manifest PUT while a concurrent push of the same blob into the same repository is
   * committing it (distribution's filesystem storage rewrites the repository's link file in place): seen in
   * ConcurrentCliIT as "provided digest did not match uploaded content, blob unknown to registry" (HTTP 400). The
   * engine retries it as a whole push, which then finds the blob and succeeds.
   */
  @Test
  void aManifestRefusedForABlobAConcurrentPushIsCommittingIsRetriedAndSucceeds() {
    proxy.when("PUT", MANIFEST).nth(1).then(Fault.respond(400, "application/json",
        "{\"errors\":[{\"code\":\"DIGEST_INVALID\",\"message\":\"provided digest did not match uploaded content\"},"
            + "{\"code\":\"MANIFEST_BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\"}]}"));

    PushResult result = Faults.success(through(proxy, registry, "manifest-race", cache, "1")
        .retryPolicy(QUICK_RETRIES).build(), events);

    assertThat(proxy.requests("PUT", MANIFEST)).extracting(RecordedRequest::status).containsExactly(400, 201);
    assertThat(Faults.pushRetries(events)).hasSize(1);
    assertPushed(result, "app/manifest-race");
  }

  /**
   * The other answer of the same registry race (seen in ConcurrentCliIT): reading back a manifest that a concurrent
   * push of the same image is linking at that moment gives {@code 500 UNKNOWN}. The image and its tag are in place:
   * the read-back asks again after a 5xx, and the push is reported as pushed rather than failing a build whose image
   * landed.
   */
  @Test
  void aTransient500WhenReadingThePushedManifestBackDoesNotFailAPushThatLanded() {
    proxy.when("GET", "^/v2/app/[^/]+/manifests/sha256:").nth(1).then(Fault.respond(500, "application/json",
        "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"unknown error\"}]}"));

    PushResult result = Faults.success(through(proxy, registry, "verify-race", cache, "1")
        .retryPolicy(QUICK_RETRIES).build(), events);

    assertPushed(result, "app/verify-race");
  }

  private void assertPushed(PushResult result, String repository) {
    assertThat(result.tags()).containsExactly("1");
    assertThat(Faults.tags(registry, repository)).containsExactly("1");
    assertThat(Faults.leftovers(cache)).isEmpty();
    if (RequiredTools.isOnPath("skopeo")) {
      assertThat(Skopeo.of(registry).inspect(repository + ":1").digest()).isEqualTo(result.digest());
    }
  }
}
