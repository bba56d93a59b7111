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
 */
public record HarborReport(String serverUrl, Optional<String> version, String artifactUrl, boolean projectCreated,
    List<String> labels, Optional<ScanReport> scan) {
  public HarborReport {
    Objects.requireNonNull(serverUrl, "serverUrl");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(artifactUrl, "artifactUrl");
    labels = List.copyOf(labels);
    Objects.requireNonNull(scan, "scan");
  }
}
