package io.jenkins.plugins.harborjib.testkit.harbor;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Harbor's project roles, with the permissions Harbor 2.15 gives each (from {@code src/common/rbac/project/rbac_role.go},
 * the resources this project's client touches).
 */
public enum Role {
  PROJECT_ADMIN(1, "projectAdmin"),
  DEVELOPER(2, "developer"),
  GUEST(3, "guest"),
  MAINTAINER(4, "maintainer"),
  LIMITED_GUEST(5, "limitedGuest");

  private final int id;
  private final String harborName;

  Role(int id, String harborName) {
    this.id = id;
    this.harborName = harborName;
  }

  /** Harbor's role id. */
  public int id() {
    return id;
  }

  public String harborName() {
    return harborName;
  }

  /** What the role may do in its project. */
  public Set<Access> permissions() {
    Set<Access> p = new LinkedHashSet<>();
    // Every role.
    add(p, "", "read");
    add(p, "quota", "read");
    add(p, "repository", "list", "read", "pull");
    add(p, "scan", "read");
    add(p, "sbom", "read");
    add(p, "scanner", "read");
    add(p, "tag", "list");
    add(p, "accessory", "list");
    add(p, "artifact", "read", "list");
    add(p, "artifact-addition", "read");
    add(p, "configuration", "read");
    if (this == LIMITED_GUEST) {
      return p;
    }
    add(p, "member", "read", "list");
    add(p, "label", "read", "list");
    add(p, "robot", "read", "list");
    if (this == GUEST) {
      return p;
    }
    // Developer and up.
    add(p, "repository", "create", "update", "push");
    add(p, "artifact", "create");
    add(p, "tag", "create");
    add(p, "artifact-label", "create", "delete");
    if (this == DEVELOPER) {
      return p;
    }
    // Maintainer and up.
    add(p, "repository", "delete");
    add(p, "artifact", "delete");
    add(p, "tag", "delete");
    add(p, "scan", "create", "stop");
    add(p, "sbom", "create", "stop");
    add(p, "label", "create", "update", "delete");
    if (this == MAINTAINER) {
      return p;
    }
    add(p, "", "update", "delete");
    add(p, "member", "create", "update", "delete");
    add(p, "metadata", "read", "create", "update", "delete");
    add(p, "robot", "create", "update", "delete");
    return p;
  }

  /** What anyone, signed in or not, may do in a public project (Harbor's {@code publicProjectPolicies}). */
  static Set<Access> publicProjectPermissions() {
    Set<Access> p = new LinkedHashSet<>();
    add(p, "", "read");
    add(p, "label", "read", "list");
    add(p, "repository", "list", "pull");
    add(p, "scan", "read");
    add(p, "scanner", "read");
    add(p, "tag", "list");
    add(p, "artifact", "read", "list");
    add(p, "artifact-addition", "read");
    add(p, "accessory", "list");
    return p;
  }

  /** Everything any role may do: a system administrator's permissions in every project. */
  static Set<Access> allProjectPermissions() {
    Set<Access> p = new LinkedHashSet<>();
    for (Role r : values()) {
      p.addAll(r.permissions());
    }
    return p;
  }

  private static void add(Set<Access> p, String resource, String... actions) {
    for (String a : List.of(actions)) {
      p.add(new Access(resource, a));
    }
  }
}
