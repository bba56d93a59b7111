package io.jenkins.plugins.harborjib.engine;

import java.time.Duration;
import java.util.Objects;

/** How long one {@link Phase} took. */
public record PhaseTiming(Phase phase, Duration duration) {
  public PhaseTiming {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(duration, "duration");
  }
}
