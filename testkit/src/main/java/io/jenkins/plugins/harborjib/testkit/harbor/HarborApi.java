package io.jenkins.plugins.harborjib.testkit.harbor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.harborjib.testkit.harbor.StandInState.Identity;
import io.jenkins.plugins.harborjib.testkit.harbor.StandInState.Project;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The stand-in's {@code /api/v2.0}: the endpoints harbor-jib calls, answering as Harbor 2.15 does (checked against its
 * handlers in goharbor/harbor: status codes, permission checks, error bodies, which fields appear when).
 */
final class HarborApi {
  static final String VERSION = "v2.15.2-standin";
  static final String VERSION_210 = "v2.10.3-standin";
  static final String NATIVE_REPORT = "application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0";
  static final String GENERIC_REPORT = "application/vnd.security.vulnerability.report; version=1.1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROJECT_NAME = "^[a-z0-9]+(?:[._-][a-z0-9]+)*$";

  private final StandInState state;
  private final RegistryReader registry;
  private final Supplier<String> publicUrl;

  HarborApi(StandInState state, RegistryReader registry, Supplier<String> publicUrl) {
    this.state = state;
    this.registry = registry;
    this.publicUrl = publicUrl;
  }

  /** An answer. */
  record Reply(int status, Map<String, List<String>> headers, byte[] body) {
    static Reply json(int status, Object value) {
      try {
        return new Reply(status, new LinkedHashMap<>(Map.of("Content-Type", List.of("application/json"))),
            JSON.writeValueAsBytes(value));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    static Reply empty(int status) {
      return new Reply(status, new LinkedHashMap<>(), new byte[0]);
    }

    static Reply error(int status, String code, String message) {
      ObjectNode e = JSON.createObjectNode();
      e.putArray("errors").addObject().put("code", code).put("message", message);
      return json(status, e);
    }

    Reply header(String name, String value) {
      headers.put(name, List.of(value));
      return this;
    }
  }

  /** Thrown by a handler to answer with a Harbor error. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Reply reply;

    Failure(int status, String code, String message) {
      super(message, null, false, false);
      this.reply = Reply.error(status, code, message);
    }
  }

  /** The request as a handler sees it. */
  record Call(String method, List<String> segments, Map<String, List<String>> query,
      Map<String, List<String>> headers, byte[] body, Identity who) {
    Optional<String> param(String name) {
      List<String> v = query.get(name);
      return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    Optional<String> header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return Optional.of(e.getValue().get(0));
        }
      }
      return Optional.empty();
    }

    boolean flag(String name) {
      return param(name).map(Boolean::parseBoolean).orElse(false);
    }
  }

  Reply handle(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body,
      Identity who) {
    // Go's router matches on the decoded path; a repository name therefore arrives encoded once more (a%2Fb).
    String path = URI.create(rawPath).getPath().substring("/api/v2.0".length());
    List<String> segments = new ArrayList<>(Arrays.asList(path.split("/", -1)));
    segments.remove(0);
    if (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
      segments.remove(segments.size() - 1);
    }
    Call call = new Call(method, segments, parseQuery(rawQuery), headers, body, who);
    try {
      synchronized (state) {
        return route(call);
      }
    } catch (Failure f) {
      return f.reply;
    }
  }

