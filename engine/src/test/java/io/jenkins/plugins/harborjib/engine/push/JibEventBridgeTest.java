package io.jenkins.plugins.harborjib.engine.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.event.events.ProgressEvent;
import com.google.cloud.tools.jib.event.events.TimerEvent;
import com.google.cloud.tools.jib.event.progress.Allocation;
import io.jenkins.plugins.harborjib.engine.LayerStatus;
import io.jenkins.plugins.harborjib.engine.PushEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Pins how jib-core 0.28.1's events are read; the end-to-end tests prove the wording still matches Jib's. */
class JibEventBridgeTest {
  private static final String A = "sha256:" + "a".repeat(64);
  private static final String B = "sha256:" + "b".repeat(64);
  private static final String C = "sha256:" + "c".repeat(64);

  private final List<PushEvent> events = new CopyOnWriteArrayList<>();
  private final JibEventBridge bridge = new JibEventBridge(events::add);

  private static TimerEvent timer(String description) {
    return new TimerEvent(TimerEvent.State.LAP, null, Duration.ZERO, Duration.ZERO, description);
  }

  @Test
  void aBlobWithAPatchWasUploadedAndReportsItsProgress() {
    Allocation push = Allocation.newRoot("pushing blob " + A, 1000);
    bridge.accept(timer("pushBlob POST " + A));
    bridge.accept(timer("pushBlob PATCH " + A));
    bridge.accept(new ProgressEvent(push, 500));
    bridge.accept(new ProgressEvent(push, 500));
    assertThat(bridge.statusOf(A)).contains(LayerStatus.UPLOADED);
    assertThat(events).filteredOn(e -> e instanceof PushEvent.UploadProgress).hasSize(2)
        .last().isEqualTo(new PushEvent.UploadProgress(A, 1000, 1000));
  }

  @Test
  void aBlobFoundInTheTargetIsPresentAndReportsNoProgress() {
    Allocation push = Allocation.newRoot("pushing blob " + B, 1000);
    bridge.accept(LogEvent.info(
        "Skipping push; BLOB already exists on target registry : digest: " + B + ", size: 1000"));
    bridge.accept(new ProgressEvent(push, 1000));
    assertThat(bridge.statusOf(B)).contains(LayerStatus.PRESENT);
    assertThat(events).noneMatch(e -> e instanceof PushEvent.UploadProgress);
  }

  @Test
  void aPostWithoutPatchIsAMount() {
    bridge.accept(timer("pushBlob POST " + C));
    assertThat(bridge.statusOf(C)).contains(LayerStatus.MOUNTED);
    assertThat(bridge.statusOf("sha256:" + "d".repeat(64))).isEmpty();
  }

  @Test
  void jibRetriesBecomeRetryEventsCountedPerRequest() {
    bridge.accept(LogEvent.warn("PUT http://127.0.0.1:5000/v2/app/demo/manifests/1 failed and will be retried"));
    bridge.accept(LogEvent.warn("PUT http://127.0.0.1:5000/v2/app/demo/manifests/1 failed and will be retried"));
    assertThat(events).containsExactly(
        new PushEvent.Retry("PUT http://127.0.0.1:5000/v2/app/demo/manifests/1", 1,
            "the connection failed; Jib retries with backoff"),
        new PushEvent.Retry("PUT http://127.0.0.1:5000/v2/app/demo/manifests/1", 2,
            "the connection failed; Jib retries with backoff"));
    assertThat(bridge.retryCount()).isEqualTo(2);
  }

  @Test
  void lifecycleIsInfoWarningsAreWarningsAndTheRestIsDebug() {
    bridge.accept(LogEvent.lifecycle("Using base image with digest: sha256:x"));
    bridge.accept(LogEvent.warn("Base image has no Java"));
    bridge.accept(LogEvent.progress("Building classes layer..."));
    bridge.accept(LogEvent.lifecycle(""));
    assertThat(events).containsExactly(new PushEvent.Info("Using base image with digest: sha256:x"),
        new PushEvent.Warning("Base image has no Java"), new PushEvent.Debug("Building classes layer..."));
  }
  @Test
  void retriesNameTheRequestWithoutItsUploadStateAndMessagesLoseTerminalColours() {
    bridge.accept(LogEvent.warn("PATCH http://127.0.0.1:5000/v2/app/demo/blobs/uploads/abc?_state=LONG-OPAQUE-STATE"
        + " failed and will be retried"));
    bridge.accept(LogEvent.warn("\u001B[31;1mI/O error for image [127.0.0.1:5000/app/demo]:\u001B[0m"));

    assertThat(events).containsExactly(
        new PushEvent.Retry("PATCH http://127.0.0.1:5000/v2/app/demo/blobs/uploads/abc", 1,
            "the connection failed; Jib retries with backoff"),
        new PushEvent.Debug("Jib: I/O error for image [127.0.0.1:5000/app/demo]:"));
  }

  @Test
  void theInsecureFailoverNotesAreDebug() {
    bridge.accept(LogEvent.warn("Cannot verify server at https://127.0.0.1:5000/v2/. Attempting again with no TLS"
        + " verification."));
    bridge.accept(LogEvent.warn("Failed to connect to https://127.0.0.1:5000/v2/ over HTTPS. Attempting again with"
        + " HTTP."));
    assertThat(events).allMatch(PushEvent.Debug.class::isInstance).hasSize(2);
  }

  /** RegistryEndpointCaller's dump for every failed call, as jib-core 0.28.1 logs it (errors, in red). */
  @Test
  void jibsIoErrorDumpIsDebugAndTheRetryAlone() {
    bridge.accept(LogEvent.error("\u001B[31;1mI/O error for image [127.0.0.1:5000/app/demo]:\u001B[0m"));
    bridge.accept(LogEvent.error("\u001B[31;1m    org.apache.http.conn.HttpHostConnectException\u001B[0m"));
    bridge.accept(LogEvent.error("\u001B[31;1m    Connect to 127.0.0.1:5000 failed: Connection refused\u001B[0m"));
    bridge.accept(LogEvent.error("\u001B[31;1mbroken pipe: the server shut down the connection. Check the server log"
        + " if possible.\u001B[0m"));
    bridge.accept(LogEvent.warn("POST http://127.0.0.1:5000/v2/app/demo/blobs/uploads/ failed and will be retried"));
    bridge.accept(LogEvent.warn("PATCH http://127.0.0.1:5000/v2/app/demo/blobs/uploads/x failed and will NOT be"
        + " retried"));

    assertThat(events).filteredOn(e -> !(e instanceof PushEvent.Debug)).containsExactly(
        new PushEvent.Retry("POST http://127.0.0.1:5000/v2/app/demo/blobs/uploads/", 1,
            "the connection failed; Jib retries with backoff"));
    assertThat(events).filteredOn(PushEvent.Debug.class::isInstance).hasSize(5)
        .contains(new PushEvent.Debug("Jib: org.apache.http.conn.HttpHostConnectException"));
  }
}
