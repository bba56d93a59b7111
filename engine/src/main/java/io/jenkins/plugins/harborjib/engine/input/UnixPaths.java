package io.jenkins.plugins.harborjib.engine.input;

import io.jenkins.plugins.harborjib.engine.PushException;
import java.util.ArrayList;
import java.util.List;

/** Absolute folders in the image, as the user gives them and as layers use them. */
final class UnixPaths {
  private UnixPaths() {}

  /**
   * Checks an absolute folder in the image and returns it without duplicate or trailing slashes ({@code /} stays
   * {@code /}).
   */
  static String absoluteFolder(String field, String value) throws PushException {
    if (value == null || value.isBlank()) {
      throw PushException.invalid(field, field + " is empty; give an absolute folder in the image, e.g. /app");
    }
    if (!value.startsWith("/")) {
      throw PushException.invalid(field, field + ": '" + value + "' is not an absolute path; give an absolute"
          + " folder in the image, e.g. /" + value.strip());
    }
    // ':' would split the java class path; '\' and control characters are never what the user meant.
    for (char c : value.toCharArray()) {
      if (c == ':' || c == '\\' || Character.isISOControl(c)) {
        throw PushException.invalid(field, field + ": '" + value + "' contains '" + printable(c) + "'; give a"
            + " plain absolute folder in the image, e.g. /app");
      }
    }
    List<String> segments = new ArrayList<>();
    for (String segment : value.split("/")) {
      if (segment.equals("..") || segment.equals(".")) {
        throw PushException.invalid(field, field + ": '" + value + "' contains '" + segment + "'; give the folder"
            + " without relative segments, e.g. /app");
      }
      if (!segment.isEmpty()) {
        segments.add(segment);
      }
    }
    return "/" + String.join("/", segments);
  }

  /** {@code folder/relative} for an absolute folder from {@link #absoluteFolder} and a relative path. */
  static String join(String folder, String relative) {
    return folder.equals("/") ? "/" + relative : folder + "/" + relative;
  }

  private static String printable(char c) {
    return Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }
}
