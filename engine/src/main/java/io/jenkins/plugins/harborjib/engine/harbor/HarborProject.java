package io.jenkins.plugins.harborjib.engine.harbor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A Harbor project.
 *
 * @param id Harbor's project id (used in the web UI's links)
 * @param name the project name, the first path component of its repositories
 * @param isPublic whether anyone may pull from it
 * @param autoScan whether Harbor scans every pushed artifact by itself
 * @param metadata all of the project's metadata as Harbor returns it (values are strings)
 */
public record HarborProject(long id, String name, boolean isPublic, boolean autoScan, Map<String, String> metadata) {
  public HarborProject {
    Objects.requireNonNull(name, "name");
    metadata = Map.copyOf(metadata);
  }

  static HarborProject from(HarborJson.Project json) {
    Map<String, String> metadata = new LinkedHashMap<>();
    if (json.metadata() != null) {
      json.metadata().forEach((k, v) -> {
        if (v != null) {
          metadata.put(k, String.valueOf(v));
        }
      });
    }
    return new HarborProject(
        json.projectId() == null ? 0 : json.projectId(),
        json.name() == null ? "" : json.name(),
        "true".equalsIgnoreCase(metadata.get("public")),
        "true".equalsIgnoreCase(metadata.get("auto_scan")),
        metadata);
  }
}
