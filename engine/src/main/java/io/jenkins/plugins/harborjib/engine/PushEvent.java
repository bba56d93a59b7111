package io.jenkins.plugins.harborjib.engine;

import java.time.Duration;
import java.util.Objects;

/** Something that happened during a push. The engine never prints; hosts decide how to show events. */
public sealed interface PushEvent {

  /** A phase began. */
  record PhaseStarted(Phase phase) implements PushEvent {
    public PhaseStarted {
      Objects.requireNonNull(phase, "phase");
    }
  }

  /** A phase ended successfully. */
  record PhaseFinished(Phase phase, Duration duration) implements PushEvent {
    public PhaseFinished {
      Objects.requireNonNull(phase, "phase");
      Objects.requireNonNull(duration, "duration");
    }
  }

  /**
   * Bytes of one blob (a layer or the image config) sent so far; only for blobs whose bytes are being uploaded,
   * at most a few times per blob.
   */
  record UploadProgress(String digest, long bytesSent, long size) implements PushEvent {}

  /**
   * One layer of the pushed image, as read back from the registry: layer {@code index} of {@code count}
   * (base layers included), with its name and whether its bytes were uploaded or already there.
   */
  record LayerDone(int index, int count, LayerReport layer) implements PushEvent {}

  /** A request failed and is being tried again. */
  record Retry(String action, int attempt, String reason) implements PushEvent {}

  /** Something the user should know about: the push goes on. */
  record Warning(String message) implements PushEvent {}

  /** A progress line worth showing by default. */
  record Info(String message) implements PushEvent {}

  /** Detail for verbose output. */
  record Debug(String message) implements PushEvent {}
}
