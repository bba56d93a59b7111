package io.jenkins.plugins.harborjib.engine.harbor;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An artifact as Harbor sees it.
 *
 * @param id Harbor's artifact id
 * @param digest the manifest digest, {@code sha256:...}
 * @param repositoryName the full repository name, {@code project/repository}
 * @param projectId the project's id
 * @param size bytes, as Harbor counts them
 * @param manifestMediaType the manifest's media type
 * @param tags the tags pointing at it
 * @param labels the labels attached to it (when asked for)
 * @param scanOverview the vulnerability scan overview (when asked for and a scan exists)
 * @param sbomStatus the status of SBOM generation (when asked for and requested before)
 */
public record HarborArtifact(
    long id, String digest, String repositoryName, long projectId, long size, String manifestMediaType,
    List<String> tags, List<HarborLabel> labels, Optional<ScanOverview> scanOverview, Optional<String> sbomStatus) {
  public HarborArtifact {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(repositoryName, "repositoryName");
    Objects.requireNonNull(manifestMediaType, "manifestMediaType");
    tags = List.copyOf(tags);
    labels = List.copyOf(labels);
    Objects.requireNonNull(scanOverview, "scanOverview");
    Objects.requireNonNull(sbomStatus, "sbomStatus");
  }

  static HarborArtifact from(HarborJson.Artifact json) {
    Optional<ScanOverview> overview = Optional.empty();
    if (json.scanOverview() != null && !json.scanOverview().isEmpty()) {
      // Harbor keys the overview by report MIME type and returns the first one it has of those asked for.
      overview = json.scanOverview().values().stream().filter(Objects::nonNull).findFirst().map(ScanOverview::from);
    }
    return new HarborArtifact(
        json.id() == null ? 0 : json.id(),
        json.digest() == null ? "" : json.digest(),
        json.repositoryName() == null ? "" : json.repositoryName(),
        json.projectId() == null ? 0 : json.projectId(),
        json.size() == null ? 0 : json.size(),
        json.manifestMediaType() == null ? "" : json.manifestMediaType(),
        json.tags() == null ? List.of()
            : json.tags().stream().filter(t -> t != null && t.name() != null).map(HarborJson.Tag::name).toList(),
        json.labels() == null ? List.of()
            : json.labels().stream().filter(Objects::nonNull).map(HarborLabel::from).toList(),
        overview,
        Optional.ofNullable(json.sbomOverview()).map(HarborJson.SbomOverview::scanStatus)
            .filter(s -> !s.isBlank()));
  }
}
