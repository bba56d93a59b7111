package io.jenkins.plugins.harborjib.engine.input;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Named layers in a fixed order, filled in any order: files are sorted by their path in the image and empty layers
 * dropped, so the plan depends only on the inputs' content and names. The {@code dependencies} layer is split into
 * {@link DependencyBuckets} when more than one dependency layer is asked for.
 */
final class LayerAssembly {
  static final String DEPENDENCIES = "dependencies";
  static final String SNAPSHOT_DEPENDENCIES = "snapshot-dependencies";
  static final String RESOURCES = "resources";
  static final String CLASSES = "classes";

  private final Map<String, List<LayerFile>> layers = new LinkedHashMap<>();
  private final Map<String, String> layerOfPath = new HashMap<>();
  private final Set<String> directories = new HashSet<>();

  LayerAssembly(List<String> order) {
    for (String name : order) {
      layers.putIfAbsent(name, new ArrayList<>());
    }
  }

  void add(String layer, Path source, String pathInImage, boolean executable) {
    List<LayerFile> files = filesOf(layer);
    String earlier = layerOfPath.putIfAbsent(pathInImage, layer);
    if (earlier != null) {
      throw new IllegalStateException(pathInImage + " planned twice, in " + earlier + " and " + layer);
    }
    files.add(new LayerFile(source, pathInImage, executable));
  }

  void add(String layer, SourceFile file, String pathInImage) {
    add(layer, file.source(), pathInImage, file.executable());
  }

  /**
   * A folder entry (mode 755), as jib-core's JavaContainerBuilder writes one for every folder below the root of
   * the classes or resources it is given, empty ones included. One folder may be in several layers.
   */
  void addDirectory(String layer, SourceFile folder, String pathInImage) {
    List<LayerFile> files = filesOf(layer);
    if (directories.add(layer + "\0" + pathInImage)) {
      files.add(new LayerFile(folder.source(), pathInImage, true));
    }
  }

  private List<LayerFile> filesOf(String layer) {
    List<LayerFile> files = layers.get(layer);
    if (files == null) {
      throw new IllegalArgumentException("no layer named " + layer);
    }
    return files;
  }

  /**
   * The non-empty layers in order, with {@code dependencies} split into up to {@code dependencyLayers} layers
   * {@code dependencies-1} ... in its place (kept whole for 1).
   */
  List<PlannedLayer> build(int dependencyLayers) {
    List<PlannedLayer> result = new ArrayList<>();
    layers.forEach((name, files) -> {
      if (name.equals(DEPENDENCIES) && dependencyLayers > 1) {
        List<List<LayerFile>> buckets = new ArrayList<>();
        for (int i = 0; i < dependencyLayers; i++) {
          buckets.add(new ArrayList<>());
        }
        for (LayerFile f : files) {
          buckets.get(DependencyBuckets.bucket(f.source(), dependencyLayers)).add(f);
        }
        for (int i = 0; i < dependencyLayers; i++) {
          addSorted(result, DependencyBuckets.layerName(i), buckets.get(i));
        }
      } else {
        addSorted(result, name, files);
      }
    });
    return result;
  }

  private static void addSorted(List<PlannedLayer> result, String name, List<LayerFile> files) {
    if (!files.isEmpty()) {
      List<LayerFile> sorted = new ArrayList<>(files);
      sorted.sort(Comparator.comparing(LayerFile::pathInImage));
      result.add(new PlannedLayer(name, sorted));
    }
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
