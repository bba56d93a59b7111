package io.jenkins.plugins.harborjib.testkit.harbor;

import java.util.Objects;
import java.util.Optional;

/**
 * One vulnerability in a scripted scan result.
 *
 * @param id e.g. {@code CVE-2023-44487}
 * @param packageName the affected package
 * @param version the installed version
 * @param fixVersion the fixed version, if any
 * @param severity Harbor's name: Critical, High, Medium, Low, Negligible, Unknown
 */
public record Vuln(String id, String packageName, String version, Optional<String> fixVersion, String severity) {
  public Vuln {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(packageName, "packageName");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(fixVersion, "fixVersion");
    Objects.requireNonNull(severity, "severity");
  }

  /** A vulnerability with a fixed version. */
  public static Vuln fixable(String id, String severity, String packageName, String version, String fixVersion) {
    return new Vuln(id, packageName, version, Optional.of(fixVersion), severity);
  }

  /** A vulnerability without a fix. */
  public static Vuln unfixed(String id, String severity, String packageName, String version) {
    return new Vuln(id, packageName, version, Optional.empty(), severity);
  }
}