  private Reply route(Call c) {
    List<String> s = c.segments();
    String m = c.method();
    int n = s.size();
    if (n == 1 && s.get(0).equals("ping") && m.equals("GET")) {
      return new Reply(200, new LinkedHashMap<>(Map.of("Content-Type", List.of("text/plain"))),
          "Pong".getBytes(StandardCharsets.UTF_8));
    }
    if (n == 1 && s.get(0).equals("systeminfo") && m.equals("GET")) {
      return systemInfo(c);
    }
    if (n == 2 && s.get(0).equals("users") && s.get(1).equals("current") && m.equals("GET")) {
      return currentUser(c);
    }
    if (n == 3 && s.get(0).equals("users") && s.get(1).equals("current") && s.get(2).equals("permissions")
        && m.equals("GET")) {
      return permissions(c);
    }
    if (n == 1 && s.get(0).equals("projects")) {
      switch (m) {
        case "HEAD":
          return headProject(c);
        case "GET":
          return listProjects(c);
        case "POST":
          return createProject(c);
        default:
          break;
      }
    }
    if (n == 2 && s.get(0).equals("projects") && m.equals("GET")) {
      return getProject(c, s.get(1));
    }
    if (n == 3 && s.get(0).equals("projects") && s.get(2).equals("summary") && m.equals("GET")) {
      return projectSummary(c, s.get(1));
    }
    if (n == 1 && s.get(0).equals("labels") && m.equals("GET")) {
      return listLabels(c);
    }
    if (n >= 6 && s.get(0).equals("projects") && s.get(2).equals("repositories") && s.get(4).equals("artifacts")) {
      String project = s.get(1);
      String repository = URLDecoder.decode(s.get(3), StandardCharsets.UTF_8);
      String reference = s.get(5);
      List<String> rest = s.subList(6, n);
      if (rest.isEmpty() && m.equals("GET")) {
        return getArtifact(c, project, repository, reference);
      }
      if (rest.equals(List.of("tags")) && m.equals("POST")) {
        return createTag(c, project, repository, reference);
      }
      if (rest.equals(List.of("scan")) && m.equals("POST")) {
        return scan(c, project, repository, reference);
      }
      if (rest.equals(List.of("additions", "vulnerabilities")) && m.equals("GET")) {
        return vulnerabilities(c, project, repository, reference);
      }
      if (rest.equals(List.of("labels")) && m.equals("POST")) {
        return addLabel(c, project, repository, reference);
      }
    }
    return Reply.error(404, "NOT_FOUND", "the Harbor stand-in does not serve " + m + " /api/v2.0/"
        + String.join("/", s));
  }

  // ---- system -------------------------------------------------------------------------------------------------

  private Reply systemInfo(Call c) {
    ObjectNode o = JSON.createObjectNode();
    o.put("auth_mode", state.authMode);
    o.put("primary_auth_mode", false);
    o.put("self_registration", false);
    o.put("banner_message", "");
    o.put("oidc_provider_name", "");
    if (c.who().authenticated()) {
      String external = external();
      o.put("has_ca_root", false);
      o.put("project_creation_restriction", state.projectCreationRestriction);
      o.put("harbor_version", state.harbor210 ? VERSION_210 : VERSION);
      o.put("external_url", external);
      o.put("registry_url", external.replaceFirst("^[a-z]+://", ""));
      o.put("read_only", state.readOnly);
      o.put("registry_storage_provider_name", "filesystem");
      o.put("notification_enable", false);
      o.put("current_time", time(Instant.now()));
    }
    return Reply.json(200, o);
  }

  private Reply currentUser(Call c) {
    requireAuthenticated(c);
    if (c.who().kind() != Identity.Kind.USER) {
      throw new Failure(412, "PRECONDITION", "get current user not available for security context: robot");
    }
    StandInState.User u = state.users.get(c.who().name());
    ObjectNode o = JSON.createObjectNode();
    o.put("user_id", u.id());
    o.put("username", u.name());
    o.put("email", u.name() + "@example.com");
    o.put("realname", u.name());
    o.put("comment", "");
    o.put("sysadmin_flag", u.sysadmin());
    o.put("admin_role_in_auth", false);
    o.put("creation_time", time(u.created()));
    o.put("update_time", time(u.created()));
    return Reply.json(200, o);
  }

  private Reply permissions(Call c) {
    requireAuthenticated(c);
    ArrayNode out = JSON.createArrayNode();
    String scope = c.param("scope").orElse("");
    boolean relative = c.flag("relative");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^/project/(\\d+)$").matcher(scope);
    if (m.matches()) {
      Optional<Project> p = state.projectById(Long.parseLong(m.group(1)));
      if (p.isPresent()) {
        for (Access a : state.permissions(c.who(), p.get())) {
          // Resource.RelativeTo (src/pkg/permission/types/resource.go): the project itself is "." when relative.
          String resource = relative ? (a.resource().isEmpty() ? "." : a.resource())
              : scope + (a.resource().isEmpty() ? "" : "/" + a.resource());
          out.addObject().put("resource", resource).put("action", a.action());
        }
      }
    }
    return Reply.json(200, out);
  }

