package io.jenkins.plugins.harborjib.engine.input;

import static io.jenkins.plugins.harborjib.engine.input.Plans.invalid;
import static io.jenkins.plugins.harborjib.engine.input.Plans.layerNames;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.ContainerSettings;
import io.jenkins.plugins.harborjib.testkit.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dependency jars spread over layers by groupId:artifactId, so an upgrade changes one layer. */
class DependencyLayersTest {
  static final ContainerSettings DEFAULTS = ContainerSettings.DEFAULTS;

  @TempDir Path tmp;

  @Test
  void knowsAJarByTheCoordinatesOfItsPomPropertiesOrElseByItsNameWithoutVersion() throws Exception {
    Path plain = Fixtures.dependencyJar(tmp.resolve("lib/foo-bar-1.2.3.jar"));
    Path described = jarWith(tmp.resolve("lib/jackson-core-2.18.4.jar"),
        "META-INF/maven/com.fasterxml.jackson.core/jackson-core/pom.properties");
    Path shaded = jarWith(tmp.resolve("lib/app-shaded-1.0.jar"),
        "META-INF/maven/org.example/a-dependency/pom.properties", "META-INF/maven/org.example/app/pom.properties",
        "META-INF/maven/org.example/app-shaded/pom.properties");
    Path notAJar = Files.writeString(tmp.resolve("lib/notes-2.0.jar"), "not a zip");

    assertThat(DependencyBuckets.key(plain)).isEqualTo("foo-bar");
    assertThat(DependencyBuckets.key(described)).isEqualTo("com.fasterxml.jackson.core:jackson-core");
    assertThat(DependencyBuckets.key(shaded)).isEqualTo("org.example:app-shaded");
    assertThat(DependencyBuckets.key(notAJar)).isEqualTo("notes");
    assertThat(DependencyBuckets.nameWithoutVersion("listenablefuture-9999.0-empty.jar")).isEqualTo("listenablefuture");
    assertThat(DependencyBuckets.nameWithoutVersion("guava-33.4.8-jre.jar")).isEqualTo("guava");
  }

  @Test
  void everyVersionOfOneArtifactGoesToOneLayer() throws Exception {
    for (int buckets = 1; buckets <= ContainerSettings.MAX_DEPENDENCY_LAYERS; buckets++) {
      List<Integer> seen = new ArrayList<>();
      for (String version : List.of("1.0", "1.1", "2.0.0-RC1", "10.3.7")) {
        Path jar = jarWith(tmp.resolve(version + "/lib-" + version + ".jar"),
            "META-INF/maven/org.example/lib/pom.properties", "org/example/Lib" + version + ".class");
        seen.add(DependencyBuckets.bucket(jar, buckets));
      }
      assertThat(seen).as("%d layers", buckets).containsOnly(seen.get(0));
      assertThat(seen.get(0)).isBetween(0, buckets - 1);
    }
  }

  @Test
  void spreadsTheSampleDependenciesOverLayersAndKeepsSnapshotsApart() throws Exception {
    BuildOutput output = new BuildOutput.Exploded(Samples.helloAppClasses(),
        Optional.of(Samples.helloAppDependencies()));
    ApplicationPlan plan = ApplicationPlanner.plan(output, DEFAULTS, "base/jre17", tmp);

    List<String> names = layerNames(plan);
    assertThat(names).allMatch(n -> n.matches("dependencies-[1-8]|snapshot-dependencies|resources|classes"));
    assertThat(names.stream().filter(n -> n.startsWith("dependencies-"))).hasSizeGreaterThan(3);
    assertThat(names).endsWith("snapshot-dependencies", "resources", "classes");
    assertThat(Plans.allPaths(plan)).containsAll(SamplesPlanTest.libs("/app/libs/"));
    assertThat(Plans.paths(plan, "snapshot-dependencies")).containsExactly("/app/libs/hello-lib-1.0.0-SNAPSHOT.jar");
    ApplicationPlan again = ApplicationPlanner.plan(output, DEFAULTS, "base/jre17", tmp);
    assertThat(again.layers()).isEqualTo(plan.layers());
  }

  @Test
  void splitsTheDependenciesLayerOfASpringBootJarsIndex() throws Exception {
    try (ApplicationPlan plan = ApplicationPlanner.plan(new BuildOutput.SpringBootJar(Samples.helloAppBootJar()),
        DEFAULTS, "base/jre17", tmp)) {
      List<String> names = layerNames(plan);
      assertThat(names).allMatch(n -> n.matches("dependencies-[1-8]|spring-boot-loader|snapshot-dependencies"
          + "|application"));
      assertThat(names.stream().filter(n -> n.startsWith("dependencies-"))).hasSizeGreaterThan(3);
      assertThat(names).endsWith("spring-boot-loader", "application");
    }
  }

