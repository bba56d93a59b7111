package io.jenkins.plugins.harborjib.engine.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layers built while the checks run are the bytes Jib builds for the same entries, and Jib takes them from its
 * cache instead of building them again (it says "... built sha256:..." only for a layer it builds).
 */
class LayerPrebuildTest {
  @TempDir
  Path tmp;

  @Test
  void theLayersBuiltAheadAreJibsOwnAndJibUsesThem() throws Exception {
    Map<String, List<FileEntry>> layers = new LinkedHashMap<>();
    layers.put("dependencies", List.of(entry("lib/a.jar", "/app/libs/a.jar", 300_000),
        entry("lib/b.jar", "/app/libs/b.jar", 5_000)));
    layers.put("classes", List.of(entry("classes/Main.class", "/app/classes/Main.class", 2_000)));
    layers.put("resources", List.of());

    List<String> jibAlone = new ArrayList<>();
    containerize(layers, tmp.resolve("jib-alone"), jibAlone);
    assertThat(jibAlone).as("Jib's events when it builds the layers itself").filteredOn(m -> m.contains(" built sha256:"))
        .hasSize(2);

    Path ahead = tmp.resolve("ahead");
    List<String> built = new CopyOnWriteArrayList<>();
    LayerPrebuild prebuild = LayerPrebuild.start(ahead, layers, built::add);
    // finish() leaves layers not started yet to Jib: here every one is waited for
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (built.size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    prebuild.finish();
    assertThat(layerDigests(ahead)).isNotEmpty().isEqualTo(layerDigests(tmp.resolve("jib-alone")));
    assertThat(built).hasSize(2).allMatch(m -> m.matches("layer (dependencies|classes)"
        + LayerPrebuild.BUILT + "sha256:[0-9a-f]{64}"));

    List<String> afterwards = new ArrayList<>();
    containerize(layers, ahead, afterwards);
    assertThat(afterwards).as("Jib's events with the layers built ahead").noneMatch(m -> m.contains(" built sha256:"));
    assertThat(layerDigests(ahead)).isEqualTo(layerDigests(tmp.resolve("jib-alone")));
  }

  @Test
  void finishingLeavesTheLayersNotStartedToJib() throws Exception {
    Map<String, List<FileEntry>> layers = new LinkedHashMap<>();
    int count = Math.max(20, 10 * Runtime.getRuntime().availableProcessors());
    for (int i = 0; i < count; i++) {
      layers.put("layer-" + i, List.of(entry("lib/" + i + ".jar", "/app/libs/" + i + ".jar", 2_000_000)));
    }
    List<String> built = new CopyOnWriteArrayList<>();
    LayerPrebuild.start(tmp.resolve("cache"), layers, built::add).finish();
    int afterFinish = built.size();
    assertThat(afterFinish).isLessThan(count);
    Thread.sleep(200);
    assertThat(built).as("layers built after finish() returned").hasSize(afterFinish);
  }

  @Test
  void anUnusableCacheFolderLeavesTheLayersToJib() throws Exception {
    Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
    List<String> built = new ArrayList<>();
    LayerPrebuild.start(file.resolve("cache"), Map.of("classes", List.of(entry("a.jar", "/app/a.jar", 10))),
        built::add).finish();
    assertThat(built).isEmpty();
    assertThat(file).hasContent("x");
  }

  private FileEntry entry(String source, String inImage, int size) throws Exception {
    Path file = tmp.resolve("input").resolve(source);
    Files.createDirectories(file.getParent());
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) (i * 31 + source.length());
    }
    Files.write(file, bytes);
    return new FileEntry(file, AbsoluteUnixPath.get(inImage), FilePermissions.DEFAULT_FILE_PERMISSIONS,
        FileEntriesLayer.DEFAULT_MODIFICATION_TIME);
  }

  private void containerize(Map<String, List<FileEntry>> layers, Path cache, List<String> messages)
      throws Exception {
    JibContainerBuilder builder = Jib.fromScratch();
    layers.forEach((name, layer) -> builder.addFileEntriesLayer(FileEntriesLayer.builder().setName(name)
        .setEntries(layer).build()));
    List<String> events = new CopyOnWriteArrayList<>();
    builder.containerize(Containerizer.to(TarImage.at(tmp.resolve("image-" + System.nanoTime() + ".tar"))
            .named("example/app:1"))
        .setApplicationLayersCache(cache)
        .setBaseImageLayersCache(tmp.resolve("base-cache"))
        .addEventHandler(LogEvent.class, e -> events.add(e.getMessage())));
    messages.addAll(events);
  }

  private static Set<String> layerDigests(Path cache) throws Exception {
    Path layers = cache.resolve("layers");
    if (!Files.isDirectory(layers)) {
      return Set.of();
    }
    try (Stream<Path> s = Files.list(layers)) {
      return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
    }
  }
}
