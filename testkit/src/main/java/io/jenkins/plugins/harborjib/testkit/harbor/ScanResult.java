package io.jenkins.plugins.harborjib.testkit.harbor;

import java.util.List;

/**
 * What the stand-in's scanner does with an artifact: it is Pending on the first read after the scan starts, Running
 * for {@code runningPolls} reads, then finishes with these findings, errs, or never finishes.
 *
 * @param vulnerabilities what the scan finds
 * @param runningPolls reads of the scan overview that show it Running before it finishes
 * @param outcome how it ends
 */
public record ScanResult(List<Vuln> vulnerabilities, int runningPolls, Outcome outcome) {
  /** How a scan ends. */
  public enum Outcome {
    SUCCESS,
    ERROR,
    NEVER_FINISHES
  }

  public ScanResult {
    vulnerabilities = List.copyOf(vulnerabilities);
    if (runningPolls < 0) {
      throw new IllegalArgumentException("runningPolls < 0");
    }
  }

  /** Finds nothing, after one Running read. */
  public static ScanResult clean() {
    return new ScanResult(List.of(), 1, Outcome.SUCCESS);
  }

  /** Finds these, after one Running read. */
  public static ScanResult finding(Vuln... vulnerabilities) {
    return new ScanResult(List.of(vulnerabilities), 1, Outcome.SUCCESS);
  }

  /** Runs forever. */
  public static ScanResult neverFinishing() {
    return new ScanResult(List.of(), 0, Outcome.NEVER_FINISHES);
  }

  /** Ends in Harbor's Error status. */
  public static ScanResult failing() {
    return new ScanResult(List.of(), 1, Outcome.ERROR);
  }

  /** The same result, Running for {@code polls} reads first. */
  public ScanResult runningFor(int polls) {
    return new ScanResult(vulnerabilities, polls, outcome);
  }
}