  // ---- projects -----------------------------------------------------------------------------------------------

  private Reply headProject(Call c) {
    requireAuthenticated(c);
    String name = c.param("project_name").orElseThrow(() ->
        new Failure(400, "BAD_REQUEST", "project_name is required"));
    return state.projects.containsKey(name) ? Reply.empty(200)
        : Reply.error(404, "NOT_FOUND", "project " + name + " not found");
  }

  private Reply listProjects(Call c) {
    long page = c.param("page").map(Long::parseLong).orElse(1L);
    long size = c.param("page_size").map(Long::parseLong).orElse(10L);
    Optional<String> name = c.param("name");
    List<Project> visible = new ArrayList<>();
    for (Project p : state.projects.values()) {
      if (state.lists(c.who(), p) && (name.isEmpty() || p.name.contains(name.get()))) {
        visible.add(p);
      }
    }
    visible.sort(Comparator.comparing(p -> p.name));
    ArrayNode out = JSON.createArrayNode();
    visible.stream().skip((page - 1) * size).limit(size).forEach(p -> out.add(project(p, c.who())));
    Reply r = Reply.json(200, out).header("X-Total-Count", Long.toString(visible.size()));
    List<String> links = new ArrayList<>();
    if (page > 1) {
      links.add("</api/v2.0/projects?page=" + (page - 1) + "&page_size=" + size + ">; rel=\"prev\"");
    }
    if (page * size < visible.size()) {
      links.add("</api/v2.0/projects?page=" + (page + 1) + "&page_size=" + size + ">; rel=\"next\"");
    }
    if (!links.isEmpty()) {
      r.header("Link", String.join(" , ", links));
    }
    return r;
  }

  private Reply createProject(Call c) {
    requireAuthenticated(c);
    Identity who = c.who();
    if (who.kind() == Identity.Kind.ROBOT && !who.robot().get().system()) {
      throw new Failure(403, "FORBIDDEN", "Only system level robot can create project");
    }
    // CreateProject (handler/project.go): a robot must be a system robot; where only administrators may create
    // projects, isSysAdmin(ActionCreate) asks for the system-level project:create permission (RequireSystemAccess).
    if (state.projectCreationRestriction.equals("adminonly") && !who.sysadmin()
        && !(who.kind() == Identity.Kind.ROBOT && who.robot().get().permissions()
            .getOrDefault(StandInState.SYSTEM, Set.of()).contains(Access.CREATE_PROJECT))) {
      throw new Failure(403, "FORBIDDEN", "Only system admin can create project");
    }
    JsonNode req = body(c);
    String name = req.path("project_name").asText("");
    if (!name.matches(PROJECT_NAME) || name.length() > 255) {
      throw new Failure(400, "BAD_REQUEST", "project name is not in lower case or contains illegal characters");
    }
    if (state.projects.containsKey(name)) {
      throw new Failure(409, "CONFLICT", "The project named " + name + " already exists");
    }
    long limit = req.has("storage_limit") && who.sysadmin() ? req.get("storage_limit").asLong()
        : state.defaultStorageLimit;
    Project p = new Project(state.newId(), name, who.name(), limit);
    JsonNode meta = req.path("metadata");
    p.metadata.put("public", meta.has("public") ? meta.get("public").asText()
        : req.path("public").asBoolean(false) ? "true" : "false");
    meta.fields().forEachRemaining(e -> {
      if (!e.getKey().equals("public")) {
        p.metadata.put(e.getKey(), e.getValue().asText());
      }
    });
    if (who.kind() == Identity.Kind.USER) {
      p.members.put(who.name(), Role.PROJECT_ADMIN);
    }
    state.projects.put(name, p);
    boolean byName = c.header("X-Resource-Name-In-Location").map(Boolean::parseBoolean).orElse(false);
    return Reply.empty(201).header("Location", "/api/v2.0/projects/" + (byName ? name : Long.toString(p.id)));
  }

