package io.jenkins.plugins.harborjib.engine.input;

import java.util.List;
import java.util.Objects;

/**
 * A named application layer: {@code dependencies}, {@code snapshot-dependencies}, {@code resources},
 * {@code classes}, or a name from a Spring Boot {@code layers.idx}.
 */
public record PlannedLayer(String name, List<LayerFile> files) {
  public PlannedLayer {
    Objects.requireNonNull(name, "name");
    files = List.copyOf(files);
  }
}
