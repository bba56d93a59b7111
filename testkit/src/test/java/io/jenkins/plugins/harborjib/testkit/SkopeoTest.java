package io.jenkins.plugins.harborjib.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture.PushedImage;
import io.jenkins.plugins.harborjib.testkit.Skopeo.ImageInspection;
import io.jenkins.plugins.harborjib.testkit.Skopeo.SkopeoException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SkopeoTest {
  @RegisterExtension static TestRegistry registry = TestRegistry.httpsWithBasicAuth();

  private static PushedImage base;

  @Test
  void inspectsDigestPlatformAndLayersOverHttpsWithBasicAuth() throws Exception {
    pushBase();

    ImageInspection image = Skopeo.of(registry).inspect("base/jre17:17");

    assertThat(image.name()).isEqualTo(registry.host() + "/base/jre17");
    assertThat(image.digest()).isEqualTo(base.digest());
    assertThat(image.architecture()).isEqualTo("amd64");
    assertThat(image.os()).isEqualTo("linux");
    JsonNode manifest = new ObjectMapper().readTree(Skopeo.of(registry).inspectRaw("base/jre17:17"));
    assertThat(image.layers()).hasSize(manifest.path("layers").size()).allSatisfy(layer -> {
      assertThat(layer.digest()).startsWith("sha256:");
      assertThat(layer.size()).isPositive();
      assertThat(layer.mediaType()).endsWith("tar.gzip");
    });
    assertThat(manifest.path("layers").get(0).path("digest").asText()).isEqualTo(image.layers().get(0).digest());
  }

  @Test
  void readsTheImageConfigurationAndTags() {
    pushBase();
    Skopeo skopeo = Skopeo.of(registry);

    assertThat(skopeo.inspectConfig(base.referenceByDigest()).env("PATH"))
        .contains("/opt/java/bin:/usr/local/bin:/usr/bin:/bin");
    assertThat(skopeo.inspectConfig("base/jre17:17").labels())
        .containsKey("org.opencontainers.image.description");
    assertThat(skopeo.inspectRawConfig("base/jre17:17")).contains("\"JAVA_HOME=/opt/java\"");
    assertThat(skopeo.listTags("base/jre17")).containsExactly("17");
  }

  @Test
  void copiesAnImageOutToAnOciLayout(@TempDir Path dir) throws Exception {
    pushBase();

    Path oci = Skopeo.of(registry).copyToOci("base/jre17:17", dir.resolve("oci"));

    assertThat(oci.resolve("index.json")).isRegularFile();
    assertThat(oci.resolve("blobs/sha256")).isDirectory();
  }

  @Test
  void pushesAnOciLayoutBackAndDeletesIt(@TempDir Path dir) {
    pushBase();
    Skopeo skopeo = Skopeo.of(registry);
    Path oci = skopeo.copyToOci("base/jre17:17", dir.resolve("oci"));

    skopeo.copyFromOci(oci, "copies/jre:1");
    assertThat(skopeo.listTags("copies/jre")).containsExactly("1");

    skopeo.delete("copies/jre@" + skopeo.inspect("copies/jre:1").digest());
    assertThatThrownBy(() -> skopeo.inspect("copies/jre:1")).isInstanceOf(SkopeoException.class);
  }

  @Test
  void reportsSkopeosErrorWithoutThePasswordAndLeavesNoAuthFile() throws Exception {
    pushBase();
    String wrong = "not-" + registry.password();
    Skopeo skopeo = Skopeo.of(registry).withCredentials(registry.username(), wrong.toCharArray());

    assertThatThrownBy(() -> skopeo.inspect("base/jre17:17"))
        .isInstanceOf(SkopeoException.class)
        .hasMessageContaining("authentication required")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(registry.password()));
    try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      assertThat(tmp).noneMatch(p -> p.getFileName().toString().startsWith("harbor-jib-skopeo-auth-"));
    }
  }

  @Test
  void failsOnAnHttpsRegistryWhoseCaItDoesNotTrust() {
    pushBase();

    assertThatThrownBy(() -> Skopeo.systemTrust(registry.host()).inspect("base/jre17:17"))
        .isInstanceOf(SkopeoException.class)
        .hasMessageContaining("certificate signed by unknown authority");
  }

  @Test
  void readsAnonymousPlainHttpRegistries() {
    try (TestRegistry plain = TestRegistry.plainHttp().start()) {
      PushedImage pushed = BaseImageFixture.push(plain, "base/jre17:17");
      assertThat(Skopeo.of(plain).inspect("base/jre17:17").digest()).isEqualTo(pushed.digest());
      assertThat(Skopeo.of(plain).toString()).contains("anonymous", "no tls verify");
    }
  }

  private static synchronized void pushBase() {
    if (base == null) {
      base = BaseImageFixture.pushJre17(registry);
    }
  }
}
