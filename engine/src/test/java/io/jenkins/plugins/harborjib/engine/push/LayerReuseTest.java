package io.jenkins.plugins.harborjib.engine.push;

import static io.jenkins.plugins.harborjib.engine.push.EngineFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.HarborJib;
import io.jenkins.plugins.harborjib.engine.LayerReport;
import io.jenkins.plugins.harborjib.engine.LayerStatus;
import io.jenkins.plugins.harborjib.engine.PushResult;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.Samples;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Layering pays off: after a one-class change only the classes layer travels. */
class LayerReuseTest {
  @RegisterExtension
  static TestRegistry registry = TestRegistry.plainHttpWithBasicAuth();

  @TempDir
  Path work;

  @Test
  void pushesOnlyTheClassesLayerWhenOneClassChanged() throws Exception {
    BaseImageFixture.pushJre17(registry);
    Path classes = work.resolve("classes");
    EngineFixtures.copyTree(Samples.helloAppClasses(), classes);
    BuildOutput output = new BuildOutput.Exploded(classes, Optional.of(Samples.helloAppDependencies()));
    Path cache = work.resolve("cache");

    compileBuildInfo(classes, "1");
    PushResult first = HarborJib.push(request(registry, output, "reuse", cache, "1").build(), e -> {});
    assertThat(first.bytesUploaded()).isPositive();

    compileBuildInfo(classes, "2");
    PushResult second = HarborJib.push(request(registry, output, "reuse", cache, "2").build(), e -> {});

    assertThat(second.digest()).isNotEqualTo(first.digest());
    assertThat(second.layers()).filteredOn(l -> l.status() == LayerStatus.UPLOADED)
        .extracting(LayerReport::name).containsExactly("classes");
    assertThat(second.layers()).filteredOn(l -> !l.name().equals("classes"))
        .extracting(LayerReport::status).doesNotContain(LayerStatus.UPLOADED);
    long classesSize = second.layers().stream().filter(l -> l.name().equals("classes"))
        .mapToLong(LayerReport::size).sum();
    assertThat(second.bytesUploaded()).isEqualTo(classesSize);
    assertThat(second.bytesAlreadyPresent()).isGreaterThan(10 * second.bytesUploaded());
  }

  private static void compileBuildInfo(Path classes, String version) throws IOException {
    Path src = Files.createTempDirectory("buildinfo");
    try {
      Path java = src.resolve("com/example/hello/BuildInfo.java");
      Files.createDirectories(java.getParent());
      Files.writeString(java, "package com.example.hello; public final class BuildInfo {"
          + " public static final String VERSION = \"" + version + "\"; }", StandardCharsets.UTF_8);
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      int rc = javac.run(null, null, null, "--release", "17", "-d", classes.toString(), java.toString());
      assertThat(rc).isZero();
    } finally {
      try (var files = Files.walk(src)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
