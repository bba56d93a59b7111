package io.jenkins.plugins.harborjib.engine.harbor;

import java.util.Objects;

/**
 * A Harbor label.
 *
 * @param id Harbor's label id
 * @param name the label's name
 * @param scope {@code g} for a global label, {@code p} for a project label
 * @param projectId the project of a project label; 0 for a global one
 */
public record HarborLabel(long id, String name, String scope, long projectId) {
  public HarborLabel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(scope, "scope");
  }

  /** Whether this is a global label (scope {@code g}). */
  public boolean global() {
    return "g".equals(scope);
  }

  static HarborLabel from(HarborJson.Label json) {
    return new HarborLabel(
        json.id() == null ? 0 : json.id(), json.name() == null ? "" : json.name(),
        json.scope() == null ? "" : json.scope(), json.projectId() == null ? 0 : json.projectId());
  }
}
