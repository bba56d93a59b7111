package io.jenkins.plugins.harborjib.engine.harbor;

/**
 * The words of a note: an extra check Harbor did not allow, which did not stop the push. Each names the check, the
 * account, what Harbor answered, and the permission that would allow it, as a robot permission (Harbor's robot
 * account dialog: resource and action) and as a member role. No wording assumes the robot name prefix, which Harbor
 * lets administrators change.
 */
public final class HarborNotes {
  /** Project: Read, or any member role: reading the project (its id, metadata, summary). */
  public static final Grant PROJECT_READ = new Grant("Project: Read", "any member role");
  /** Quota: Read, or any member role: the storage quota in the project summary. */
  public static final Grant QUOTA_READ = new Grant("Quota: Read", "any member role");
  /** Both: the project summary needs Project: Read, the quota in it Quota: Read. */
  public static final Grant PROJECT_AND_QUOTA_READ = new Grant("Project: Read' and 'Quota: Read", "any member role");
  /** Artifact: Read, or any member role: reading the pushed artifact back. */
  public static final Grant ARTIFACT_READ = new Grant("Artifact: Read", "any member role");
  /** Label: List, or Guest and up: the project's own labels. */
  public static final Grant LABEL_LIST = new Grant("Label: List", "Guest or higher");
  /** Artifact Label: Create, or Developer and up: attaching a label. */
  public static final Grant LABEL_ATTACH = new Grant("Artifact Label: Create", "Developer or higher");
  /** Scan: Create, or Maintainer and up: starting a vulnerability scan. */
  public static final Grant SCAN_CREATE = new Grant("Scan: Create", "Maintainer or higher");
  /** SBOM: Create, or Maintainer and up: asking for an SBOM. */
  public static final Grant SBOM_CREATE = new Grant("SBOM: Create", "Maintainer or higher");

  private HarborNotes() {}

  /**
   * A permission as Harbor's dialogs name it.
   *
   * @param robot the robot account permission, e.g. {@code Artifact: Read}
   * @param role the member roles that include it
   */
  public record Grant(String robot, String role) {
    @Override
    public String toString() {
      return "'" + robot + "' (a robot account permission; for a user: " + role + ")";
    }
  }

  /**
   * "{@code what} was not checked: Harbor refused it to 'x' (HTTP 403); {@code grant} would allow it[. then]".
   *
   * @param what the check, e.g. "The storage quota of project 'app'"
   * @param then what happens instead, or empty
   */
  public static String notAllowed(String what, String identity, HarborException e, Grant grant, String then) {
    String status = e.httpStatus().isPresent() ? "HTTP " + e.httpStatus().getAsInt() : "refused";
    return notAllowed(what, identity, status, grant, then);
  }

  /** As above, with Harbor's answer in words ({@code HTTP 403}, {@code not listed}). */
  public static String notAllowed(String what, String identity, String answer, Grant grant, String then) {
    return refused(what + " was not checked", identity, answer, grant, then);
  }

  /** "{@code outcome}: Harbor refused it to 'x' (HTTP 403); {@code grant} would allow it[. then]". */
  public static String refused(String outcome, String identity, HarborException e, Grant grant, String then) {
    return refused(outcome, identity, e.httpStatus().isPresent() ? "HTTP " + e.httpStatus().getAsInt() : "refused",
        grant, then);
  }

  private static String refused(String outcome, String identity, String answer, Grant grant, String then) {
    return outcome + ": Harbor refused it to '" + identity + "' (" + answer + "); " + grant + " would allow it."
        + (then.isEmpty() ? "" : " " + then);
  }
}
