package io.jenkins.plugins.harborjib.engine;

import java.util.Objects;
import java.util.Optional;

/**
 * The image the application is layered on, from any registry, e.g. {@code harbor.example.com/base/jre17:17}.
 * Without credentials of its own, the target's credentials are used when the base image lives in the target's
 * registry, and the pull is anonymous otherwise.
 *
 * @param reference full image reference; a tag or a {@code @sha256:} digest (a digest pins the base exactly)
 * @param credentials credentials for the base image's registry, if they differ from the target's
 */
public record BaseImage(String reference, Optional<Credentials> credentials) {
  public BaseImage {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(credentials, "credentials");
  }

  /** A base image pulled with the target's credentials (same registry) or anonymously. */
  public static BaseImage of(String reference) {
    return new BaseImage(reference, Optional.empty());
  }

  /** A base image with credentials of its own. */
  public static BaseImage of(String reference, Credentials credentials) {
    return new BaseImage(reference, Optional.of(credentials));
  }
}
