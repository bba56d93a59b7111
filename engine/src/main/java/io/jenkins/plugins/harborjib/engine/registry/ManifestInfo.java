package io.jenkins.plugins.harborjib.engine.registry;

import java.util.List;
import java.util.Optional;

/**
 * A manifest as read from a registry.
 *
 * @param mediaType its media type
 * @param digest {@code sha256:} of its bytes
 * @param layers its layers, bottom to top (empty for a list)
 * @param configDigest the config blob's digest (empty for a list)
 * @param platforms for a manifest list or index: its entries
 */
public record ManifestInfo(
    String mediaType, String digest, List<Descriptor> layers, Optional<String> configDigest,
    List<PlatformEntry> platforms) {

  /** Whether this is a manifest list or an OCI index. */
  public boolean isList() {
    return mediaType.contains("manifest.list") || mediaType.contains("image.index");
  }

  /** A blob reference. */
  public record Descriptor(String digest, long size) {}

  /** One entry of a manifest list. */
  public record PlatformEntry(String digest, String os, String architecture) {
    public String platform() {
      return os + "/" + architecture;
    }
  }
}