  @Test
  void oneDependencyLayerKeepsJibsLayout() throws Exception {
    BuildOutput output = new BuildOutput.Exploded(Samples.helloAppClasses(),
        Optional.of(Samples.helloAppDependencies()));
    ApplicationPlan plan = ApplicationPlanner.plan(output, DEFAULTS.toBuilder().dependencyLayers(1).build(),
        "base/jre17", tmp);
    assertThat(layerNames(plan)).containsExactly("dependencies", "snapshot-dependencies", "resources", "classes");
  }

  @Test
  void refusesANumberOfDependencyLayersOutOfRange() {
    BuildOutput output = new BuildOutput.Exploded(Samples.helloAppClasses(), Optional.empty());
    for (int layers : new int[] {0, -1, ContainerSettings.MAX_DEPENDENCY_LAYERS + 1}) {
      var e = invalid("dependencyLayers", () -> ApplicationPlanner.plan(output,
          DEFAULTS.toBuilder().dependencyLayers(layers).build(), "base/jre17", tmp));
      assertThat(e.getMessage()).contains(String.valueOf(layers), "give 1 to keep all dependency jars in one layer");
    }
  }

  /**
   * For every release jar of the sample that is at most 2% of the dependency bytes: upgrading it (a new version
   * with other bytes) changes layers that hold at most 25% of the dependency bytes, the upgraded jar included. A
   * layer whose files, paths and bytes are unchanged has the same digest, so it is not uploaded again.
   */
  @Test
  void upgradingASmallDependencyChangesAFractionOfTheDependencyBytes() throws Exception {
    Path before = copyOf(Samples.helloAppDependencies(), tmp.resolve("before"));
    long total = dependencyBytes(before);
    List<String> figures = new ArrayList<>();
    try (var jars = Files.list(before)) {
      for (Path jar : jars.sorted().toList()) {
        String name = jar.getFileName().toString();
        if (Snapshots.isSnapshot(name) || Files.size(jar) > total / 50) {
          continue;
        }
        Path after = copyOf(before, tmp.resolve("after-" + name));
        Files.delete(after.resolve(name));
        DependencyUpgrades.upgrade(jar, after.resolve(DependencyUpgrades.upgradedName(name)));

        long changed = changedDependencyBytes(plan(before), plan(after));
        figures.add(String.format("%s %.1f%% of %d bytes: %.1f%% changed", name, 100.0 * Files.size(jar) / total,
            total, 100.0 * changed / total));
        assertThat(changed).as("upgrading %s", name).isPositive().isLessThanOrEqualTo(total / 4);
      }
    }
    assertThat(figures).hasSizeGreaterThan(3);
    System.out.println("dependency upgrades: " + String.join("; ", figures));
  }

  private ApplicationPlan plan(Path dependencies) throws Exception {
    return ApplicationPlanner.plan(new BuildOutput.Exploded(Samples.helloAppClasses(), Optional.of(dependencies)),
        DEFAULTS, "base/jre17", tmp.resolve("unpacked"));
  }

  /** Bytes of the dependency layers of {@code after} that {@code before} does not have, file for file. */
  private static long changedDependencyBytes(ApplicationPlan before, ApplicationPlan after) throws IOException {
    Map<String, List<String>> old = new LinkedHashMap<>();
    for (PlannedLayer layer : before.layers()) {
      if (layer.name().startsWith("dependencies")) {
        old.put(layer.name(), fingerprint(layer));
      }
    }
    long changed = 0;
    for (PlannedLayer layer : after.layers()) {
      if (layer.name().startsWith("dependencies") && !fingerprint(layer).equals(old.get(layer.name()))) {
        for (LayerFile f : layer.files()) {
          changed += Files.size(f.source());
        }
      }
    }
    return changed;
  }

  private static List<String> fingerprint(PlannedLayer layer) throws IOException {
    List<String> lines = new ArrayList<>();
    for (LayerFile f : layer.files()) {
      lines.add(f.pathInImage() + " " + f.executable() + " " + Arrays.hashCode(Files.readAllBytes(f.source())));
    }
    return lines;
  }

  private static long dependencyBytes(Path folder) throws IOException {
    long total = 0;
    try (var jars = Files.list(folder)) {
      for (Path jar : jars.toList()) {
        if (!Snapshots.isSnapshot(jar.getFileName().toString())) {
          total += Files.size(jar);
        }
      }
    }
    return total;
  }

  private static Path copyOf(Path folder, Path copy) throws IOException {
    Files.createDirectories(copy);
    try (var files = Files.list(folder)) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    return copy;
  }

  private static Path jarWith(Path file, String... names) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (String name : names) {
      entries.put(name, Fixtures.bytes(name));
    }
    return Fixtures.jar(file, Fixtures.manifest(), entries);
  }
}
