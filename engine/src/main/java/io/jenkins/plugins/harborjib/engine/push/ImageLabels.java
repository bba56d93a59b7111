package io.jenkins.plugins.harborjib.engine.push;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The labels the application image gets on top of its base image's, so that its {@code org.opencontainers.image.*}
 * labels describe the application, not the base.
 *
 * <p>Jib copies every label of the base image's config into the new image and then puts the container's labels over
 * them ({@code BuildImageStep}: {@code addLabels(baseImage.getLabels())}, then
 * {@code addLabels(containerConfiguration.getLabels())}, both a {@code putAll}, jib-core 0.28.1); it has no way to
 * drop an inherited label. So an inherited label that would describe the application wrongly is overwritten: with
 * the request's value when it has one, otherwise with the empty string (an empty label reads as "not set"). The base
 * image stays named by the OCI annotations for it, {@code org.opencontainers.image.base.name} and
 * {@code .base.digest}. Other inherited labels (vendor, licenses, ...) stay as they are.
 */
final class ImageLabels {
  static final String PREFIX = "org.opencontainers.image.";
  static final String BASE_NAME = PREFIX + "base.name";
  static final String BASE_DIGEST = PREFIX + "base.digest";

  /** Labels of the base that say what the image is, where it comes from and when it was made. */
  static final List<String> MISLEADING = List.of("title", "description", "version", "revision", "source", "url",
      "documentation", "created").stream().map(n -> PREFIX + n).toList();

  private ImageLabels() {}

  /**
   * The labels to give Jib for the application image.
   *
   * @param base the base image's config labels
   * @param requested the request's labels (its build metadata, then its own labels, which win)
   * @param baseName the base image's full reference, registry included, without the digest
   * @param baseDigest the digest of the base image the push builds on
   */
  static Map<String, String> forApplication(Map<String, String> base, Map<String, String> requested, String baseName,
      String baseDigest) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String name : MISLEADING) {
      if (base.containsKey(name) && !requested.containsKey(name)) {
        labels.put(name, "");
      }
    }
    labels.put(BASE_NAME, baseName);
    labels.put(BASE_DIGEST, baseDigest);
    labels.putAll(requested);
    return labels;
  }
}
