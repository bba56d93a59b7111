package io.jenkins.plugins.harborjib.engine.harbor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the vulnerability gate found and decided.
 *
 * @param outcome pass, unstable or fail
 * @param summary one paragraph for the build log: counts by severity, the decision and why, the worst fixable ones
 * @param counts vulnerabilities by severity that count (allow-listed ones left out); empty when the scan did not finish
 * @param worstFixable up to five counting vulnerabilities with a fixed version, most severe first
 * @param allowListed ids found but not counted because they are on the allow-list
 * @param scanFinished whether a scan finished successfully (false for a scan error, a stop or a timeout)
 * @param scanner the scanner's name and version, when known
 * @param waited how long the gate waited for the scan
 */
public record GateResult(
    GateOutcome outcome, String summary, Map<Severity, Integer> counts, List<Vulnerability> worstFixable,
    List<String> allowListed, boolean scanFinished, Optional<String> scanner, Duration waited) {
  public GateResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(summary, "summary");
    counts = Map.copyOf(counts);
    worstFixable = List.copyOf(worstFixable);
    allowListed = List.copyOf(allowListed);
    Objects.requireNonNull(scanner, "scanner");
    Objects.requireNonNull(waited, "waited");
  }

  /** The number of counting vulnerabilities of {@code severity}. */
  public int count(Severity severity) {
    return counts.getOrDefault(severity, 0);
  }
}
