package io.jenkins.plugins.harborjib.bridge;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the controller knows about the build a push belongs to: its environment (for tag templates and the OCI
 * source/revision labels), a way to read the module's {@code pom.xml} from the workspace (only when a tag asks for
 * {@code MAVEN_VERSION}), and the layer cache folder on the agent.
 */
public final class BuildFacts {
  /** Reads the module's POM text; empty when there is none. */
  @FunctionalInterface
  public interface PomSource {
    Optional<String> read(String modulePath) throws IOException, InterruptedException;
  }

  private final Map<String, String> environment;
  private final PomSource pom;
  private final String cacheDirectory;

  private BuildFacts(Map<String, String> environment, PomSource pom, String cacheDirectory) {
    this.environment = Map.copyOf(environment);
    this.pom = pom;
    this.cacheDirectory = cacheDirectory;
  }

  /** Facts from the build's environment variables only. */
  public static BuildFacts of(Map<String, String> environment) {
    Map<String, String> env = new LinkedHashMap<>();
    environment.forEach((k, v) -> {
      if (k != null && v != null) {
        env.put(k, v);
      }
    });
    return new BuildFacts(env, path -> Optional.empty(), "");
  }

  public BuildFacts withPom(PomSource pom) {
    return new BuildFacts(environment, pom, cacheDirectory);
  }

  /** The engine's layer cache folder on the agent; empty leaves the engine's default. */
  public BuildFacts withCacheDirectory(String cacheDirectory) {
    return new BuildFacts(environment, pom, Values.trim(cacheDirectory));
  }

  public Map<String, String> environment() {
    return environment;
  }

  public Optional<String> variable(String name) {
    return Optional.ofNullable(environment.get(name)).filter(v -> !v.isEmpty());
  }

  PomSource pom() {
    return pom;
  }

  public String cacheDirectory() {
    return cacheDirectory;
  }
}
