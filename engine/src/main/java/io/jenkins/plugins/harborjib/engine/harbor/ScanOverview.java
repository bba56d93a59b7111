package io.jenkins.plugins.harborjib.engine.harbor;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The scan overview Harbor attaches to an artifact.
 *
 * @param status where the scan is
 * @param severity the overall severity once finished
 * @param counts vulnerabilities by severity (only those found)
 * @param total vulnerabilities in all
 * @param fixable vulnerabilities with a fixed version
 * @param completePercent progress, 0 to 100
 * @param scanner the scanner's name and version, e.g. {@code Trivy 0.50.1}
 */
public record ScanOverview(
    ScanStatus status, Optional<Severity> severity, Map<Severity, Integer> counts, int total, int fixable,
    int completePercent, Optional<String> scanner) {
  public ScanOverview {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(scanner, "scanner");
    counts = Map.copyOf(counts);
  }

  /** The number found of {@code severity}. */
  public int count(Severity severity) {
    return counts.getOrDefault(severity, 0);
  }

  static ScanOverview from(HarborJson.NativeReportSummary json) {
    Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
    int total = 0;
    int fixable = 0;
    if (json.summary() != null) {
      total = json.summary().total() == null ? 0 : json.summary().total();
      fixable = json.summary().fixable() == null ? 0 : json.summary().fixable();
      if (json.summary().summary() != null) {
        json.summary().summary().forEach((k, v) -> {
          if (v != null && v > 0) {
            counts.merge(Severity.fromHarbor(k), v, Integer::sum);
          }
        });
      }
    }
    Optional<String> scanner = Optional.ofNullable(json.scanner())
        .map(s -> (s.name() == null ? "" : s.name()) + (s.version() == null ? "" : " " + s.version()))
        .map(String::trim).filter(s -> !s.isEmpty());
    return new ScanOverview(
        ScanStatus.fromHarbor(json.scanStatus()),
        Optional.ofNullable(json.severity()).filter(s -> !s.isBlank()).map(Severity::fromHarbor),
        counts, total, fixable, json.completePercent() == null ? 0 : json.completePercent(), scanner);
  }
}
