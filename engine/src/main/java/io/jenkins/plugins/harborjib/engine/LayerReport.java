package io.jenkins.plugins.harborjib.engine;

import java.util.Objects;

/**
 * One layer of the pushed image.
 *
 * @param name the layer's name: {@code base} for base-image layers, else the application layer's name
 *     ({@code dependencies}, {@code snapshot-dependencies}, {@code resources}, {@code classes}, ...)
 * @param digest compressed blob digest, {@code sha256:...}
 * @param size compressed size in bytes
 * @param status whether its bytes were uploaded or already there
 * @param platform {@code os/architecture} of the image the layer belongs to
 */
public record LayerReport(String name, String digest, long size, LayerStatus status, String platform) {
  public LayerReport {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(platform, "platform");
  }

  /** Bytes sent for this layer: its size when uploaded, else zero. */
  public long bytesUploaded() {
    return status == LayerStatus.UPLOADED ? size : 0;
  }
}
