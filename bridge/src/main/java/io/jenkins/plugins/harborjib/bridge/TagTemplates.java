package io.jenkins.plugins.harborjib.bridge;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tags with variables, the same in Pipeline and freestyle: {@code ${BUILD_NUMBER}}, {@code $BUILD_NUMBER} or any
 * other variable of the build's environment, plus two helpers:
 *
 * <ul>
 *   <li>{@code ${GIT_COMMIT_SHORT}}: the first {@value #SHORT_COMMIT_LENGTH} characters of {@code GIT_COMMIT} (set by
 *       the Git plugin's checkout);
 *   <li>{@code ${MAVEN_VERSION}}: the {@code <version>} of the module's {@code pom.xml}.
 * </ul>
 *
 * A tag cannot hold {@code $}, so expanding tags never changes one that was meant literally.
 */
public final class TagTemplates {
  /** Characters of the commit id in {@code GIT_COMMIT_SHORT}, as {@code git rev-parse --short} gives by default. */
  public static final int SHORT_COMMIT_LENGTH = 7;
  /** The tag when none is configured. */
  public static final String DEFAULT_TAG = "${BUILD_NUMBER}";

  public static final String GIT_COMMIT_SHORT = "GIT_COMMIT_SHORT";
  public static final String MAVEN_VERSION = "MAVEN_VERSION";

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

  private TagTemplates() {}

  /** The names of the variables a template uses. */
  public static Set<String> variables(String template) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = VARIABLE.matcher(template);
    while (m.find()) {
      names.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return names;
  }

  /**
   * Expands every template.
   *
   * @param modulePath the build output's module folder, where {@code pom.xml} is read for {@code MAVEN_VERSION}
   * @throws SettingsException naming the tag and the variable that has no value
   */
  public static List<String> expand(List<String> templates, BuildFacts facts, String modulePath)
      throws SettingsException, InterruptedException {
    List<String> list = templates.isEmpty() ? List.of(DEFAULT_TAG) : templates;
    List<String> tags = new ArrayList<>();
    List<SettingsException.Problem> problems = new ArrayList<>();
    Resolver resolver = new Resolver(facts, modulePath);
    for (int i = 0; i < list.size(); i++) {
      String field = list.size() == 1 ? "tags" : "tags[" + i + "]";
      String template = list.get(i);
      Matcher m = VARIABLE.matcher(template);
      StringBuilder out = new StringBuilder();
      boolean ok = true;
      while (m.find()) {
        String name = m.group(1) != null ? m.group(1) : m.group(2);
        Optional<String> value;
        try {
          value = resolver.resolve(name);
        } catch (IllegalArgumentException | IOException e) {
          problems.add(new SettingsException.Problem(field, field + " '" + template + "': " + e.getMessage()));
          ok = false;
          continue;
        }
        if (value.isEmpty()) {
          problems.add(new SettingsException.Problem(field, field + " '" + template + "': " + name + " is not set in"
              + " this build's environment" + hint(name)));
          ok = false;
          continue;
        }
        m.appendReplacement(out, Matcher.quoteReplacement(value.get()));
      }
      m.appendTail(out);
      if (ok) {
        tags.add(out.toString());
      }
    }
    if (!problems.isEmpty()) {
      throw new SettingsException(problems);
    }
    return List.copyOf(tags);
  }

  private static String hint(String name) {
    return switch (name) {
      case "GIT_COMMIT", GIT_COMMIT_SHORT -> ": check out with the Git plugin (checkout scm / the job's Git SCM) before"
          + " the push, or pass the commit yourself";
      case "BUILD_NUMBER" -> ": it is set in every Jenkins build; in a Pipeline outside a build use env.BUILD_NUMBER";
      default -> ": set it before the push (withEnv, environment {}, or a build parameter) or write the tag literally";
    };
  }

  private static final class Resolver {
    private final BuildFacts facts;
    private final String modulePath;
    private String mavenVersion;

    Resolver(BuildFacts facts, String modulePath) {
      this.facts = facts;
      this.modulePath = modulePath;
    }

    Optional<String> resolve(String name) throws IOException, InterruptedException {
      if (name.equals(GIT_COMMIT_SHORT)) {
        Optional<String> commit = facts.variable(GIT_COMMIT_SHORT);
        if (commit.isPresent()) {
          return commit;
        }
        return facts.variable("GIT_COMMIT")
            .map(c -> c.length() <= SHORT_COMMIT_LENGTH ? c : c.substring(0, SHORT_COMMIT_LENGTH));
      }
      if (name.equals(MAVEN_VERSION)) {
        Optional<String> fromEnv = facts.variable(MAVEN_VERSION);
        if (fromEnv.isPresent()) {
          return fromEnv;
        }
        if (mavenVersion == null) {
          String pomPath = modulePath.isEmpty() || modulePath.equals(".") ? "pom.xml" : modulePath + "/pom.xml";
          Optional<String> pom = facts.pom().read(modulePath);
          if (pom.isEmpty()) {
            throw new IllegalArgumentException(MAVEN_VERSION + " needs " + pomPath + " in the workspace, and there is"
                + " none: set buildOutput to the Maven module folder, or pass the version yourself");
          }
          mavenVersion = MavenPom.version(pom.get(), pomPath);
        }
        return Optional.of(mavenVersion);
      }
      return facts.variable(name);
    }
  }
}
