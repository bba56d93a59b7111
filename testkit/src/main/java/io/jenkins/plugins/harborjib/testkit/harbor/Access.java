package io.jenkins.plugins.harborjib.testkit.harbor;

import java.util.Objects;

/**
 * One thing an identity may do in a project, in Harbor's words: resource {@code repository}, action {@code push}. A robot
 * account's permissions are a list of these.
 */
public record Access(String resource, String action) {
  public static final Access PUSH = new Access("repository", "push");
  public static final Access PULL = new Access("repository", "pull");
  public static final Access READ_ARTIFACT = new Access("artifact", "read");
  public static final Access CREATE_TAG = new Access("tag", "create");
  public static final Access LIST_TAG = new Access("tag", "list");
  public static final Access CREATE_SCAN = new Access("scan", "create");
  public static final Access READ_SCAN = new Access("scan", "read");
  public static final Access CREATE_SBOM = new Access("sbom", "create");
  public static final Access READ_ADDITION = new Access("artifact-addition", "read");
  public static final Access ADD_LABEL = new Access("artifact-label", "create");
  public static final Access LIST_LABEL = new Access("label", "list");
  public static final Access READ_QUOTA = new Access("quota", "read");
  public static final Access READ_PROJECT = new Access("", "read");
  /** A system-level permission (a system robot's {@link HarborStandIn#SYSTEM} entry): creating projects. */
  public static final Access CREATE_PROJECT = new Access("project", "create");

  public Access {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(action, "action");
  }

  @Override
  public String toString() {
    return resource + ":" + action;
  }
}
