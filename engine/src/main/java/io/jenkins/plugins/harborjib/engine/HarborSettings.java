package io.jenkins.plugins.harborjib.engine;

import io.jenkins.plugins.harborjib.engine.harbor.Severity;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the push asks of Harbor itself, beyond the registry protocol: checks before any upload (reachable,
 * authenticated, project exists or is created, push allowed, quota), confirmation of the artifact and its tags
 * afterwards, labels, and an optional vulnerability gate.
 *
 * @param mode whether the target is Harbor: {@link Mode#AUTO} asks it ({@code GET /api/v2.0/ping})
 * @param url Harbor's address; empty means the registry host, over the scheme the registry answers on
 * @param preflight run the checks before uploading; off, the push goes straight to the registry
 * @param createProject create the project when it is missing (the identity must be allowed to)
 * @param projectPublic make a created project public; private otherwise
 * @param autoScan for a created project: scan images on push; empty keeps Harbor's default
 * @param labels existing Harbor labels (global or of the project) to attach to the pushed artifact
 * @param scan the vulnerability gate, when wanted
 */
public record HarborSettings(
    Mode mode, Optional<URI> url, boolean preflight, boolean createProject, boolean projectPublic,
    Optional<Boolean> autoScan, List<String> labels, Optional<ScanGate> scan) {

  /** Ask the registry whether it is Harbor, and use Harbor's checks if so. */
  public static final HarborSettings AUTO =
      new HarborSettings(Mode.AUTO, Optional.empty(), true, false, false, Optional.empty(), List.of(), Optional.empty());

  /** A plain OCI registry: no Harbor API calls at all. */
  public static final HarborSettings OFF =
      new HarborSettings(Mode.OFF, Optional.empty(), false, false, false, Optional.empty(), List.of(), Optional.empty());

  /** Harbor, with its checks before the push and the confirmation after, and nothing more. */
  public static final HarborSettings REQUIRED =
      new HarborSettings(Mode.REQUIRED, Optional.empty(), true, false, false, Optional.empty(), List.of(),
          Optional.empty());

  public HarborSettings {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(autoScan, "autoScan");
    labels = List.copyOf(labels);
    Objects.requireNonNull(scan, "scan");
  }

  /** Whether the target is Harbor. */
  public enum Mode {
    /** Find out with {@code GET /api/v2.0/ping}; anything but Harbor's answer means a plain registry. */
    AUTO,
    /** It must be Harbor; fail otherwise. */
    REQUIRED,
    /** Never call the Harbor API. */
    OFF
  }

  /** Whether anything here needs Harbor's API (so that a plain registry cannot serve it). */
  public boolean needsHarbor() {
    return createProject || !labels.isEmpty() || scan.isPresent() || url.isPresent();
  }

  public HarborSettings withMode(Mode mode) {
    return new HarborSettings(mode, url, preflight, createProject, projectPublic, autoScan, labels, scan);
  }

  public HarborSettings withUrl(URI url) {
    return new HarborSettings(mode, Optional.ofNullable(url), preflight, createProject, projectPublic, autoScan,
        labels, scan);
  }

  public HarborSettings withPreflight(boolean preflight) {
    return new HarborSettings(mode, url, preflight, createProject, projectPublic, autoScan, labels, scan);
  }

  public HarborSettings withCreateProject(boolean create, boolean makePublic, Optional<Boolean> autoScan) {
    return new HarborSettings(mode, url, preflight, create, makePublic, autoScan, labels, scan);
  }

  public HarborSettings withLabels(List<String> labels) {
    return new HarborSettings(mode, url, preflight, createProject, projectPublic, autoScan, labels, scan);
  }

  public HarborSettings withScan(ScanGate scan) {
    return new HarborSettings(mode, url, preflight, createProject, projectPublic, autoScan, labels,
        Optional.ofNullable(scan));
  }

  /**
   * The vulnerability gate: after the push, Harbor's scan of the artifact is awaited and judged.
   *
   * @param threshold the lowest severity that counts (Critical, High, Medium or Low)
   * @param onViolation what a counting vulnerability does to the build: fail it, or mark it unstable
   * @param allowList CVE ids that never count
   * @param timeout how long to wait for the scan; a scan still running then fails the gate
   * @param triggerScan start a scan; off, wait for the project's automatic scan on push
   * @param requestSbom also ask Harbor for an SBOM, where the server supports it
   */
  public record ScanGate(Severity threshold, OnViolation onViolation, Set<String> allowList, Duration timeout,
      boolean triggerScan, boolean requestSbom) {
    /** Default wait for a scan. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    public ScanGate {
      Objects.requireNonNull(threshold, "threshold");
      Objects.requireNonNull(onViolation, "onViolation");
      allowList = Set.copyOf(allowList);
      Objects.requireNonNull(timeout, "timeout");
    }

    /** A gate that fails on {@code threshold} or worse, starting the scan itself, waiting up to 10 minutes. */
    public static ScanGate failAt(Severity threshold) {
      return new ScanGate(threshold, OnViolation.FAIL, Set.of(), DEFAULT_TIMEOUT, true, false);
    }
  }

  /** What a vulnerability at or above the threshold does. */
  public enum OnViolation {
    FAIL,
    UNSTABLE
  }
}
