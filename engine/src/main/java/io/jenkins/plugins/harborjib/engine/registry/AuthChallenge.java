package io.jenkins.plugins.harborjib.engine.registry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code WWW-Authenticate} challenge from a registry's {@code /v2/}: {@code Basic realm="..."} or
 * {@code Bearer realm="...",service="...",scope="..."}.
 *
 * @param scheme {@code basic} or {@code bearer} (lowercase)
 * @param parameters the challenge's parameters, e.g. realm and service
 */
public record AuthChallenge(String scheme, Map<String, String> parameters) {
  private static final Pattern PARAM = Pattern.compile("([A-Za-z]+)=(?:\"([^\"]*)\"|([^,\\s]*))");

  /** Parses a header value; empty when it is not a Basic or Bearer challenge. */
  public static Optional<AuthChallenge> parse(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String h = header.trim();
    int space = h.indexOf(' ');
    String scheme = (space < 0 ? h : h.substring(0, space)).toLowerCase(Locale.ROOT);
    if (!scheme.equals("basic") && !scheme.equals("bearer")) {
      return Optional.empty();
    }
    Map<String, String> params = new LinkedHashMap<>();
    if (space > 0) {
      Matcher m = PARAM.matcher(h.substring(space + 1));
      while (m.find()) {
        params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2) != null ? m.group(2) : m.group(3));
      }
    }
    return Optional.of(new AuthChallenge(scheme, Map.copyOf(params)));
  }

  public boolean isBearer() {
    return scheme.equals("bearer");
  }

  public Optional<String> realm() {
    return Optional.ofNullable(parameters.get("realm"));
  }

  public Optional<String> service() {
    return Optional.ofNullable(parameters.get("service"));
  }
}
