package io.jenkins.plugins.harborjib.protocol;

import io.jenkins.plugins.harborjib.engine.PushEvent;

/** How much the CLI reports while it works. The result (or error) is always reported. */
public enum Verbosity {
  /** Warnings only. */
  QUIET,
  /** Phases, layers, retries, warnings and information: the default. */
  NORMAL,
  /** Everything, debug detail included. */
  VERBOSE;

  /** Whether an event is reported at this verbosity. */
  public boolean shows(PushEvent event) {
    if (event instanceof PushEvent.Warning) {
      return true;
    }
    if (event instanceof PushEvent.Debug) {
      return this == VERBOSE;
    }
    return this != QUIET;
  }
}
