package io.jenkins.plugins.harborjib.engine.push;

import static io.jenkins.plugins.harborjib.engine.push.EngineFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.HarborJib;
import io.jenkins.plugins.harborjib.engine.LayerReport;
import io.jenkins.plugins.harborjib.engine.LayerStatus;
import io.jenkins.plugins.harborjib.engine.PushEvent;
import io.jenkins.plugins.harborjib.engine.PushResult;
import io.jenkins.plugins.harborjib.engine.RecordedEvents;
import io.jenkins.plugins.harborjib.engine.input.DependencyUpgrades;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.Samples;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A push costs what changed: an unchanged archive re-pushed with a warm cache builds and uploads nothing and leaves
 * the cache as it was; upgrading one small dependency uploads a fraction of the dependency bytes.
 */
class StableLayerInputsTest {
  /**
   * Jib's debug line for a layer it built, e.g. {@code Building classes layer built sha256:...}, and the push's for a
   * layer built into Jib's cache while the checks ran ({@code layer classes built while the checks ran: sha256:...}).
   */
  private static final List<String> BUILT = List.of("layer built sha256:", LayerPrebuild.BUILT + "sha256:");

  @RegisterExtension
  static TestRegistry registry = TestRegistry.plainHttpWithBasicAuth();

  @TempDir
  Path work;

  @ParameterizedTest
  @ValueSource(strings = {"spring-boot-jar", "thin-jar", "war"})
  void aWarmRePushOfAnUnchangedArchiveBuildsAndUploadsNothingAndTheCacheDoesNotGrow(String shape) throws Exception {
    BaseImageFixture.pushJre17(registry);
    BuildOutput output = switch (shape) {
      case "thin-jar" -> new BuildOutput.ThinJar(Samples.helloAppThinJar());
      case "war" -> new BuildOutput.War(Samples.helloWarFile(), Optional.of("/app"));
      default -> new BuildOutput.SpringBootJar(Samples.helloAppBootJar());
    };
    Path cache = work.resolve("cache");

    RecordedEvents first = new RecordedEvents();
    PushResult cold = HarborJib.push(request(registry, output, shape, cache, "1").build(), first);
    assertThat(cold.bytesUploaded()).isPositive();
    long applicationLayers = cold.layers().stream().filter(l -> l.status() == LayerStatus.UPLOADED).count();
    assertThat(built(first)).as("layers built by the cold push").hasSize((int) applicationLayers);
    CacheSize before = CacheSize.of(cache);

    RecordedEvents second = new RecordedEvents();
    PushResult warm = HarborJib.push(request(registry, output, shape, cache, "2").build(), second);
    CacheSize after = CacheSize.of(cache);

    assertThat(warm.digest()).isEqualTo(cold.digest());
    assertThat(warm.bytesUploaded()).isZero();
    assertThat(warm.layers()).extracting(LayerReport::status).doesNotContain(LayerStatus.UPLOADED);
    assertThat(built(second)).as("layers built by the warm push").isEmpty();
    assertThat(after).as("cache after the warm push (before: %s)", before).isEqualTo(before);
    System.out.println(shape + ": cold push uploaded " + cold.bytesUploaded() + " bytes, warm re-push "
        + warm.bytesUploaded() + "; cache " + before + " before the warm push, " + after + " after");
  }

  @Test
  void upgradingOneSmallDependencyUploadsAFractionOfTheDependencyBytes() throws Exception {
    BaseImageFixture.pushJre17(registry);
    Path dependencies = work.resolve("dependency");
    EngineFixtures.copyTree(Samples.helloAppDependencies(), dependencies);
    BuildOutput output = new BuildOutput.Exploded(Samples.helloAppClasses(), Optional.of(dependencies));
    Path cache = work.resolve("cache");

    PushResult before = HarborJib.push(request(registry, output, "upgrade", cache, "1").build(), e -> {});
    long dependencyBytes = before.layers().stream().filter(l -> l.name().startsWith("dependencies-"))
        .mapToLong(LayerReport::size).sum();
    Path jar = dependencies.resolve("jackson-annotations-2.18.4.jar");
    long jarBytes = Files.size(jar);
    DependencyUpgrades.upgrade(jar, dependencies.resolve(DependencyUpgrades.upgradedName(jar.getFileName()
        .toString())));
    Files.delete(jar);

    PushResult after = HarborJib.push(request(registry, output, "upgrade", cache, "2").build(), e -> {});

    assertThat(after.digest()).isNotEqualTo(before.digest());
    assertThat(after.layers()).filteredOn(l -> l.status() == LayerStatus.UPLOADED).singleElement()
        .satisfies(l -> assertThat(l.name()).startsWith("dependencies-"));
    assertThat(jarBytes).isLessThanOrEqualTo(dependencyBytes / 50);
    assertThat(after.bytesUploaded()).isPositive().isLessThanOrEqualTo(dependencyBytes / 4);
    System.out.printf("upgrading a %d-byte jar of %d dependency layer bytes uploaded %d bytes (%.1f%%)%n", jarBytes,
        dependencyBytes, after.bytesUploaded(), 100.0 * after.bytesUploaded() / dependencyBytes);
  }

  private static List<String> built(RecordedEvents events) {
    return events.of(PushEvent.Debug.class).stream().map(PushEvent.Debug::message).filter(m -> BUILT.stream().anyMatch(m::contains))
        .toList();
  }

  /** Number and bytes of the regular files below the cache folder. */
  record CacheSize(long files, long bytes) {
    static CacheSize of(Path cache) throws IOException {
      try (Stream<Path> all = Files.walk(cache)) {
        List<Path> files = all.filter(Files::isRegularFile).toList();
        long bytes = 0;
        for (Path f : files) {
          bytes += Files.size(f);
        }
        return new CacheSize(files.size(), bytes);
      }
    }

    @Override
    public String toString() {
      return files + " files, " + bytes + " bytes";
    }
  }
}
