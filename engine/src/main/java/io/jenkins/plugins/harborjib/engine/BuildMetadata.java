package io.jenkins.plugins.harborjib.engine;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Facts about the build that become OCI {@code org.opencontainers.image.*} labels. Each is optional; none is
 * invented, so an image built twice from the same inputs keeps the same digest.
 *
 * @param source source repository URL ({@code org.opencontainers.image.source})
 * @param revision source revision, e.g. a commit id ({@code org.opencontainers.image.revision})
 * @param version version of the packaged software ({@code org.opencontainers.image.version})
 * @param created when the software was built ({@code org.opencontainers.image.created}, RFC 3339)
 */
public record BuildMetadata(
    Optional<String> source, Optional<String> revision, Optional<String> version, Optional<Instant> created) {
  public static final BuildMetadata NONE =
      new BuildMetadata(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public BuildMetadata {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(created, "created");
  }

  /** The OCI annotation labels for the values that are present, in a stable order. */
  public Map<String, String> toLabels() {
    Map<String, String> labels = new LinkedHashMap<>();
    source.ifPresent(v -> labels.put("org.opencontainers.image.source", v));
    revision.ifPresent(v -> labels.put("org.opencontainers.image.revision", v));
    version.ifPresent(v -> labels.put("org.opencontainers.image.version", v));
    created.ifPresent(v -> labels.put("org.opencontainers.image.created", v.toString()));
    return labels;
  }
}
