package io.jenkins.plugins.harborjib.engine.harbor;

import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The checks made before a push uploads a byte, in this order: Harbor is reachable, the credentials are good, the
 * project exists (or is created when asked), the identity may push there, and the project's storage quota has room for
 * what the push will upload. The first failure stops the checks with one message that names the server, the project,
 * the identity and what to do.
 *
 * <pre>{@code
 * PreflightReport report = new HarborPreflight(client)
 *     .check("app", "demo", PreflightOptions.CHECK_ONLY, OptionalLong.of(layerBytes));
 * }</pre>
 */
public final class HarborPreflight {
  private final HarborClient client;

  /** Checks against the Harbor, as the identity, of {@code client}. */
  public HarborPreflight(HarborClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /**
   * Builds a client for {@code serverUrl} and runs {@link #check}.
   *
   * @throws PushException of kind INVALID_INPUT for a bad server URL or CA certificate, or a {@link HarborException}
   */
  public static PreflightReport check(URI serverUrl, Credentials credentials, TlsSettings tls, String project,
      String repository, PreflightOptions options, OptionalLong bytesToUpload) throws PushException {
    HarborClient client = HarborClient.builder(serverUrl).credentials(credentials).tls(tls).build();
    return new HarborPreflight(client).check(project, repository, options, bytesToUpload);
  }

  /**
   * Runs the checks.
   *
   * @param project the Harbor project
   * @param repository the repository inside it (for messages; Harbor's permissions are per project)
   * @param options whether to create a missing project, and how
   * @param bytesToUpload an upper bound of the bytes the push will upload, when known
   * @return what was learned on the way
   * @throws HarborException the first check that failed: NETWORK or TLS (not reachable), AUTHENTICATION (credentials),
   *     PROJECT_NOT_FOUND, PERMISSION_DENIED (may not see the project, create it or push), QUOTA_EXCEEDED, REGISTRY (not
   *     Harbor, read-only, server errors)
   */
  public PreflightReport check(String project, String repository, PreflightOptions options,
      OptionalLong bytesToUpload) throws HarborException {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(bytesToUpload, "bytesToUpload");
    String server = client.serverUrl().toString();
    String identity = client.identity();
    String target = "'" + project + "/" + repository + "'";
    String before = "Before pushing " + target + " as '" + identity + "': ";
    List<String> notes = new ArrayList<>();

    // 1. reachable
    try {
      client.ping();
    } catch (HarborException e) {
      throw wrap(before, e);
    }

    // 2. authenticated
    if ("anonymous".equals(identity)) {
      throw new HarborException(ErrorKind.AUTHENTICATION, "Harbor " + server + " needs credentials to push "
          + target + ", and none were given. Give a Harbor user or, better, a robot account of project '" + project
          + "' with the permission to push.", 0, null);
    }
    HarborSystemInfo info;
    try {
      client.checkCredentials();
      info = client.systemInfo();
    } catch (HarborException e) {
      throw wrap(before, e);
    }
    if (info.readOnly()) {
      throw new HarborException(ErrorKind.REGISTRY, "Harbor " + server + " is in read-only mode, so it refuses every"
          + " push (pushing " + target + " as '" + identity + "'). An administrator sets it for maintenance"
          + " (Administration > Configuration > System Settings > Repository Read Only): try again later, or ask"
          + " the Harbor administrator.", 0, null);
    }

    // 3. the project exists, or is created
    boolean created = false;
    HarborProject found;
    try {
      boolean exists = client.projectExists(project);
      if (!exists && !options.createProjectIfMissing()) {
        throw new HarborException(ErrorKind.PROJECT_NOT_FOUND, "Harbor " + server + " has no project '" + project
            + "' (checked as '" + identity + "' before pushing " + target + "). Create it in Harbor (Projects > New"
            + " Project), ask a Harbor administrator to, or let the push create it (the create-project option;"
            + " the identity must be allowed to create projects).", 404, null);
      }
      if (!exists) {
        found = client.createProject(project, options.publicProject(), options.autoScan());
        created = true;
        notes.add("Created project '" + project + "' on Harbor " + server + " ("
            + (found.isPublic() ? "public" : "private") + (found.autoScan() ? ", automatic scan on" : "") + ").");
      } else {
        Optional<HarborProject> read = client.project(project);
        if (read.isEmpty()) {
          throw new HarborException(ErrorKind.PROJECT_NOT_FOUND, "Harbor " + server + " has no project '" + project
              + "' any more (it was deleted while checking, as '" + identity + "', before pushing " + target
              + "). Create it again, or let the push create it.", 404, null);
        }
        found = read.get();
      }
    } catch (HarborException e) {
      throw e.kind() == ErrorKind.PROJECT_NOT_FOUND ? e : wrap(before, e);
    }
    if (found.isPublic()) {
      notes.add("Project '" + project + "' is public: anyone who reaches Harbor " + server + " can pull its images.");
    }

    // 4. the identity may push there
    List<HarborPermission> permissions;
    try {
      permissions = client.permissions(found);
    } catch (HarborException e) {
      throw wrap(before, e);
    }
    if (!permissions.contains(HarborPermission.PUSH)) {
      throw new HarborException(ErrorKind.PERMISSION_DENIED, "'" + identity + "' may not push to project '" + project
          + "' on Harbor " + server + " (pushing " + target + "): its permissions there are "
          + describe(permissions) + ". " + howToGrantPush(identity, project), 403, null);
    }

    // 5. the quota has room
    Optional<HarborQuota> quota;
    try {
      quota = client.projectSummary(found).storageQuota();
    } catch (HarborException e) {
      throw wrap(before, e);
    }
    if (quota.isEmpty()) {
      notes.add("Harbor " + server + " reports no storage quota of project '" + project + "' to '" + identity
          + "' (quotas are off, or it may not read them): the quota was not checked.");
    } else if (!quota.get().unlimited()) {
      HarborQuota q = quota.get();
      long free = q.remainingBytes().orElse(Long.MAX_VALUE);
      boolean full = bytesToUpload.isPresent() ? !q.hasRoomFor(bytesToUpload.getAsLong()) : free <= 0;
      if (full) {
        String needs = bytesToUpload.isPresent()
            ? "pushing " + target + " as '" + identity + "' may upload up to "
                + Sizes.human(bytesToUpload.getAsLong()) + " of layers Harbor does not have yet"
            : "nothing more fits, so pushing " + target + " as '" + identity + "' would fail";
        throw new HarborException(ErrorKind.QUOTA_EXCEEDED, "Project '" + project + "' on Harbor " + server
            + " has used " + Sizes.human(q.usedBytes()) + " of its " + Sizes.human(q.hardBytes())
            + " storage quota (" + Sizes.human(free) + " free), and " + needs + ". Free space in the project"
            + " (delete old artifacts or tags; the space returns after Harbor's garbage collection) or ask a Harbor"
            + " administrator to raise the quota (Administration > Project Quotas).", 0, null);
      }
      if (bytesToUpload.isEmpty()) {
        notes.add("Project '" + project + "' has " + Sizes.human(free) + " of its storage quota free; the size of"
            + " this push was not known, so only a full quota would have stopped it.");
      }
    }

    return new PreflightReport(client.serverUrl(), identity, info.harborVersion(),
        info.externalUrl().orElse(client.serverUrl().toString()), found, created, permissions, quota, notes);
  }

  private static String describe(List<HarborPermission> permissions) {
    List<String> repository = permissions.stream().filter(p -> p.resource().equals("repository"))
        .map(HarborPermission::toString).toList();
    if (permissions.isEmpty()) {
      return "none at all";
    }
    return repository.isEmpty() ? "none on its repositories" : String.join(", ", repository);
  }

  private static String howToGrantPush(String identity, String project) {
    if (identity.toLowerCase(Locale.ROOT).startsWith("robot")) {
      return "Give the robot account the 'Repository: Push' permission for project '" + project + "' (project >"
          + " Robot Accounts, or Administration > Robot Accounts), or use a robot account that has it.";
    }
    return "Make '" + identity + "' a Developer, Maintainer or Project Admin of project '" + project + "' (project >"
        + " Members), or use a robot account of the project with the 'Repository: Push' permission.";
  }

  private static HarborException wrap(String before, HarborException e) {
    return new HarborException(e.kind(), before + e.getMessage(), e.httpStatus().orElse(0), e);
  }
}