  private Reply getProject(Call c, String nameOrId) {
    Project p = projectWithAccess(c, nameOrId, "", "read");
    return Reply.json(200, project(p, c.who()));
  }

  private Reply projectSummary(Call c, String nameOrId) {
    Project p = projectWithAccess(c, nameOrId, "", "read");
    ObjectNode o = JSON.createObjectNode();
    o.put("repo_count", repositories(p).size());
    if (state.can(c.who(), p, "quota", "read")) {
      ObjectNode q = o.putObject("quota");
      q.putObject("hard").put("storage", p.storageLimit);
      q.putObject("used").put("storage", p.storageUsed);
    }
    if (state.can(c.who(), p, "member", "list")) {
      for (Role r : Role.values()) {
        long count = p.members.values().stream().filter(x -> x == r).count();
        String field = switch (r) {
          case PROJECT_ADMIN -> "project_admin_count";
          case MAINTAINER -> "maintainer_count";
          case DEVELOPER -> "developer_count";
          case GUEST -> "guest_count";
          case LIMITED_GUEST -> "limited_guest_count";
        };
        o.put(field, count);
      }
    }
    return Reply.json(200, o);
  }

  private ObjectNode project(Project p, Identity who) {
    ObjectNode o = JSON.createObjectNode();
    o.put("project_id", p.id);
    o.put("owner_id", Optional.ofNullable(state.users.get(p.owner)).map(StandInState.User::id).orElse(1L));
    o.put("name", p.name);
    o.put("registry_id", 0);
    o.put("creation_time", time(p.created));
    o.put("update_time", time(p.created));
    o.put("deleted", false);
    o.put("owner_name", p.owner);
    o.put("togglable", true);
    Role role = who.kind() == Identity.Kind.USER ? p.members.get(who.name()) : null;
    o.put("current_user_role_id", role == null ? 0 : role.id());
    ArrayNode roles = o.putArray("current_user_role_ids");
    if (role != null) {
      roles.add(role.id());
    }
    o.put("repo_count", repositories(p).size());
    ObjectNode meta = o.putObject("metadata");
    p.metadata.forEach(meta::put);
    ObjectNode allow = o.putObject("cve_allowlist");
    allow.put("id", 0);
    allow.put("project_id", p.id);
    allow.putArray("items");
    allow.put("creation_time", time(p.created));
    allow.put("update_time", time(p.created));
    return o;
  }

  /** Harbor's RequireProjectAccess: a missing project is "no permission" (401/403), except to an admin (404). */
  private Project projectWithAccess(Call c, String nameOrId, String resource, String action) {
    boolean isName = c.header("X-Is-Resource-Name").map(Boolean::parseBoolean).orElse(false);
    Optional<Project> p = state.projectByNameOrId(nameOrId, isName);
    if (p.isPresent() && state.can(c.who(), p.get(), resource, action)) {
      return p.get();
    }
    if (p.isEmpty() && c.who().sysadmin()) {
      throw new Failure(404, "NOT_FOUND", "project " + nameOrId + " not found");
    }
    requireAuthenticated(c);
    throw new Failure(403, "FORBIDDEN", "forbidden");
  }

  private List<String> repositories(Project p) {
    Set<String> repos = new LinkedHashSet<>();
    for (String key : state.pushTimes.keySet()) {
      if (key.startsWith(p.name + "/")) {
        repos.add(key.substring(0, key.indexOf('@')));
      }
    }
    return new ArrayList<>(repos);
  }

  // ---- artifacts ----------------------------------------------------------------------------------------------

  private record Found(Project project, String repository, RegistryReader.Manifest manifest) {
    String key() {
      return project.name + "/" + repository + "@" + manifest.digest();
    }

    String fullName() {
      return project.name + "/" + repository;
    }
  }

  private Found artifact(Call c, String projectName, String repository, String reference, String resource,
      String action) {
    Project p = projectWithAccess(c, projectName, resource, action);
    Optional<RegistryReader.Manifest> m = registry.manifest(p.name + "/" + repository, reference);
    if (m.isEmpty()) {
      throw new Failure(404, "NOT_FOUND", "artifact " + p.name + "/" + repository + "@" + reference
          + " not found");
    }
    return new Found(p, repository, m.get());
  }

