package io.jenkins.plugins.harborjib.bridge;

import java.util.List;
import java.util.Objects;

/**
 * The vulnerability gate of one push, as configured: after the push Harbor scans the image (or its automatic scan is
 * awaited) and the build fails or turns unstable when a vulnerability at or above {@code threshold} is found.
 *
 * @param threshold {@code CRITICAL}, {@code HIGH}, {@code MEDIUM} or {@code LOW} (any case)
 * @param onViolation {@code FAIL} or {@code UNSTABLE} (any case)
 * @param allowList vulnerability ids that never count, e.g. {@code CVE-2023-44487}
 * @param timeoutSeconds how long to wait for the scan
 * @param trigger start a scan; otherwise wait for the project's automatic scan
 * @param sbom also ask Harbor for a software bill of materials
 */
public record ScanGateSettings(
    String threshold, String onViolation, List<String> allowList, int timeoutSeconds, boolean trigger,
    boolean sbom) {
  /** Fail at High, start a scan, wait ten minutes. */
  public static final ScanGateSettings DEFAULT = new ScanGateSettings("HIGH", "FAIL", List.of(), 600, true, false);

  public ScanGateSettings {
    threshold = Objects.requireNonNullElse(threshold, "").trim();
    onViolation = Objects.requireNonNullElse(onViolation, "").trim();
    allowList = Values.lines(allowList);
  }
}
