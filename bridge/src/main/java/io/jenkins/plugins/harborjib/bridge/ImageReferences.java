package io.jenkins.plugins.harborjib.bridge;

import io.jenkins.plugins.harborjib.engine.ReferenceRules;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Image references as users write them for the base image: {@code base/jre17:17} (from the Harbor server),
 * {@code harbor.example.com/base/jre17:17}, {@code docker.io/library/eclipse-temurin:17-jre}, optionally pinned with
 * {@code @sha256:...}. Checked here without Jib, which the controller does not have.
 */
public final class ImageReferences {
  private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}");

  private ImageReferences() {}

  /** The parts of a reference; {@code registry} is empty when the reference names none. */
  public record Parts(String registry, String path, Optional<String> tag, Optional<String> digest) {}

  /**
   * Splits a reference. The first path component is a registry when it has a {@code .} or a {@code :} or is
   * {@code localhost}, as Docker reads references.
   */
  public static Parts parse(String reference) {
    String rest = Values.trim(reference);
    Optional<String> digest = Optional.empty();
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = Optional.of(rest.substring(at + 1));
      rest = rest.substring(0, at);
    }
    String registry = "";
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (ReferenceRules.namesRegistry(first)) {
        registry = first;
        rest = rest.substring(slash + 1);
      }
    }
    Optional<String> tag = Optional.empty();
    int colon = rest.lastIndexOf(':');
    if (colon >= 0 && rest.indexOf('/', colon) < 0) {
      tag = Optional.of(rest.substring(colon + 1));
      rest = rest.substring(0, colon);
    }
    return new Parts(registry, rest, tag, digest);
  }

  /**
   * Checks a base image reference.
   *
   * @return what is wrong, naming {@code field}, the value and the fix; empty when it is fine
   */
  public static Optional<String> check(String field, String value) {
    String v = Values.trim(value);
    if (v.isEmpty()) {
      return Optional.of(field + " is empty: give the base image, e.g. base/jre17:17 (from the Harbor server) or"
          + " harbor.example.com/base/jre17:17");
    }
    if (v.contains("://")) {
      return Optional.of(field + " '" + v + "' must not have a scheme: write '" + v.substring(v.indexOf("://") + 3)
          + "'");
    }
    Parts p = parse(v);
    if (!p.registry().isEmpty()) {
      Optional<String> registry = ReferenceRules.checkRegistry(field, p.registry());
      if (registry.isPresent()) {
        return registry;
      }
    }
    if (p.path().isEmpty()) {
      return Optional.of(field + " '" + v + "' names no repository: write it like base/jre17:17");
    }
    for (String component : p.path().split("/", -1)) {
      if (!ReferenceRules.isRepositoryComponent(component)) {
        return Optional.of(field + " '" + v + "' has an invalid repository name '" + p.path() + "': each '/'-separated"
            + " part must be lowercase letters and digits, separated by '.', '_', '__' or '-'");
      }
    }
    if (p.tag().isPresent()) {
      Optional<String> tag = ReferenceRules.checkTag(field + " tag", p.tag().get());
      if (tag.isPresent()) {
        return tag;
      }
    }
    if (p.digest().isPresent() && !DIGEST.matcher(p.digest().get()).matches()) {
      return Optional.of(field + " '" + v + "' has an invalid digest '" + p.digest().get() + "': write @sha256:"
          + " followed by 64 lowercase hex digits");
    }
    return Optional.empty();
  }

  /**
   * The reference with {@code defaultRegistry} in front when it names no registry: {@code base/jre17:17} on server
   * {@code harbor.example.com} is {@code harbor.example.com/base/jre17:17}. To use Docker Hub, write
   * {@code docker.io/library/...}.
   */
  public static String qualify(String reference, String defaultRegistry) {
    String v = Values.trim(reference);
    return parse(v).registry().isEmpty() ? defaultRegistry + "/" + v : v;
  }
}