  private Reply getArtifact(Call c, String projectName, String repository, String reference) {
    Found f = artifact(c, projectName, repository, reference, "artifact", "read");
    String key = f.key();
    long id = state.artifactId(key);
    Instant pushed = state.pushTimes.computeIfAbsent(key, k -> Instant.now());
    ObjectNode o = JSON.createObjectNode();
    o.put("id", id);
    o.put("type", "IMAGE");
    o.put("media_type", f.manifest().configMediaType());
    o.put("manifest_media_type", f.manifest().mediaType());
    o.put("project_id", f.project().id);
    o.put("repository_id", state.artifactId(f.fullName()));
    o.put("repository_name", f.fullName());
    o.put("digest", f.manifest().digest());
    o.put("size", f.manifest().size());
    o.put("icon", "");
    o.put("push_time", time(pushed));
    o.put("pull_time", "0001-01-01T00:00:00.000Z");
    o.putObject("extra_attrs");
    if (c.param("with_tag").map(Boolean::parseBoolean).orElse(true)) {
      ArrayNode tags = o.putArray("tags");
      for (String tag : registry.tags(f.fullName())) {
        if (registry.digestOf(f.fullName(), tag).filter(d -> d.equals(f.manifest().digest())).isPresent()) {
          ObjectNode t = tags.addObject();
          t.put("id", state.artifactId(key + ":" + tag));
          t.put("repository_id", state.artifactId(f.fullName()));
          t.put("artifact_id", id);
          t.put("name", tag);
          t.put("push_time", time(pushed));
          t.put("pull_time", "0001-01-01T00:00:00.000Z");
          t.put("immutable", false);
        }
      }
    }
    ObjectNode links = o.putObject("addition_links");
    String base = "/api/v2.0/projects/" + f.project().name + "/repositories/" + enc(enc(f.repository()))
        + "/artifacts/" + f.manifest().digest() + "/additions/";
    links.putObject("build_history").put("href", base + "build_history").put("absolute", false);
    links.putObject("vulnerabilities").put("href", base + "vulnerabilities").put("absolute", false);
    if (c.flag("with_label")) {
      ArrayNode labels = o.putArray("labels");
      for (long labelId : state.artifactLabels.getOrDefault(key, Set.of())) {
        state.labels.stream().filter(l -> l.id() == labelId).findFirst().ifPresent(l -> labels.add(label(l)));
      }
    }
    if (c.flag("with_scan_overview")) {
      StandInState.Scan scan = state.scans.get(key);
      if (scan != null) {
        String status = scan.advance();
        ObjectNode summary = JSON.createObjectNode();
        summary.put("report_id", scan.reportId);
        summary.put("scan_status", status);
        summary.put("complete_percent", scan.percent());
        summary.put("start_time", time(scan.started));
        summary.putObject("scanner").put("name", "Trivy").put("vendor", "Aqua Security").put("version", "v0.50.1");
        if (status.equals("Success")) {
          List<Vuln> vulns = scan.script.vulnerabilities();
          summary.put("end_time", time(scan.finished));
          summary.put("duration", 1);
          summary.put("severity", overall(vulns));
          ObjectNode counts = JSON.createObjectNode();
          for (Vuln v : vulns) {
            counts.put(v.severity(), counts.path(v.severity()).asInt(0) + 1);
          }
          ObjectNode vs = summary.putObject("summary");
          vs.put("total", vulns.size());
          vs.put("fixable", vulns.stream().filter(v -> v.fixVersion().isPresent()).count());
          vs.set("summary", counts);
        }
        o.putObject("scan_overview").set(reportType(c), summary);
      }
    }
    if (c.flag("with_sbom_overview") && !state.harbor210) {
      String sbom = state.sboms.get(key);
      if (sbom != null) {
        ObjectNode s = o.putObject("sbom_overview");
        s.put("scan_status", "Success");
        s.put("sbom_digest", sbom);
        s.put("report_id", state.artifactId(key + "#sbom") + "");
        s.put("duration", 1);
      }
    }
    return Reply.json(200, o);
  }

