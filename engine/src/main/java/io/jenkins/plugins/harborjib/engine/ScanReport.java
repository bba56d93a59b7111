package io.jenkins.plugins.harborjib.engine;

import io.jenkins.plugins.harborjib.engine.harbor.GateOutcome;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The vulnerability gate's verdict, in plain values.
 *
 * @param outcome pass, unstable or fail
 * @param summary one paragraph for a log: counts, the decision and why, the worst fixable vulnerabilities
 * @param counts counting vulnerabilities by Harbor severity name (Critical, High, ...), most severe first
 * @param worstFixable the worst fixable ones, one line each: id, severity, package, installed and fixed version
 * @param allowListed ids found but not counted
 * @param scanFinished whether Harbor's scan finished (false after an error, a stop or the timeout)
 * @param waited how long the gate waited for the scan
 */
public record ScanReport(GateOutcome outcome, String summary, Map<String, Integer> counts, List<String> worstFixable,
    List<String> allowListed, boolean scanFinished, Duration waited) {
  public ScanReport {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(summary, "summary");
    counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    worstFixable = List.copyOf(worstFixable);
    allowListed = List.copyOf(allowListed);
    Objects.requireNonNull(waited, "waited");
  }
}
