package io.jenkins.plugins.harborjib.engine.input;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named layers in a fixed order, filled in any order: files are sorted by their path in the image and empty layers
 * dropped, so the plan depends only on the inputs' content and names.
 */
final class LayerAssembly {
  static final String DEPENDENCIES = "dependencies";
  static final String SNAPSHOT_DEPENDENCIES = "snapshot-dependencies";
  static final String RESOURCES = "resources";
  static final String CLASSES = "classes";

  private final Map<String, List<LayerFile>> layers = new LinkedHashMap<>();
  private final Map<String, String> layerOfPath = new HashMap<>();

  LayerAssembly(List<String> order) {
    for (String name : order) {
      layers.putIfAbsent(name, new ArrayList<>());
    }
  }

  void add(String layer, Path source, String pathInImage, boolean executable) {
    List<LayerFile> files = layers.get(layer);
    if (files == null) {
      throw new IllegalArgumentException("no layer named " + layer);
    }
    String earlier = layerOfPath.putIfAbsent(pathInImage, layer);
    if (earlier != null) {
      throw new IllegalStateException(pathInImage + " planned twice, in " + earlier + " and " + layer);
    }
    files.add(new LayerFile(source, pathInImage, executable));
  }

  void add(String layer, SourceFile file, String pathInImage) {
    add(layer, file.source(), pathInImage, file.executable());
  }

  List<PlannedLayer> build() {
    List<PlannedLayer> result = new ArrayList<>();
    layers.forEach((name, files) -> {
      if (!files.isEmpty()) {
        List<LayerFile> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(LayerFile::pathInImage));
        result.add(new PlannedLayer(name, sorted));
      }
    });
    return result;
  }

  /** One line for a description: {@code dependencies 12, classes 3}. */
  static String summary(List<PlannedLayer> layers) {
    List<String> parts = new ArrayList<>();
    for (PlannedLayer layer : layers) {
      parts.add(layer.name() + " " + layer.files().size());
    }
    return parts.isEmpty() ? "no files" : String.join(", ", parts);
  }
}
