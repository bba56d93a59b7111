package io.jenkins.plugins.harborjib.engine.reliability;

import static io.jenkins.plugins.harborjib.engine.reliability.Faults.BLOB_UPLOAD;
import static io.jenkins.plugins.harborjib.engine.reliability.Faults.QUICK_RETRIES;
import static io.jenkins.plugins.harborjib.engine.reliability.Faults.through;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.engine.PushResult;
import io.jenkins.plugins.harborjib.engine.RecordedEvents;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.RequiredTools;
import io.jenkins.plugins.harborjib.testkit.Skopeo;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import io.jenkins.plugins.harborjib.testkit.fault.Fault;
import io.jenkins.plugins.harborjib.testkit.fault.FaultProxy;
import io.jenkins.plugins.harborjib.testkit.fault.FaultRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Connections that break while blobs travel: reset or cut in the middle of an upload, an upload that is never
 * answered, a base layer download cut short. Each ends in a pushed image whose digest skopeo reads back, with the
 * retries in the events, and no blob committed twice.
 */
class UploadInterruptionTest {
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

  @Test
  void aResetBeforeTheUploadReachesTheRegistryIsRetriedByJibAndThePushSucceeds() {
    FaultRule reset = proxy.when("PATCH", BLOB_UPLOAD).nth(1).then(Fault.reset());

    PushResult result = Faults.success(through(proxy, registry, "reset-early", cache, "1").build(), events);

    assertThat(reset.applied()).isEqualTo(1);
    assertThat(Faults.requestRetries(events)).singleElement()
        .satisfies(r -> assertThat(r.action()).startsWith("PATCH http://" + proxy.host() + "/v2/app/reset-early/"));
    assertPushedAndReadable(result, "app/reset-early:1");
  }

  @Test
  void anUploadThatIsNotAnsweredWithinTheHttpTimeoutIsRetriedByJibAndThePushSucceeds() {
    FaultRule hang = proxy.when("PATCH", BLOB_UPLOAD).nth(1).then(Fault.hang());

    PushResult result = Faults.success(through(proxy, registry, "hang-once", cache, "1")
        .httpTimeout(Duration.ofSeconds(2)).build(), events);

    assertThat(hang.applied()).isEqualTo(1);
    assertThat(Faults.requestRetries(events)).singleElement()
        .satisfies(r -> assertThat(r.action()).startsWith("PATCH "));
    assertPushedAndReadable(result, "app/hang-once:1");
  }

  /**
   * Jib retries the broken PATCH on the same upload session, which the registry has dropped ({@code 404
   * BLOB_UPLOAD_INVALID}, "refused the push (HTTP 404)"); the engine then tries the whole push again (new upload
   * sessions), announced by a {@code Retry} event, and it succeeds.
   */
  @ParameterizedTest(name = "{0} after 1000 bytes of the first blob upload")
  @ValueSource(strings = {"reset", "cut"})
  void aConnectionBrokenInTheMiddleOfABlobUploadIsRetriedAsAWholePushAndSucceeds(String how) {
    LongFunction<Fault> fault = how.equals("reset") ? Fault::resetRequestAfter : Fault::cutRequestAfter;
    FaultRule broken = proxy.when("PATCH", BLOB_UPLOAD).nth(1).then(fault.apply(1_000));

    PushResult result = Faults.success(through(proxy, registry, "broken-" + how, cache, "1")
        .retryPolicy(QUICK_RETRIES).build(), events);

    assertThat(broken.applied()).isEqualTo(1);
    assertThat(Faults.pushRetries(events)).isNotEmpty();
    assertPushedAndReadable(result, "app/broken-" + how + ":1");
  }

  /**
   * Jib reads a blob's body outside its own retry loop, so a download cut short reaches the engine ("Premature end of
   * Content-Length delimited message body"), which tries the whole push again, announced by a {@code Retry} event; the
   * push succeeds.
   */
  @Test
  void aBaseLayerDownloadCutShortIsRetriedAndThePushSucceeds() {
    FaultRule cut = proxy.when("GET", "^/v2/base/jre17/blobs/sha256:").times(3).then(Fault.cutResponseAfter(1_000));

    PushResult result = Faults.success(through(proxy, registry, "cut-download", cache, "1")
        .retryPolicy(QUICK_RETRIES).build(), events);

    assertThat(cut.applied()).isEqualTo(3);
    assertThat(Faults.pushRetries(events)).isNotEmpty();
    assertPushedAndReadable(result, "app/cut-download:1");
  }

  private void assertPushedAndReadable(PushResult result, String image) {
    assertThat(result.tags()).containsExactly("1");
    assertThat(Faults.tags(registry, image.substring(0, image.indexOf(':')))).containsExactly("1");
    assertThat(Faults.committedTwice(proxy)).as("blobs committed twice").isEmpty();
    assertThat(Faults.leftovers(cache)).isEmpty();
    if (RequiredTools.isOnPath("skopeo")) {
      assertThat(Skopeo.of(registry).inspect(image).digest()).isEqualTo(result.digest());
    }
  }
}
