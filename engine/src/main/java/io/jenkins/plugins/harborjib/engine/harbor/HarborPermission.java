package io.jenkins.plugins.harborjib.engine.harbor;

import java.util.Objects;

/**
 * One thing an identity may do, as Harbor names it: resource {@code repository}, action {@code push}. Resources are
 * relative to the project when read with a project scope.
 */
public record HarborPermission(String resource, String action) {
  /** Pushing to the project's repositories. */
  public static final HarborPermission PUSH = new HarborPermission("repository", "push");
  /** Pulling from the project's repositories. */
  public static final HarborPermission PULL = new HarborPermission("repository", "pull");
  /** Starting a vulnerability scan. */
  public static final HarborPermission SCAN = new HarborPermission("scan", "create");
  /** Reading the storage quota. */
  public static final HarborPermission READ_QUOTA = new HarborPermission("quota", "read");
  /** Adding a tag to an artifact. */
  public static final HarborPermission CREATE_TAG = new HarborPermission("tag", "create");
  /** Attaching a label to an artifact. */
  public static final HarborPermission ADD_LABEL = new HarborPermission("artifact-label", "create");

  public HarborPermission {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(action, "action");
  }

  @Override
  public String toString() {
    return resource + ":" + action;
  }
}
