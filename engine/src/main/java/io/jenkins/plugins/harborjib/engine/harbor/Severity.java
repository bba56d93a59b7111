package io.jenkins.plugins.harborjib.engine.harbor;

import java.util.Locale;

/** Harbor's scale of vulnerability severities, lowest first (Harbor's own order and names). */
public enum Severity {
  NONE("None"),
  UNKNOWN("Unknown"),
  NEGLIGIBLE("Negligible"),
  LOW("Low"),
  MEDIUM("Medium"),
  HIGH("High"),
  CRITICAL("Critical");

  private final String harborName;

  Severity(String harborName) {
    this.harborName = harborName;
  }

  /** The name Harbor uses, e.g. {@code High}. */
  public String harborName() {
    return harborName;
  }

  /** Whether this severity is at least {@code threshold}; None and Unknown are below every threshold. */
  public boolean atLeast(Severity threshold) {
    return rank() >= threshold.rank();
  }

  private int rank() {
    // Harbor's Severity.Code(): None and Unknown are both 0.
    return this == NONE ? 0 : this == UNKNOWN ? 0 : ordinal() - 1;
  }

  /**
   * The severity Harbor means by {@code name} (any case). Like Harbor, a name it does not know counts as the most
   * severe, so an unknown scanner vocabulary cannot slip past a gate.
   */
  public static Severity fromHarbor(String name) {
    if (name == null || name.isBlank()) {
      return UNKNOWN;
    }
    for (Severity s : values()) {
      if (s.harborName.equalsIgnoreCase(name.trim())) {
        return s;
      }
    }
    return CRITICAL;
  }

  /**
   * A gate threshold as a person writes it: {@code critical}, {@code high}, {@code medium} or {@code low} (any case).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static Severity threshold(String name) {
    String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
    switch (n) {
      case "CRITICAL":
        return CRITICAL;
      case "HIGH":
        return HIGH;
      case "MEDIUM":
        return MEDIUM;
      case "LOW":
        return LOW;
      default:
        throw new IllegalArgumentException(
            "Severity threshold '" + name + "' is not one of Critical, High, Medium, Low");
    }
  }
}