  private Reply createTag(Call c, String projectName, String repository, String reference) {
    Found f = artifact(c, projectName, repository, reference, "tag", "create");
    String tag = body(c).path("name").asText("");
    if (tag.isEmpty()) {
      throw new Failure(400, "BAD_REQUEST", "tag name is required");
    }
    if (registry.tags(f.fullName()).contains(tag)) {
      throw new Failure(409, "CONFLICT", "tag " + tag + " already exists in " + f.fullName());
    }
    registry.putManifest(f.fullName(), tag, f.manifest());
    return Reply.empty(201).header("Location", "/api/v2.0/projects/" + f.project().name + "/repositories/"
        + enc(enc(f.repository())) + "/artifacts/" + f.manifest().digest() + "/tags/" + tag);
  }

  private Reply scan(Call c, String projectName, String repository, String reference) {
    JsonNode req = c.body().length == 0 ? JSON.createObjectNode() : body(c);
    // Harbor 2.10's ScanArtifact (src/server/v2.0/handler/scan.go at v2.10.3) reads no body: always a
    // vulnerability scan. 2.11 added scan_type.
    boolean sbom = !state.harbor210 && req.path("scan_type").asText("vulnerability").equals("sbom");
    Found f = artifact(c, projectName, repository, reference, sbom ? "sbom" : "scan", "create");
    if (!state.scannerInstalled) {
      throw new Failure(412, "PRECONDITION", "no available scanner for project: " + f.project().id);
    }
    if (sbom) {
      state.sboms.put(f.key(), "sha256:" + "5b".repeat(32));
      return Reply.empty(202);
    }
    StandInState.Scan running = state.scans.get(f.key());
    if (running != null && running.running()) {
      throw new Failure(409, "CONFLICT", "a previous scan process is running");
    }
    startScan(f.key(), f.fullName());
    return Reply.empty(202);
  }

  /** Starts the scripted scan of an artifact (also on push, for a project with auto-scan). */
  void startScan(String key, String fullName) {
    state.scans.put(key, new StandInState.Scan(state.scriptFor(fullName)));
  }

  private Reply vulnerabilities(Call c, String projectName, String repository, String reference) {
    Found f = artifact(c, projectName, repository, reference, "artifact-addition", "read");
    ObjectNode out = JSON.createObjectNode();
    StandInState.Scan scan = state.scans.get(f.key());
    if (scan != null && scan.status().equals("Success")) {
      ObjectNode report = out.putObject(reportType(c));
      report.put("generated_at", time(scan.finished));
      report.putObject("scanner").put("name", "Trivy").put("vendor", "Aqua Security").put("version", "v0.50.1");
      report.put("severity", overall(scan.script.vulnerabilities()));
      ArrayNode items = report.putArray("vulnerabilities");
      for (Vuln v : scan.script.vulnerabilities()) {
        ObjectNode i = items.addObject();
        i.put("id", v.id());
        i.put("package", v.packageName());
        i.put("version", v.version());
        i.put("fix_version", v.fixVersion().orElse(""));
        i.put("severity", v.severity());
        i.put("status", "");
        i.put("description", "A vulnerability in " + v.packageName() + ".");
        i.putArray("links").add("https://avd.aquasec.com/nvd/" + v.id().toLowerCase(Locale.ROOT));
        i.putArray("artifact_digests").add(f.manifest().digest());
        i.putObject("preferred_cvss");
        i.putArray("cwe_ids");
        i.putObject("vendor_attributes");
      }
    }
    return Reply.json(200, out);
  }

  private Reply addLabel(Call c, String projectName, String repository, String reference) {
    Project p = state.projects.get(projectName);
    if (p == null) {
      throw new Failure(404, "NOT_FOUND", "project " + projectName + " not found");
    }
    Found f = artifact(c, projectName, repository, reference, "artifact-label", "create");
    long id = body(c).path("id").asLong(0);
    Optional<StandInState.Label> label = state.labels.stream().filter(l -> l.id() == id).findFirst();
    if (label.isEmpty()) {
      throw new Failure(404, "NOT_FOUND", "label " + id + " not found");
    }
    if (label.get().scope().equals("p") && label.get().projectId() != p.id) {
      throw new Failure(400, "BAD_REQUEST", "label " + id + " is not in project " + p.id);
    }
    Set<Long> attached = state.artifactLabels.computeIfAbsent(f.key(), k -> new LinkedHashSet<>());
    if (!attached.add(id)) {
      throw new Failure(409, "CONFLICT", "label " + id + " is already added to the artifact");
    }
    return Reply.empty(200);
  }

