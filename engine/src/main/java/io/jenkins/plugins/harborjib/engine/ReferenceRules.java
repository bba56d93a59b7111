package io.jenkins.plugins.harborjib.engine;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules values of a push follow, checked before any network call: the naming rules of the OCI distribution
 * specification and of Harbor, and the shapes of container settings (main class, environment names, ports,
 * platforms, user). Each check returns an error message that names the field, the value, the rule and a fix, or
 * empty when the value is fine. Public so that the Jenkins plugin's form validation says exactly what the engine
 * would.
 */
public final class ReferenceRules {
  /** Harbor project names: lowercase letters, digits and single {@code . _ -} separators. */
  private static final Pattern PROJECT = Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*");

  /** One path component of a repository name (OCI distribution spec). */
  private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*");

  /** A tag (OCI distribution spec). */
  private static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

  /** A DNS host name. */
  private static final Pattern HOST_NAME =
      Pattern.compile("(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*");

  private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-fA-F:.]+\\]");

  private static final Pattern MAIN_CLASS =
      Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(?:\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
  private static final Pattern PORT = Pattern.compile("(\\d{1,5})(?:-(\\d{1,5}))?(?:/(tcp|udp))?");
  private static final Pattern PLATFORM = Pattern.compile("[a-z0-9]+/[a-z0-9_]+(?:/[a-z0-9]+)?");
  private static final Pattern USER =
      Pattern.compile("[A-Za-z0-9_.][A-Za-z0-9_.-]*(?::[A-Za-z0-9_.][A-Za-z0-9_.-]*)?");

  /** Longest repository name, {@code project/repository}, that registries accept. */
  public static final int MAX_NAME_LENGTH = 255;

  private ReferenceRules() {}

  /** A registry host with an optional port: {@code harbor.example.com}, {@code 10.0.0.5:5000}, no scheme or path. */
  public static Optional<String> checkRegistry(String field, String value) {
    if (value == null || value.isBlank()) {
      return Optional.of(field + " is empty: give the registry's host name, e.g. harbor.example.com");
    }
    String v = value.trim();
    if (v.contains("://")) {
      String host = v.substring(v.indexOf("://") + 3).replaceAll("/.*$", "");
      return Optional.of(field + " '" + value + "' must be a host name without a scheme: write '" + host + "'");
    }
    if (v.contains("/")) {
      return Optional.of(field + " '" + value + "' must be a host name with an optional port and no path,"
          + " e.g. harbor.example.com or harbor.example.com:8443; put the project into the project field");
    }
    String host = v;
    String port = null;
    if (v.startsWith("[")) {
      int close = v.indexOf(']');
      host = close < 0 ? v : v.substring(0, close + 1);
      port = close >= 0 && close + 1 < v.length() && v.charAt(close + 1) == ':' ? v.substring(close + 2) : null;
      if (!IPV6.matcher(host).matches()) {
        return Optional.of(field + " '" + value + "' is not a valid IPv6 address in brackets, e.g. [::1]:5000");
      }
    } else if (v.indexOf(':') >= 0) {
      host = v.substring(0, v.indexOf(':'));
      port = v.substring(v.indexOf(':') + 1);
    }
    if (!host.startsWith("[") && (!HOST_NAME.matcher(host).matches() || host.length() > 253)) {
      return Optional.of(field + " '" + value + "' is not a valid host name: use letters, digits, '-' and '.',"
          + " e.g. harbor.example.com");
    }
    if (port != null) {
      int p;
      try {
        p = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        p = -1;
      }
      if (p < 1 || p > 65535) {
        return Optional.of(field + " '" + value + "' has an invalid port '" + port + "': use 1-65535");
      }
    }
    return Optional.empty();
  }

  /** A Harbor project name: lowercase letters, digits, and {@code . _ -} between them; at most 255 characters. */
  public static Optional<String> checkProject(String field, String value) {
    if (value == null || value.isBlank()) {
      return Optional.of(field + " is empty: give the Harbor project, e.g. app");
    }
    if (value.length() > MAX_NAME_LENGTH) {
      return Optional.of(field + " '" + abbreviate(value) + "' is " + value.length()
          + " characters long: Harbor allows at most " + MAX_NAME_LENGTH);
    }
    if (!PROJECT.matcher(value).matches()) {
      return Optional.of(field + " '" + value + "' is not a valid Harbor project name: use lowercase letters and"
          + " digits, with single '.', '_' or '-' between them" + suggestion(value, PROJECT));
    }
    return Optional.empty();
  }

  /**
   * A repository inside a project: path components of lowercase letters and digits separated by {@code .},
   * {@code _}, {@code __} or dashes, joined by {@code /}; {@code project/repository} at most 255 characters.
   */
  public static Optional<String> checkRepository(String field, String value, String project) {
    if (value == null || value.isBlank()) {
      return Optional.of(field + " is empty: give the repository name inside the project, e.g. demo");
    }
    if (value.startsWith("/") || value.endsWith("/") || value.contains("//")) {
      return Optional.of(field + " '" + value + "' has an empty path component: remove the extra '/'");
    }
    for (String component : value.split("/", -1)) {
      if (!PATH_COMPONENT.matcher(component).matches()) {
        return Optional.of(field + " '" + value + "' is not a valid repository name: each '/'-separated part"
            + " must be lowercase letters and digits, separated by '.', '_', '__' or '-'"
            + suggestion(value, null));
      }
    }
    int length = (project == null ? 0 : project.length() + 1) + value.length();
    if (length > MAX_NAME_LENGTH) {
      return Optional.of(field + " '" + abbreviate(value) + "': the name '" + (project == null ? "" : project + "/")
          + "...' is " + length + " characters long; registries allow at most " + MAX_NAME_LENGTH);
    }
    return Optional.empty();
  }

  /** A tag: letters, digits, {@code _ . -}, not starting with {@code .} or {@code -}, at most 128 characters. */
  public static Optional<String> checkTag(String field, String value) {
    if (value == null || value.isEmpty()) {
      return Optional.of(field + " is empty: give a tag such as 42 or latest");
    }
    if (value.length() > 128) {
      return Optional.of(field + " '" + abbreviate(value) + "' is " + value.length()
          + " characters long: a tag may have at most 128");
    }
    if (!TAG.matcher(value).matches()) {
      String fixed = value.replaceAll("[^a-zA-Z0-9_.-]", "-").replaceAll("^[.-]+", "");
      return Optional.of(field + " '" + value + "' is not a valid tag: use letters, digits, '_', '.' and '-',"
          + " not starting with '.' or '-'" + (fixed.isEmpty() || !TAG.matcher(fixed).matches()
              ? "" : " (for example '" + fixed + "')"));
    }
    return Optional.empty();
  }

  /**
   * Whether the first {@code /}-separated component of an image reference names a registry: it has a {@code .} or a
   * {@code :} or is {@code localhost}, as Docker reads references. Otherwise the reference is relative.
   */
  public static boolean namesRegistry(String firstComponent) {
    return firstComponent.contains(".") || firstComponent.contains(":") || firstComponent.equals("localhost");
  }

  /** Whether {@code component} is a valid {@code /}-separated part of a repository name. */
  public static boolean isRepositoryComponent(String component) {
    return PATH_COMPONENT.matcher(component).matches();
  }

  /** A fully qualified Java class name, e.g. {@code com.example.Main}. */
  public static Optional<String> checkMainClass(String field, String value) {
    if (value != null && MAIN_CLASS.matcher(value).matches()) {
      return Optional.empty();
    }
    return Optional.of(field + " '" + value + "' is not a Java class name: give the fully qualified name, e.g."
        + " com.example.Main, or leave it empty to read it from the jar's manifest");
  }

  /** An environment variable name: letters, digits, {@code _ . -}, not starting with a digit. */
  public static Optional<String> checkEnvironmentName(String field, String name) {
    if (name != null && ENV_NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    return Optional.of(field + " '" + name + "' is not a valid environment variable name: use letters, digits and"
        + " '_', not starting with a digit, e.g. JAVA_TOOL_OPTIONS");
  }

  /** An exposed port: {@code 8080}, {@code 8080/tcp}, {@code 53/udp}, {@code 9000-9002}; numbers 1 to 65535. */
  public static Optional<String> checkPort(String field, String value) {
    Matcher m = PORT.matcher(value == null ? "" : value.trim());
    if (m.matches()) {
      int low = Integer.parseInt(m.group(1));
      int high = m.group(2) == null ? low : Integer.parseInt(m.group(2));
      if (low >= 1 && high <= 65535 && high >= low) {
        return Optional.empty();
      }
    }
    return Optional.of(field + " '" + value + "' is not a port: write 8080, 8080/tcp, 53/udp or a range such as"
        + " 9000-9002, with numbers from 1 to 65535");
  }

  /** A platform as {@code os/architecture[/variant]}, e.g. {@code linux/amd64}. */
  public static Optional<String> checkPlatform(String field, String value) {
    if (value != null && PLATFORM.matcher(value).matches()) {
      return Optional.empty();
    }
    return Optional.of(field + " '" + value + "' is not os/architecture: write e.g. linux/amd64 or linux/arm64"
        + (value != null && PLATFORM.matcher(value.toLowerCase(Locale.ROOT)).matches() ? " (lowercase)" : ""));
  }

  /** A user name or uid, optionally with {@code :group}, e.g. {@code 1000} or {@code app:app}. */
  public static Optional<String> checkUser(String field, String value) {
    if (value != null && USER.matcher(value).matches()) {
      return Optional.empty();
    }
    return Optional.of(field + " '" + value + "' is not valid: write a user name or uid, optionally with :group,"
        + " e.g. 1000 or app:app");
  }

  private static String suggestion(String value, Pattern pattern) {
    String lower = value.toLowerCase(Locale.ROOT);
    if (!lower.equals(value) && (pattern == null ? isValidRepositoryShape(lower) : pattern.matcher(lower).matches())) {
      return " (uppercase is not allowed: '" + lower + "' would do)";
    }
    return "";
  }

  private static boolean isValidRepositoryShape(String value) {
    for (String component : value.split("/", -1)) {
      if (!PATH_COMPONENT.matcher(component).matches()) {
        return false;
      }
    }
    return true;
  }

  private static String abbreviate(String value) {
    return value.length() <= 40 ? value : value.substring(0, 37) + "...";
  }
}
