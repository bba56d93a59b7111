package io.jenkins.plugins.harborjib.engine.harbor;

import java.util.Objects;
import java.util.Optional;

/**
 * What Harbor says about itself ({@code GET /systeminfo}). Harbor tells its version and external URL only to a signed-in
 * identity, so both are empty for an anonymous client.
 *
 * @param harborVersion e.g. {@code v2.15.2-1a2b3c4d}
 * @param externalUrl the URL Harbor's web UI is served at, e.g. {@code https://harbor.example.com}
 * @param readOnly whether Harbor is in read-only mode (then every push fails)
 * @param projectCreationRestriction {@code adminonly} or {@code everyone}
 * @param authMode how Harbor signs users in: {@code db_auth}, {@code ldap_auth}, {@code oidc_auth}, ... (told to
 *     anyone)
 */
public record HarborSystemInfo(
    Optional<String> harborVersion, Optional<String> externalUrl, boolean readOnly,
    Optional<String> projectCreationRestriction, Optional<String> authMode) {
  public HarborSystemInfo {
    Objects.requireNonNull(harborVersion, "harborVersion");
    Objects.requireNonNull(externalUrl, "externalUrl");
    Objects.requireNonNull(projectCreationRestriction, "projectCreationRestriction");
    Objects.requireNonNull(authMode, "authMode");
  }

  /** Without the authentication mode. */
  public HarborSystemInfo(Optional<String> harborVersion, Optional<String> externalUrl, boolean readOnly,
      Optional<String> projectCreationRestriction) {
    this(harborVersion, externalUrl, readOnly, projectCreationRestriction, Optional.empty());
  }

  /**
   * Whether users sign in through OIDC: then a user's CLI secret works on the registry and on a few API calls only,
   * and Harbor takes it for anonymous on the rest ({@code src/server/middleware/security/oidc_cli.go}).
   */
  public boolean oidc() {
    return authMode.filter("oidc_auth"::equals).isPresent();
  }

  /** Whether Harbor's version is at least {@code major.minor}; false when Harbor did not tell its version. */
  public boolean versionAtLeast(int major, int minor) {
    if (harborVersion.isEmpty()) {
      return false;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^v?(\\d+)\\.(\\d+)").matcher(harborVersion.get());
    if (!m.find()) {
      return false;
    }
    int ma = Integer.parseInt(m.group(1));
    int mi = Integer.parseInt(m.group(2));
    return ma > major || ma == major && mi >= minor;
  }

  /** Whether this Harbor can generate SBOMs (2.11 and later; a scanner that supports them is needed too). */
  public boolean supportsSbom() {
    return versionAtLeast(2, 11);
  }

  static HarborSystemInfo from(HarborJson.GeneralInfo json) {
    return new HarborSystemInfo(
        Optional.ofNullable(json.harborVersion()).filter(s -> !s.isBlank()),
        Optional.ofNullable(json.externalUrl()).filter(s -> !s.isBlank()).map(HarborSystemInfo::withoutSlash),
        Boolean.TRUE.equals(json.readOnly()),
        Optional.ofNullable(json.projectCreationRestriction()).filter(s -> !s.isBlank()),
        Optional.ofNullable(json.authMode()).filter(s -> !s.isBlank()));
  }

  private static String withoutSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
