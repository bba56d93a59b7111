package io.jenkins.plugins.harborjib.bridge;

import java.util.Arrays;
import java.util.Optional;

/** The shapes of Maven build output the engine reads; the names are those of the request's {@code buildOutput.type}. */
public enum BuildOutputType {
  /** Look into a module folder and pick the shape: war, Spring Boot jar, thin jar, then classes. */
  AUTO("auto", "."),
  /** {@code target/classes} (and dependency jars when auto-detected). */
  EXPLODED("exploded", "target/classes"),
  /** A jar whose manifest has {@code Main-Class} and {@code Class-Path}. */
  THIN_JAR("thin-jar", null),
  /** A Spring Boot executable jar. */
  SPRING_BOOT_JAR("spring-boot-jar", null),
  /** A web application archive. */
  WAR("war", null);

  private final String id;
  private final String defaultPath;

  BuildOutputType(String id, String defaultPath) {
    this.id = id;
    this.defaultPath = defaultPath;
  }

  /** The name in settings and in the request, e.g. {@code spring-boot-jar}. */
  public String id() {
    return id;
  }

  /** The path used when none is given; empty for the jar and war shapes, which need one. */
  public Optional<String> defaultPath() {
    return Optional.ofNullable(defaultPath);
  }

  /** The type named {@code value} (any case, {@code _} or {@code -}); blank is {@link #AUTO}. */
  public static Optional<BuildOutputType> named(String value) {
    String v = Values.choice(value);
    if (v.isEmpty()) {
      return Optional.of(AUTO);
    }
    return Arrays.stream(values()).filter(t -> t.id.equals(v)).findFirst();
  }

  /** The accepted names, for messages. */
  public static String names() {
    return String.join(", ", Arrays.stream(values()).map(BuildOutputType::id).toList());
  }
}