  // ---- labels -------------------------------------------------------------------------------------------------

  private Reply listLabels(Call c) {
    String scope = c.param("scope").orElse("");
    if (!scope.equals("g") && !scope.equals("p")) {
      throw new Failure(400, "BAD_REQUEST", "invalid scope: " + scope);
    }
    long projectId = c.param("project_id").map(Long::parseLong).orElse(0L);
    if (scope.equals("p")) {
      if (projectId == 0) {
        throw new Failure(400, "BAD_REQUEST", "must with project ID when to query project labels");
      }
      projectWithAccess(c, Long.toString(projectId), "label", "list");
    }
    Optional<String> name = c.param("name");
    // ListLabels (src/server/v2.0/handler/label.go): fuzzy name match, pages of page_size (at most 100).
    long page = c.param("page").map(Long::parseLong).orElse(1L);
    long size = c.param("page_size").map(Long::parseLong).orElse(10L);
    List<StandInState.Label> matching = new ArrayList<>();
    for (StandInState.Label l : state.labels) {
      if (l.scope().equals(scope) && (scope.equals("g") || l.projectId() == projectId)
          && (name.isEmpty() || l.name().contains(name.get()))) {
        matching.add(l);
      }
    }
    ArrayNode out = JSON.createArrayNode();
    matching.stream().skip((page - 1) * size).limit(size).forEach(l -> out.add(label(l)));
    Reply r = Reply.json(200, out).header("X-Total-Count", Integer.toString(matching.size()));
    if (page * size < matching.size()) {
      r.header("Link", "</api/v2.0/labels?page=" + (page + 1) + "&page_size=" + size + ">; rel=\"next\"");
    }
    return r;
  }

  private ObjectNode label(StandInState.Label l) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", l.id());
    o.put("name", l.name());
    o.put("description", "");
    o.put("color", "#0065AB");
    o.put("scope", l.scope());
    o.put("project_id", l.projectId());
    o.put("creation_time", time(l.created()));
    o.put("update_time", time(l.created()));
    return o;
  }

  // ---- helpers ------------------------------------------------------------------------------------------------

  private static void requireAuthenticated(Call c) {
    if (!c.who().authenticated()) {
      throw new Failure(401, "UNAUTHORIZED", "unauthorized");
    }
  }

  private static JsonNode body(Call c) {
    try {
      JsonNode n = JSON.readTree(c.body());
      if (n == null || !n.isObject()) {
        throw new Failure(400, "BAD_REQUEST", "the request body is not a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new Failure(400, "BAD_REQUEST", "the request body is not JSON: " + e.getMessage());
    }
  }

  /** The report type Harbor answers with: the first known one of X-Accept-Vulnerabilities, else the native one. */
  private static String reportType(Call c) {
    for (String t : c.header("X-Accept-Vulnerabilities").orElse("").split(",")) {
      String type = t.trim();
      if (type.equals(NATIVE_REPORT) || type.equals(GENERIC_REPORT)) {
        return type;
      }
    }
    return NATIVE_REPORT;
  }

  private static String overall(List<Vuln> vulns) {
    List<String> order = List.of("None", "Unknown", "Negligible", "Low", "Medium", "High", "Critical");
    String worst = "None";
    for (Vuln v : vulns) {
      if (order.indexOf(v.severity()) > order.indexOf(worst)) {
        worst = v.severity();
      }
    }
    return worst;
  }

  private String external() {
    return state.externalUrl != null ? state.externalUrl : publicUrl.get();
  }

  private static Map<String, List<String>> parseQuery(String rawQuery) {
    Map<String, List<String>> q = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return q;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      q.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return q;
  }

  static String enc(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String time(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
  }
}
