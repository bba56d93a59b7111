package io.jenkins.plugins.harborjib.engine.input;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The application part of an image: its layers, bottom to top, and the entrypoint that starts it. A jar or war is
 * unpacked into the folder given to {@link ApplicationPlanner#plan} and kept there for the next push, so no plan has
 * a scratch folder of its own any more; {@link #close()} deletes one if a plan is made with it.
 *
 * @param shape the build output shape: {@code exploded}, {@code thin-jar}, {@code spring-boot-jar}, {@code war}
 * @param description what was read, for the log, e.g. {@code target/hello-app-1.0.0-boot.jar (Spring Boot 3.5.7,
 *     layers.idx)}
 * @param layers non-empty layers, bottom to top
 * @param entrypoint the full entrypoint ({@code java ... -cp ... Main}); empty keeps the base image's (wars)
 * @param mainClass the class that starts the application, when there is one
 * @param warnings things the user should know, e.g. JVM flags that a war's server will not see
 * @param scratch folder to delete when the push is over (empty from every planner)
 */
public record ApplicationPlan(
    String shape,
    String description,
    List<PlannedLayer> layers,
    Optional<List<String>> entrypoint,
    Optional<String> mainClass,
    List<String> warnings,
    Optional<Path> scratch)
    implements AutoCloseable {

  public ApplicationPlan {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(description, "description");
    layers = List.copyOf(layers);
    entrypoint = entrypoint.map(List::copyOf);
    Objects.requireNonNull(mainClass, "mainClass");
    warnings = List.copyOf(warnings);
    Objects.requireNonNull(scratch, "scratch");
  }

  /** Deletes the scratch folder, if any. */
  @Override
  public void close() throws IOException {
    if (scratch.isPresent() && Files.exists(scratch.get())) {
      Files.walkFileTree(scratch.get(), new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
          Files.delete(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    }
  }
}
