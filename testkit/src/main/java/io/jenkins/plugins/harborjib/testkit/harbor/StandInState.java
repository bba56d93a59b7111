package io.jenkins.plugins.harborjib.testkit.harbor;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Everything the stand-in knows: users, robots, projects, members, labels, scans. Guarded by its own monitor. */
final class StandInState {
  static final String ROBOT_PREFIX = "robot$";

  final Map<String, User> users = new LinkedHashMap<>();
  final Map<String, Robot> robots = new LinkedHashMap<>();
  final Map<String, Project> projects = new LinkedHashMap<>();
  final List<Label> labels = new ArrayList<>();
  /** Artifact ids by {@code project/repository@digest}. */
  final Map<String, Long> artifactIds = new LinkedHashMap<>();
  final Map<String, Instant> pushTimes = new LinkedHashMap<>();
  final Map<String, Set<Long>> artifactLabels = new LinkedHashMap<>();
  final Map<String, Scan> scans = new LinkedHashMap<>();
  final Map<String, String> sboms = new LinkedHashMap<>();
  /** Scan scripts by {@code project/repository}; {@code *} for any. */
  final Map<String, ScanResult> scanScripts = new LinkedHashMap<>();

  boolean scannerInstalled = true;
  boolean readOnly;
  String projectCreationRestriction = "everyone";
  String externalUrl;
  long defaultStorageLimit = -1;
  long nextId = 1;

  record User(long id, String name, String password, boolean sysadmin, Instant created) {}

  /** A robot account; {@code permissions} by project name; a system robot with {@code system} may create projects. */
  record Robot(long id, String name, String secret, boolean system, Map<String, Set<Access>> permissions,
      boolean disabled) {}

  static final class Project {
    final long id;
    final String name;
    final String owner;
    final Instant created = Instant.now();
    final Map<String, String> metadata = new LinkedHashMap<>();
    final Map<String, Role> members = new LinkedHashMap<>();
    long storageLimit;
    long storageUsed;

    Project(long id, String name, String owner, long storageLimit) {
      this.id = id;
      this.name = name;
      this.owner = owner;
      this.storageLimit = storageLimit;
    }

    boolean isPublic() {
      return "true".equals(metadata.get("public"));
    }

    boolean autoScan() {
      return "true".equals(metadata.get("auto_scan"));
    }
  }

  record Label(long id, String name, String scope, long projectId, Instant created) {}

  /** A scan of one artifact: Pending, then Running for some reads, then its outcome. */
  static final class Scan {
    final String reportId = UUID.randomUUID().toString();
    final ScanResult script;
    final Instant started = Instant.now();
    int reads;
    Instant finished;

    Scan(ScanResult script) {
      this.script = script;
    }

    /** The status this read shows; advances the scan. */
    String advance() {
      reads++;
      return status();
    }

    String status() {
      if (reads <= 1) {
        return "Pending";
      }
      if (script.outcome() == ScanResult.Outcome.NEVER_FINISHES || reads <= 1 + script.runningPolls()) {
        return "Running";
      }
      if (finished == null) {
        finished = Instant.now();
      }
      return script.outcome() == ScanResult.Outcome.ERROR ? "Error" : "Success";
    }

    boolean running() {
      String s = status();
      return s.equals("Pending") || s.equals("Running");
    }

    int percent() {
      String s = status();
      if (s.equals("Pending")) {
        return 0;
      }
      if (s.equals("Running")) {
        return script.outcome() == ScanResult.Outcome.NEVER_FINISHES ? 50
            : Math.min(99, 100 * (reads - 1) / (script.runningPolls() + 1));
      }
      return 100;
    }
  }

  /** Who a request comes from. */
  record Identity(String name, Kind kind, boolean sysadmin, Optional<Robot> robot) {
    enum Kind { ANONYMOUS, USER, ROBOT }

    static final Identity ANONYMOUS = new Identity("anonymous", Kind.ANONYMOUS, false, Optional.empty());

    boolean authenticated() {
      return kind != Kind.ANONYMOUS;
    }
  }

  long newId() {
    return nextId++;
  }

  /** The identity of an {@code Authorization: Basic} header; anonymous when absent or wrong, as Harbor does. */
  Identity identify(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Identity.ANONYMOUS;
    }
    String pair;
    try {
      pair = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Identity.ANONYMOUS;
    }
    int colon = pair.indexOf(':');
    if (colon < 0) {
      return Identity.ANONYMOUS;
    }
    String name = pair.substring(0, colon);
    String secret = pair.substring(colon + 1);
    if (name.startsWith(ROBOT_PREFIX)) {
      Robot robot = robots.get(name);
      if (robot != null && !robot.disabled() && robot.secret().equals(secret)) {
        return new Identity(name, Identity.Kind.ROBOT, false, Optional.of(robot));
      }
      return Identity.ANONYMOUS;
    }
    User user = users.get(name);
    if (user != null && user.password().equals(secret)) {
      return new Identity(name, Identity.Kind.USER, user.sysadmin(), Optional.empty());
    }
    return Identity.ANONYMOUS;
  }

  /** What {@code who} may do in {@code project} (resources relative to the project). */
  Set<Access> permissions(Identity who, Project project) {
    Set<Access> p = new LinkedHashSet<>();
    if (project == null) {
      return p;
    }
    if (who.sysadmin()) {
      p.addAll(Role.allProjectPermissions());
    } else if (who.kind() == Identity.Kind.ROBOT) {
      p.addAll(who.robot().get().permissions().getOrDefault(project.name, Set.of()));
    } else if (who.kind() == Identity.Kind.USER) {
      Role role = project.members.get(who.name());
      if (role != null) {
        p.addAll(role.permissions());
      }
    }
    if (project.isPublic()) {
      p.addAll(Role.publicProjectPermissions());
    }
    return p;
  }

  boolean can(Identity who, Project project, String resource, String action) {
    return permissions(who, project).contains(new Access(resource, action));
  }

  Optional<Project> projectById(long id) {
    return projects.values().stream().filter(p -> p.id == id).findFirst();
  }

  /** Harbor's reading of a {@code project_name_or_id} path parameter. */
  Optional<Project> projectByNameOrId(String nameOrId, boolean isResourceName) {
    if (!isResourceName && nameOrId.matches("\\d+")) {
      return projectById(Long.parseLong(nameOrId));
    }
    return Optional.ofNullable(projects.get(nameOrId));
  }

  /** The scan script for an artifact of {@code project/repository}. */
  ScanResult scriptFor(String repositoryFullName) {
    ScanResult r = scanScripts.get(repositoryFullName);
    if (r == null) {
      r = scanScripts.get("*");
    }
    return r == null ? ScanResult.clean() : r;
  }

  long artifactId(String key) {
    return artifactIds.computeIfAbsent(key, k -> newId());
  }
}
