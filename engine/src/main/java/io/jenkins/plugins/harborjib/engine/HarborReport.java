package io.jenkins.plugins.harborjib.engine;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What Harbor said about the push.
 *
 * @param serverUrl the Harbor server
 * @param version Harbor's version, when it tells
 * @param artifactUrl the pushed artifact's page in Harbor's web UI
 * @param projectCreated whether this push created the project
 * @param labels the labels attached to the artifact
 * @param scan the vulnerability gate's verdict, when a gate was asked for
 * @param notes Harbor checks and steps that were not allowed or not possible and did not stop the push, each naming
 *     the account and the permission that would allow it
 */
public record HarborReport(String serverUrl, Optional<String> version, String artifactUrl, boolean projectCreated,
    List<String> labels, Optional<ScanReport> scan, List<String> notes) {
  public HarborReport {
    Objects.requireNonNull(serverUrl, "serverUrl");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(artifactUrl, "artifactUrl");
    labels = List.copyOf(labels);
    Objects.requireNonNull(scan, "scan");
    notes = List.copyOf(notes);
  }

  /** A report without notes. */
  public HarborReport(String serverUrl, Optional<String> version, String artifactUrl, boolean projectCreated,
      List<String> labels, Optional<ScanReport> scan) {
    this(serverUrl, version, artifactUrl, projectCreated, labels, scan, List.of());
  }

  /** This report with the gate's verdict and {@code moreNotes} added. */
  public HarborReport withScan(ScanReport verdict, List<String> moreNotes) {
    List<String> all = new java.util.ArrayList<>(notes);
    all.addAll(moreNotes);
    return new HarborReport(serverUrl, version, artifactUrl, projectCreated, labels, Optional.of(verdict), all);
  }
}
