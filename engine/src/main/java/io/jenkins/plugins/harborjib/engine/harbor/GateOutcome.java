package io.jenkins.plugins.harborjib.engine.harbor;

/** What the vulnerability gate decided. */
public enum GateOutcome {
  /** Nothing at or above a threshold (after the allow-list). */
  PASS,
  /** Something at or above the unstable threshold, nothing at or above the failure threshold: mark the build unstable. */
  UNSTABLE,
  /** Something at or above the failure threshold, or the scan did not finish (error, stopped, timed out). */
  FAIL
}
