package io.jenkins.plugins.harborjib.engine.harbor;

import java.util.Objects;
import java.util.Optional;

/**
 * What the preflight may do besides checking.
 *
 * @param createProjectIfMissing create the project when it does not exist
 * @param publicProject make a created project public (anyone may pull); private otherwise
 * @param autoScan turn a created project's automatic scan on or off; empty leaves Harbor's default
 */
public record PreflightOptions(boolean createProjectIfMissing, boolean publicProject, Optional<Boolean> autoScan) {
  /** Check only: a missing project is an error. */
  public static final PreflightOptions CHECK_ONLY = new PreflightOptions(false, false, Optional.empty());

  public PreflightOptions {
    Objects.requireNonNull(autoScan, "autoScan");
  }

  /** Create a missing project, private, leaving auto-scan as Harbor's default. */
  public static PreflightOptions createPrivateProjectIfMissing() {
    return new PreflightOptions(true, false, Optional.empty());
  }
}
