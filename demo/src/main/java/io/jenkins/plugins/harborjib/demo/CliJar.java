package io.jenkins.plugins.harborjib.demo;

import io.jenkins.plugins.harborjib.testkit.Samples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds the CLI's self-contained jar built by the reactor, and the java that runs it. */
final class CliJar {
  private CliJar() {}

  static Path find() {
    Path target = Samples.projectRoot().resolve("cli/target");
    try (Stream<Path> jars = Files.list(target)) {
      List<Path> found = jars.filter(p -> p.getFileName().toString().matches("harbor-jib-cli-.*-all\\.jar")).toList();
      if (found.size() != 1) {
        throw new IllegalStateException("Expected one harbor-jib-cli-*-all.jar in " + target + ", found " + found
            + ": build with `mvn -B package -DskipTests` from the project root");
      }
      return found.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException("No " + target + ": build with `mvn -B package -DskipTests` first", e);
    }
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
