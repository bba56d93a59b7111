package io.jenkins.plugins.harborjib.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bundled sample Maven projects under {@code samples/}, built by the reactor before the engine's tests
 * ({@code mvn -B verify} from the project root). Each accessor fails with a message that says how to build the
 * sample when its output is missing.
 */
public final class Samples {
  private Samples() {}

  /** The project root: the nearest folder above the working directory holding {@code samples/hello-app}. */
  public static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("samples/hello-app"))) {
        return p;
      }
    }
    throw new IllegalStateException("No samples/hello-app above " + dir + ": run the tests from the harbor-jib checkout");
  }

  /** {@code samples/hello-app}: its {@code target/} holds classes, dependency/, lib/, the thin jar and the boot jar. */
  public static Path helloApp() {
    return built(projectRoot().resolve("samples/hello-app"), "target/hello-app-1.0.0-boot.jar");
  }

  /** {@code samples/hello-app/target/classes}. */
  public static Path helloAppClasses() {
    return helloApp().resolve("target/classes");
  }

  /** {@code samples/hello-app/target/dependency} (from dependency:copy-dependencies). */
  public static Path helloAppDependencies() {
    return helloApp().resolve("target/dependency");
  }

  /** The thin jar, whose manifest has Main-Class and {@code Class-Path: lib/...}. */
  public static Path helloAppThinJar() {
    return helloApp().resolve("target/hello-app-1.0.0.jar");
  }

  /** The Spring Boot executable jar, with {@code BOOT-INF/layers.idx}. */
  public static Path helloAppBootJar() {
    return helloApp().resolve("target/hello-app-1.0.0-boot.jar");
  }

  /** {@code samples/hello-war}. */
  public static Path helloWar() {
    return built(projectRoot().resolve("samples/hello-war"), "target/hello-war-1.0.0.war");
  }

  /** The sample war file. */
  public static Path helloWarFile() {
    return helloWar().resolve("target/hello-war-1.0.0.war");
  }

  private static Path built(Path module, String expected) {
    if (!Files.exists(module.resolve(expected))) {
      throw new IllegalStateException(module.resolve(expected) + " is missing: build the samples first with"
          + " `mvn -B verify` (or `mvn -B package -pl samples/hello-lib,samples/hello-app,samples/hello-war`)"
          + " from the project root");
    }
    return module;
  }
}
