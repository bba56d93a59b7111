package io.jenkins.plugins.harborjib.bridge;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Normalising of what people type into forms and Pipeline arguments. */
public final class Values {
  private Values() {}

  /** {@code null} and blank become empty; otherwise trimmed. */
  public static String trim(String value) {
    return value == null ? "" : value.trim();
  }

  /** Trimmed, without blank entries; {@code null} is empty. */
  public static List<String> lines(Collection<String> values) {
    List<String> list = new ArrayList<>();
    if (values != null) {
      for (String v : values) {
        if (v != null && !v.isBlank()) {
          list.add(v.trim());
        }
      }
    }
    return List.copyOf(list);
  }

  /** One entry per line of a text area, trimmed, without blank lines. */
  public static List<String> splitLines(String text) {
    return text == null ? List.of() : lines(List.of(text.split("\\R")));
  }

  /** The entries one per line, for a text area. */
  public static String joinLines(Collection<String> values) {
    return values == null ? "" : String.join("\n", lines(values));
  }

  /** Lower case, {@code _} as {@code -}: how choice values are compared. */
  public static String choice(String value) {
    return trim(value).toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
