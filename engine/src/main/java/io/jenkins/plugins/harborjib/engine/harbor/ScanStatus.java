package io.jenkins.plugins.harborjib.engine.harbor;

/** Where a Harbor scan is (Harbor's job states). */
public enum ScanStatus {
  /** Not started yet; also Harbor's "Scheduled". */
  PENDING,
  RUNNING,
  SUCCESS,
  ERROR,
  STOPPED;

  /** Whether the scan will not change any more. */
  public boolean finished() {
    return this == SUCCESS || this == ERROR || this == STOPPED;
  }

  static ScanStatus fromHarbor(String status) {
    if (status == null) {
      return PENDING;
    }
    switch (status.trim()) {
      case "Running":
        return RUNNING;
      case "Success":
        return SUCCESS;
      case "Error":
        return ERROR;
      case "Stopped":
        return STOPPED;
      default:
        return PENDING;
    }
  }
}
