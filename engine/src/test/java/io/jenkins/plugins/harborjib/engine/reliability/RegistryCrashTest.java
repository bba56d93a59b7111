package io.jenkins.plugins.harborjib.engine.reliability;

import static io.jenkins.plugins.harborjib.engine.reliability.Faults.BLOB_COMMIT;
import static io.jenkins.plugins.harborjib.engine.reliability.Faults.BLOB_UPLOAD;
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
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.RequiredTools;
import io.jenkins.plugins.harborjib.testkit.Skopeo;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import io.jenkins.plugins.harborjib.testkit.fault.Fault;
import io.jenkins.plugins.harborjib.testkit.fault.FaultProxy;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry process dies (SIGKILL) in the middle of a push, after half the blobs, behind a front proxy that then
 * answers 502 as Harbor's nginx does. The push fails clearly and tags nothing; once the registry is back on the same
 * port and storage, the same push succeeds and uploads only what the registry did not have.
 */
class RegistryCrashTest {
  /** A registry of its own: this test kills it. */
  @RegisterExtension
  TestRegistry registry = TestRegistry.plainHttpWithBasicAuth();

  @TempDir
  Path cache;

  @Test
  void aRegistryKilledAfterHalfTheBlobsFailsThePushAndARerunAfterItsRestartUploadsOnlyTheRest() {
    Faults.resetJvmTrust();
    BaseImageFixture.pushJre17(registry);
    try (FaultProxy proxy = FaultProxy.to(registry).start()) {
      // Five blobs travel (four application layers and the config): the registry dies as the third is committed,
      // once the first two are in (Jib commits in parallel).
      proxy.when("PUT", BLOB_COMMIT).nth(3).then(Fault.run("kill the registry after two commits", () -> {
        awaitCommits(proxy, 2);
        registry.kill();
      }));
      RecordedEvents events = new RecordedEvents();

      PushException e = Faults.failure(through(proxy, registry, "crash", cache, "1").retryPolicy(QUICK_RETRIES)
          .build(), events);

      assertThat(registry.isRunning()).isFalse();
      assertThat(e.kind()).isIn(ErrorKind.REGISTRY, ErrorKind.NETWORK);
      assertThat(e.getMessage()).contains(proxy.host(), "502");
      Set<String> committedBeforeTheCrash = Faults.committedBlobs(proxy);
      assertThat(committedBeforeTheCrash).hasSize(2);
      // (What the failed push left in the cache folder is FailedPushLeftoversTest's subject: here it is a race.)

      registry.restart();
      Faults.assertNoTag(registry, "app/crash");
      proxy.clearRules();
      proxy.clearRequests();
      RecordedEvents rerun = new RecordedEvents();
      PushResult result = Faults.success(through(proxy, registry, "crash", cache, "1").build(), rerun);

      for (String digest : committedBeforeTheCrash) {
        assertThat(result.layers()).filteredOn(l -> l.digest().equals(digest))
            .allSatisfy(l -> assertThat(l.status()).isEqualTo(LayerStatus.PRESENT));
        assertThat(rerun.of(PushEvent.Debug.class)).extracting(PushEvent.Debug::message)
            .contains("blob " + digest + " is already in the target repository");
      }
      assertThat(Faults.committedBlobs(proxy)).doesNotContainAnyElementsOf(committedBeforeTheCrash);
      assertThat(proxy.requests("PATCH", BLOB_UPLOAD)).hasSize(5 - committedBeforeTheCrash.size());
      assertThat(Faults.applicationLayers(result)).extracting(LayerReport::status).contains(LayerStatus.UPLOADED);
      assertThat(Faults.tags(registry, "app/crash")).containsExactly("1");
      if (RequiredTools.isOnPath("skopeo")) {
        assertThat(Skopeo.of(registry).inspect("app/crash:1").digest()).isEqualTo(result.digest());
      }
    }
  }

  /** Waits (up to 20 s) until the proxy has seen {@code n} blob commits answered 201. */
  private static void awaitCommits(FaultProxy proxy, int n) {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (Faults.committedBlobs(proxy).size() < n && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
