package io.jenkins.plugins.harborjib.engine.harbor;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** Path and query encoding as Harbor's API wants it. */
final class HarborPaths {
  private HarborPaths() {}

  /** One path segment, percent-encoded (RFC 3986: unreserved characters and ':' stay as they are). */
  static String segment(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~' || c == ':') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /** A repository name inside a path: encoded twice, so {@code a/b} becomes {@code a%252Fb} (Harbor's rule). */
  static String repository(String repository) {
    return segment(segment(repository));
  }

  /** {@code /projects/{p}/repositories/{r}/artifacts/{reference}}. */
  static String artifact(String project, String repository, String reference) {
    return "/projects/" + segment(project) + "/repositories/" + repository(repository) + "/artifacts/"
        + segment(reference);
  }

  /** {@code ?k=v&...} of the non-null values, in order; empty when there are none. */
  static String query(Object... keysAndValues) {
    Map<String, Object> params = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        params.put((String) keysAndValues[i], keysAndValues[i + 1]);
      }
    }
    if (params.isEmpty()) {
      return "";
    }
    StringJoiner q = new StringJoiner("&", "?", "");
    params.forEach((k, v) -> q.add(k + "=" + URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8)
        .replace("+", "%20")));
    return q.toString();
  }
}
