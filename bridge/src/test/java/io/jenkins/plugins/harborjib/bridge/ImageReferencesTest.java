package io.jenkins.plugins.harborjib.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageReferencesTest {
  @Test
  void readsTheRegistryTheWayDockerDoes() {
    assertThat(ImageReferences.parse("base/jre17:17")).isEqualTo(
        new ImageReferences.Parts("", "base/jre17", Optional.of("17"), Optional.empty()));
    assertThat(ImageReferences.parse("localhost:5000/base/jre17")).isEqualTo(
        new ImageReferences.Parts("localhost:5000", "base/jre17", Optional.empty(), Optional.empty()));
    assertThat(ImageReferences.parse("harbor.example.com/base/jre17:17@sha256:abc").digest()).contains("sha256:abc");
  }

  @Test
  void qualifiesShortNamesWithTheServer() {
    assertThat(ImageReferences.qualify("base/jre17:17", "harbor.example.com"))
        .isEqualTo("harbor.example.com/base/jre17:17");
    assertThat(ImageReferences.qualify("docker.io/library/eclipse-temurin:17", "harbor.example.com"))
        .isEqualTo("docker.io/library/eclipse-temurin:17");
  }
}
