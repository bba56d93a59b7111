package io.jenkins.plugins.harborjib.engine;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What Maven built, in one of the shapes harbor-jib turns into layers. {@link AutoDetect} looks into a module's
 * {@code target/} folder and picks one; the others name the shape explicitly.
 */
public sealed interface BuildOutput {

  /**
   * Detect the shape from a Maven module folder (or its {@code target/} folder): a war, then a Spring Boot
   * executable jar, then a thin jar whose manifest has {@code Main-Class}, then {@code target/classes}.
   */
  record AutoDetect(Path moduleDirectory) implements BuildOutput {
    public AutoDetect {
      Objects.requireNonNull(moduleDirectory, "moduleDirectory");
    }
  }

  /**
   * Compiled classes and resources plus dependency jars, layered as jib-maven-plugin does: dependencies,
   * snapshot dependencies, resources, classes.
   *
   * @param classes usually {@code target/classes}
   * @param dependencies usually {@code target/dependency} (after {@code dependency:copy-dependencies})
   */
  record Exploded(Path classes, Optional<Path> dependencies) implements BuildOutput {
    public Exploded {
      Objects.requireNonNull(classes, "classes");
      Objects.requireNonNull(dependencies, "dependencies");
    }
  }

  /** A jar whose manifest names {@code Main-Class} and lists its dependencies in {@code Class-Path}. */
  record ThinJar(Path jar) implements BuildOutput {
    public ThinJar {
      Objects.requireNonNull(jar, "jar");
    }
  }

  /**
   * A Spring Boot executable jar, layered by its {@code BOOT-INF/layers.idx} when present, otherwise into
   * dependencies, snapshot dependencies and application.
   */
  record SpringBootJar(Path jar) implements BuildOutput {
    public SpringBootJar {
      Objects.requireNonNull(jar, "jar");
    }
  }

  /**
   * A web application archive, exploded into an application server's web-app folder of the base image.
   *
   * @param war the {@code .war} file
   * @param appRoot where it goes in the image; empty for the convention of the base image (Jetty:
   *     {@code /var/lib/jetty/webapps/ROOT}, Tomcat: {@code /usr/local/tomcat/webapps/ROOT})
   */
  record War(Path war, Optional<String> appRoot) implements BuildOutput {
    public War {
      Objects.requireNonNull(war, "war");
      Objects.requireNonNull(appRoot, "appRoot");
    }
  }
}
