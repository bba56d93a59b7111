package io.jenkins.plugins.harborjib.engine.harbor;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A pushed artifact as read back from Harbor's API.
 *
 * @param artifact the artifact, with its tags and labels
 * @param missingTags requested tags that Harbor does not show on it (reported, never added by the check)
 * @param harborVersion Harbor's version, e.g. {@code v2.15.2-1a2b3c4d}
 * @param webUrl the artifact's page in Harbor's web UI
 */
public record ArtifactConfirmation(
    HarborArtifact artifact, List<String> missingTags, Optional<String> harborVersion, String webUrl) {
  public ArtifactConfirmation {
    Objects.requireNonNull(artifact, "artifact");
    missingTags = List.copyOf(missingTags);
    Objects.requireNonNull(harborVersion, "harborVersion");
    Objects.requireNonNull(webUrl, "webUrl");
  }

  /** Whether every requested tag is on the artifact. */
  public boolean allTagsPresent() {
    return missingTags.isEmpty();
  }
}
