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
  /** Harbor's default robot name prefix ({@code robot_name_prefix}, {@code src/lib/config/metadata/metadatalist.go}). */
  static final String DEFAULT_ROBOT_PREFIX = "robot$";
  /** How long a failed user login locks the name ({@code frozenTime} in {@code src/core/auth/authenticator.go}). */
  static final java.time.Duration LOGIN_LOCK = java.time.Duration.ofMillis(1500);

  /** The namespace of a system robot's permissions that covers every project. */
  static final String ALL_PROJECTS = "*";
  /** The key of a system robot's system-level permissions (Harbor's {@code /system} scope), e.g. project:create. */
  static final String SYSTEM = "/system";

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
  /** Names start with this to be robot accounts; Harbor's {@code config.RobotPrefix}. */
  String robotPrefix = DEFAULT_ROBOT_PREFIX;
  /** {@code db_auth} or {@code oidc_auth}. */
  String authMode = "db_auth";
  /** Harbor 2.10: no SBOMs, the scan request's body is ignored. */
  boolean harbor210;
  /** User names locked after a failed login, until when. */
  final Map<String, Instant> lockedUntil = new LinkedHashMap<>();

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

  /**
   * The identity of an {@code Authorization: Basic} header on a request to {@code method path}; anonymous when absent
   * or wrong, as Harbor does. The order is Harbor's security generators ({@code src/server/middleware/security/
   * security.go}): the OIDC CLI secret ({@code oidc_cli.go}, only on the registry, the token service and a few API
   * paths), a robot account ({@code robot.go}, names with the configured prefix), then a database login ({@code
   * basic_auth.go} via {@code src/core/auth/authenticator.go}: a failed login locks the name for 1.5 s, during which
   * even the right password signs nobody in; in OIDC mode only the administrator signs in this way). Anything else
   * is anonymous ({@code unauthorized.go}).
   */
  Identity identify(String authorization, String method, String path) {
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
    User user = users.get(name);
    boolean oidc = authMode.equals("oidc_auth");
    if (oidc && !name.startsWith(robotPrefix) && user != null && !user.sysadmin() && oidcCliPath(method, path)
        && user.password().equals(secret)) {
      return new Identity(name, Identity.Kind.USER, false, Optional.empty());
    }
    if (name.startsWith(robotPrefix)) {
      Robot robot = robots.get(name);
      if (robot != null && !robot.disabled() && robot.secret().equals(secret)) {
        return new Identity(name, Identity.Kind.ROBOT, false, Optional.of(robot));
      }
    }
    // basic_auth.go -> auth.Login: the administrator always signs in against the database.
    if (oidc && (user == null || !user.sysadmin())) {
      return Identity.ANONYMOUS; // the OIDC authenticator supports no password login (ErrNotSupported: no lock)
    }
    Instant now = Instant.now();
    Instant locked = lockedUntil.get(name);
    if (locked != null && now.isBefore(locked)) {
      return Identity.ANONYMOUS;
    }
    if (user != null && user.password().equals(secret)) {
      return new Identity(name, Identity.Kind.USER, user.sysadmin(), Optional.empty());
    }
    lockedUntil.put(name, now.plus(LOGIN_LOCK));
    return Identity.ANONYMOUS;
  }

  /** The paths on which an OIDC user's CLI secret counts ({@code oidcCli.valid} in {@code oidc_cli.go}). */
  static boolean oidcCliPath(String method, String rawPath) {
    String path = rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
    if (path.equals("/service/token") || path.startsWith("/v2")) {
      return true;
    }
    String api = "/api/v2.0";
    if (method.equals("POST") && path.equals(api + "/projects")) {
      return true;
    }
    if (method.equals("GET") && (path.equals(api + "/projects") || path.equals(api + "/systeminfo")
        || path.equals("/api/version") || path.equals(api + "/labels")
        || path.matches(java.util.regex.Pattern.quote(api) + "/projects/.*/repositories")
        || path.matches(java.util.regex.Pattern.quote(api) + "/projects/.*/repositories/.*/artifacts"))) {
      return true;
    }
    return method.equals("DELETE")
        && path.matches(java.util.regex.Pattern.quote(api) + "/projects/.*/repositories/.*/artifacts/.*/tags/.*");
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
      // src/common/security/robot/context.go: exactly the listed policies; a system robot's "*" namespace covers
      // every project (Permission.IsCoverAll, src/pkg/robot/model); a project robot's push brings pull
      // (filterRobotPolicies), a system robot's does not.
      Robot robot = who.robot().get();
      p.addAll(robot.permissions().getOrDefault(project.name, Set.of()));
      p.addAll(robot.permissions().getOrDefault(ALL_PROJECTS, Set.of()));
      if (!robot.system() && p.contains(Access.PUSH)) {
        p.add(Access.PULL);
      }
    } else if (who.kind() == Identity.Kind.USER) {
      Role role = project.members.get(who.name());
      if (role != null) {
        p.addAll(role.permissions());
      }
    }
    if (project.isPublic()) {
      // src/common/rbac/project/rbac_user.go GetPolicies: a public project adds its read policies for anyone.
      p.addAll(Role.publicProjectPermissions());
    }
    return p;
  }

  /**
   * Whether {@code who} sees {@code project} in {@code GET /projects} ({@code ListProjects} in {@code
   * src/server/v2.0/handler/project.go}): an administrator all; a user public projects and those it is a member of; a
   * robot public projects and those its permissions name (all of them for a system robot covering all projects),
   * whatever the actions; anonymous public ones.
   */
  boolean lists(Identity who, Project project) {
    if (project.isPublic() || who.sysadmin()) {
      return true;
    }
    return switch (who.kind()) {
      case USER -> project.members.containsKey(who.name());
      case ROBOT -> who.robot().get().permissions().containsKey(ALL_PROJECTS)
          || who.robot().get().permissions().getOrDefault(SYSTEM, Set.of()).contains(new Access("project", "list"))
          || who.robot().get().permissions().containsKey(project.name);
      case ANONYMOUS -> false;
    };
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
