package io.jenkins.plugins.harborjib.engine.harbor;

import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
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
    List<String> warnings = new ArrayList<>();

    // 1. reachable
    HarborSystemInfo info;
    try {
      client.ping();
      // Anyone may read it; the version and external URL only a signed-in identity.
      info = client.systemInfo();
    } catch (HarborException e) {
      throw wrap(before, e);
    }

    // 2. authenticated
    if ("anonymous".equals(identity)) {
      throw new HarborException(ErrorKind.AUTHENTICATION, "Harbor " + server + " needs credentials to push "
          + target + ", and none were given. Give a Harbor user or, better, a robot account of project '" + project
          + "' with the permission to push.", 0, null);
    }
    boolean apiSignedIn = true;
    try {
      client.checkCredentials();
    } catch (HarborException e) {
      if (!(info.oidc() && e.httpStatus().orElse(0) == 401)) {
        throw wrap(before, e);
      }
      // src/server/middleware/security/oidc_cli.go: a user's CLI secret counts on the registry, the token service and
      // a few API calls only; on the rest Harbor takes it for anonymous. Not a wrong password (the registry decides).
      apiSignedIn = false;
      warnings.add("Harbor " + server + " signs users in through OIDC: the CLI secret of '" + identity + "' is accepted"
          + " by the registry but not by most of Harbor's API, so the project, permission and quota checks were"
          + " skipped and the registry alone decides whether the push is allowed. Use a robot account for the"
          + " full checks (or check the CLI secret, if the registry refuses it too).");
    }
    if (info.readOnly()) {
      throw new HarborException(ErrorKind.REGISTRY, "Harbor " + server + " is in read-only mode, so it refuses every"
          + " push (pushing " + target + " as '" + identity + "'). An administrator sets it for maintenance"
          + " (Administration > Configuration > System Settings > Repository Read Only): try again later, or ask"
          + " the Harbor administrator.", 0, null);
    }

    // 3. the project exists, or is created
    boolean created = false;
    Optional<HarborProject> found;
    try {
      found = client.findProject(project);
      if (found.isEmpty()) {
        Optional<Boolean> exists = exists(project);
        if (exists.isPresent() && !exists.get()) {
          if (!options.createProjectIfMissing()) {
            throw new HarborException(ErrorKind.PROJECT_NOT_FOUND, "Harbor " + server + " has no project '" + project
                + "' (checked as '" + identity + "' before pushing " + target + "). Create it in Harbor (Projects >"
                + " New Project), ask a Harbor administrator to, or let the push create it (the create-project option;"
                + " the identity must be allowed to create projects).", 404, null);
          }
          client.createProjectOnly(project, options.publicProject(), options.autoScan());
          created = true;
          found = client.findProject(project);
          if (found.isEmpty()) {
            // goharbor/harbor#18363: a system robot may create projects, but its permissions name projects (or all
            // of them with '*'); a new project is none of those, so it may neither read nor push there.
            throw new HarborException(ErrorKind.PERMISSION_DENIED, "Created project '" + project + "' on Harbor "
                + server + ", but '" + identity + "' has no rights in the new project, so it may not push there."
                + " A system robot account needs its project permissions to cover all projects ('*'), with at"
                + " least Repository: Push and Pull, to push to projects it creates; or create the project"
                + " beforehand and give the account Repository: Push and Pull there.", 403, null);
          }
          notes.add("Created project '" + project + "' on Harbor " + server + " ("
              + (found.get().isPublic() ? "public" : "private")
              + (found.get().autoScan() ? ", automatic scan on" : "") + ").");
        } else if (apiSignedIn) {
          warnings.add(HarborNotes.notAllowed("Project '" + project + "'", identity, "not listed, HTTP 403 when read",
              HarborNotes.PROJECT_READ, "The push goes on; the"
              + " registry decides whether '" + identity + "' may push there."));
        }
      }
    } catch (HarborException e) {
      throw e.kind() == ErrorKind.PROJECT_NOT_FOUND || e.kind() == ErrorKind.PERMISSION_DENIED && created ? e
          : wrap(before, e);
    }
    if (found.isPresent() && found.get().isPublic()) {
      notes.add("Project '" + project + "' is public: anyone who reaches Harbor " + server + " can pull its images.");
    }

    // 4. the identity may push there
    List<HarborPermission> permissions = List.of();
    if (found.isPresent() && apiSignedIn) {
      try {
        permissions = client.permissions(found.get());
      } catch (HarborException e) {
        throw wrap(before, e);
      }
      if (!permissions.contains(HarborPermission.PUSH)) {
        throw new HarborException(ErrorKind.PERMISSION_DENIED, "'" + identity + "' may not push to project '"
            + project + "' on Harbor " + server + " (pushing " + target + "): its permissions there are "
            + describe(permissions) + ". " + howToGrantPush(identity, project), 403, null);
      }
    }

    // 5. the quota has room
    Optional<HarborQuota> quota = Optional.empty();
    if (found.isPresent() && apiSignedIn) {
      try {
        quota = client.projectSummary(found.get()).storageQuota();
        if (quota.isEmpty()) {
          warnings.add("Harbor " + server + " reports no storage quota of project '" + project + "' to '" + identity
              + "' (quotas are off, or it lacks " + HarborNotes.QUOTA_READ + "): the quota was not checked.");
        }
      } catch (HarborException e) {
        if (!HarborClient.refused(e)) {
          throw wrap(before, e);
        }
        warnings.add(HarborNotes.notAllowed("The storage quota of project '" + project + "'", identity, e,
            HarborNotes.PROJECT_AND_QUOTA_READ, ""));
      }
    }
    if (quota.isPresent() && !quota.get().unlimited()) {
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
        info.externalUrl().orElse(client.serverUrl().toString()), found, created, permissions, quota, notes,
        warnings, apiSignedIn);
  }

  /** {@code HEAD /projects?project_name=}: true or false, or empty when Harbor would not say (401 or 403). */
  private Optional<Boolean> exists(String project) throws HarborException {
    try {
      return Optional.of(client.projectExists(project));
    } catch (HarborException e) {
      if (HarborClient.refused(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static String describe(List<HarborPermission> permissions) {
    List<String> repository = permissions.stream().filter(p -> p.resource().equals("repository"))
        .map(HarborPermission::toString).toList();
    if (permissions.isEmpty()) {
      return "none at all";
    }
    return repository.isEmpty() ? "none on its repositories" : String.join(", ", repository);
  }

  /** Harbor's robot name prefix is configurable, so the advice covers robot accounts and users alike. */
  private static String howToGrantPush(String identity, String project) {
    return "For a robot account: give it 'Repository: Push' and 'Repository: Pull' for project '" + project
        + "' (project > Robot Accounts, or Administration > Robot Accounts). For a user: make '" + identity
        + "' a Developer, Maintainer or Project Admin of the project (project > Members).";
  }

  private static HarborException wrap(String before, HarborException e) {
    return new HarborException(e.kind(), before + e.getMessage(), e.httpStatus().orElse(0), e);
  }
}
