package io.jenkins.plugins.harborjib.engine.harbor;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the preflight learned: all checks passed.
 *
 * @param serverUrl the Harbor server
 * @param identity who signed in (the user name, never its secret)
 * @param harborVersion e.g. {@code v2.15.2-1a2b3c4d}
 * @param externalUrl Harbor's web UI URL, for links; the server URL when Harbor does not say
 * @param project the project, as read after any creation
 * @param projectCreated whether the preflight created the project
 * @param permissions what the identity may do in the project
 * @param storageQuota the project's storage quota, where Harbor reports one to this identity
 * @param notes things worth telling the user that did not stop the push (e.g. "quota not reported")
 */
public record PreflightReport(
    URI serverUrl, String identity, Optional<String> harborVersion, String externalUrl, HarborProject project,
    boolean projectCreated, List<HarborPermission> permissions, Optional<HarborQuota> storageQuota,
    List<String> notes) {
  public PreflightReport {
    Objects.requireNonNull(serverUrl, "serverUrl");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(harborVersion, "harborVersion");
    Objects.requireNonNull(externalUrl, "externalUrl");
    Objects.requireNonNull(project, "project");
    permissions = List.copyOf(permissions);
    Objects.requireNonNull(storageQuota, "storageQuota");
    notes = List.copyOf(notes);
  }

  /** Whether the identity may do {@code permission} in the project. */
  public boolean may(HarborPermission permission) {
    return permissions.contains(permission);
  }
}
