package io.jenkins.plugins.harborjib.engine.harbor;

import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /projects/{p}/repositories/{r}/artifacts/{reference}}: an artifact with its tags, and on request its labels,
 * scan overview ({@code X-Accept-Vulnerabilities} says which report types) and SBOM overview. Empty on 404.
 */
final class ArtifactReader implements HarborCall<Optional<HarborArtifact>> {
  /** Both report types Harbor knows, newest first, as Harbor's own API description lists them. */
  static final String ACCEPT_VULNERABILITIES = "application/vnd.security.vulnerability.report; version=1.1, "
      + "application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0";

  private final String project;
  private final String repository;
  private final String reference;
  private final boolean withLabels;
  private final boolean withScanOverview;
  private final boolean withSbomOverview;

  ArtifactReader(String project, String repository, String reference, boolean withLabels, boolean withScanOverview,
      boolean withSbomOverview) {
    this.project = project;
    this.repository = repository;
    this.reference = reference;
    this.withLabels = withLabels;
    this.withScanOverview = withScanOverview;
    this.withSbomOverview = withSbomOverview;
  }

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public String path() {
    return HarborPaths.artifact(project, repository, reference) + HarborPaths.query(
        "with_tag", true,
        "with_label", withLabels ? true : null,
        "with_scan_overview", withScanOverview ? true : null,
        "with_sbom_overview", withSbomOverview ? true : null);
  }

  @Override
  public Map<String, String> headers() {
    return withScanOverview ? Map.of("X-Accept-Vulnerabilities", ACCEPT_VULNERABILITIES) : Map.of();
  }

  @Override
  public Optional<HarborArtifact> handleResponse(HarborResponse response, HarborFailures failures)
      throws HarborException {
    return Optional.of(HarborArtifact.from(response.json(HarborJson.Artifact.class, failures)));
  }

  @Override
  public Optional<HarborArtifact> handleError(HarborResponse response, HarborFailures failures)
      throws HarborException {
    if (response.status() == 404) {
      return Optional.empty();
    }
    throw failures.forStatus(response);
  }

  @Override
  public String actionDescription() {
    return "read artifact " + project + "/" + repository + "@" + reference;
  }
}
