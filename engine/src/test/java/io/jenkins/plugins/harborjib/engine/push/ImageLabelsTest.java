package io.jenkins.plugins.harborjib.engine.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageLabelsTest {
  private static final String DIGEST = "sha256:" + "a".repeat(64);
  private static final String OCI = "org.opencontainers.image.";

  @Test
  void theBasesDescriptiveLabelsAreBlankedUnlessTheRequestSetsThemAndTheBaseIsNamed() {
    Map<String, String> base = new LinkedHashMap<>();
    base.put(OCI + "description", "harbor-jib test base image");
    base.put(OCI + "title", "jre17");
    base.put(OCI + "version", "17.0.9");
    base.put(OCI + "created", "2024-01-01T00:00:00Z");
    base.put(OCI + "vendor", "Example");
    base.put(OCI + "licenses", "GPL-2.0-with-classpath-exception");
    base.put("maintainer", "base team");

    Map<String, String> labels = ImageLabels.forApplication(base,
        Map.of(OCI + "version", "1.0.0", OCI + "revision", "0123abcd", "team", "core"),
        "registry.example.com/base/jre17:17", DIGEST);

    assertThat(labels)
        .containsEntry(OCI + "description", "")
        .containsEntry(OCI + "title", "")
        .containsEntry(OCI + "created", "")
        .containsEntry(OCI + "version", "1.0.0")
        .containsEntry(OCI + "revision", "0123abcd")
        .containsEntry("team", "core")
        .containsEntry(OCI + "base.name", "registry.example.com/base/jre17:17")
        .containsEntry(OCI + "base.digest", DIGEST)
        .as("what the base says of itself that stays true of the application is left alone")
        .doesNotContainKeys(OCI + "vendor", OCI + "licenses", "maintainer", OCI + "source", OCI + "url",
            OCI + "documentation");
  }

  @Test
  void labelsTheBaseDoesNotHaveAreNotAddedBlankAndTheRequestMayNameTheBaseItself() {
    Map<String, String> labels = ImageLabels.forApplication(Map.of(), Map.of(OCI + "base.name", "mirror/jre:17"),
        "registry.example.com/base/jre17:17", DIGEST);

    assertThat(labels).containsOnly(Map.entry(OCI + "base.name", "mirror/jre:17"),
        Map.entry(OCI + "base.digest", DIGEST));
  }
}
