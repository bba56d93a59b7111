package io.jenkins.plugins.harborjib.engine.harbor;

import java.util.Locale;

/** Byte counts as people read them. */
final class Sizes {
  private Sizes() {}

  /** {@code 1.5 MiB}, {@code 512 B}. */
  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
