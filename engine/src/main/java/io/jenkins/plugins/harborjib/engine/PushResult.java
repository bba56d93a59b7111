package io.jenkins.plugins.harborjib.engine;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What was pushed.
 *
 * @param target where it was pushed
 * @param digest manifest digest ({@code sha256:...}); of the manifest list when several platforms were built
 * @param imageId config digest (of the first platform's image)
 * @param tags the tags now pointing at {@code digest}
 * @param layers every layer of every platform, with bytes uploaded or already present
 * @param timings time per phase, in order
 * @param harbor what Harbor said, when the target is Harbor
 */
public record PushResult(
    ImageTarget target, String digest, String imageId, List<String> tags, List<LayerReport> layers,
    List<PhaseTiming> timings, Optional<HarborReport> harbor) {
  public PushResult {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(imageId, "imageId");
    tags = List.copyOf(tags);
    layers = List.copyOf(layers);
    timings = List.copyOf(timings);
    Objects.requireNonNull(harbor, "harbor");
  }

  /** A result from a plain registry, without a Harbor report. */
  public PushResult(ImageTarget target, String digest, String imageId, List<String> tags, List<LayerReport> layers,
      List<PhaseTiming> timings) {
    this(target, digest, imageId, tags, layers, timings, Optional.empty());
  }

  /** The vulnerability gate's outcome, when there was a gate. */
  public Optional<io.jenkins.plugins.harborjib.engine.harbor.GateOutcome> gateOutcome() {
    return harbor.flatMap(HarborReport::scan).map(ScanReport::outcome);
  }

  /** {@code registry/project/repository@sha256:...}: what a deployment should pull. */
  public String reference() {
    return target.repositoryReference() + "@" + digest;
  }

  /** {@code registry/project/repository:tag} for each tag. */
  public List<String> taggedReferences() {
    return tags.stream().map(t -> target.repositoryReference() + ":" + t).toList();
  }

  /** Bytes of layers sent to the registry. */
  public long bytesUploaded() {
    return layers.stream().mapToLong(LayerReport::bytesUploaded).sum();
  }

  /** Bytes of layers the registry had already (present or mounted). */
  public long bytesAlreadyPresent() {
    return layers.stream().filter(l -> l.status() != LayerStatus.UPLOADED).mapToLong(LayerReport::size).sum();
  }
}
