package io.jenkins.plugins.harborjib.engine.harbor;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the preflight learned: no check stopped the push. Checks Harbor did not allow are in {@code notes}.
 *
 * @param serverUrl the Harbor server
 * @param identity who signed in (the user name, never its secret)
 * @param harborVersion e.g. {@code v2.15.2-1a2b3c4d}
 * @param externalUrl Harbor's web UI URL, for links; the server URL when Harbor does not say
 * @param project the project, as read after any creation; empty when the identity may not see it (the registry then
 *     decides whether the push is allowed)
 * @param projectCreated whether the preflight created the project
 * @param permissions what the identity may do in the project; empty when they could not be read
 * @param storageQuota the project's storage quota, where Harbor reports one to this identity
 * @param notes things worth telling the user that did not stop the push (e.g. "created project")
 * @param warnings checks that Harbor did not allow or could not make, each naming what would allow it
 * @param apiSignedIn whether Harbor's API took the credentials (false for an OIDC user's CLI secret, which only the
 *     registry and a few API calls accept)
 */
public record PreflightReport(
    URI serverUrl, String identity, Optional<String> harborVersion, String externalUrl,
    Optional<HarborProject> project, boolean projectCreated, List<HarborPermission> permissions,
    Optional<HarborQuota> storageQuota, List<String> notes, List<String> warnings, boolean apiSignedIn) {
  public PreflightReport {
    Objects.requireNonNull(serverUrl, "serverUrl");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(harborVersion, "harborVersion");
    Objects.requireNonNull(externalUrl, "externalUrl");
    Objects.requireNonNull(project, "project");
    permissions = List.copyOf(permissions);
    Objects.requireNonNull(storageQuota, "storageQuota");
    notes = List.copyOf(notes);
    warnings = List.copyOf(warnings);
  }

  /** Whether the identity may do {@code permission} in the project, as far as Harbor told. */
  public boolean may(HarborPermission permission) {
    return permissions.contains(permission);
  }

  /** Whether Harbor's API confirmed the push permission (otherwise only the registry's token decides). */
  public boolean pushConfirmed() {
    return may(HarborPermission.PUSH);
  }
}
