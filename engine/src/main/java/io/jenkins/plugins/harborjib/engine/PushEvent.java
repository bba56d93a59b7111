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
   * Bytes of one layer sent so far. {@code index} counts from 1 in the order layers started; {@code count} is the
   * number of layers the image has (base layers included), or 0 while unknown.
   */
  record LayerProgress(int index, int count, String digest, long bytesSent, long size) implements PushEvent {}

  /** One layer is in the registry, uploaded or found there. */
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
