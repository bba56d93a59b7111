package io.jenkins.plugins.harborjib.engine.input;

import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.ContainerSettings;
import io.jenkins.plugins.harborjib.engine.PushException;
import java.nio.file.Path;
import java.util.Objects;

/** Plans the application layers for a {@link BuildOutput}. */
public final class ApplicationPlanner {
  private ApplicationPlanner() {}

  /**
   * Reads the build output and plans its layers and entrypoint. Every problem with the input (missing folder,
   * jar without {@code Main-Class}, unsafe entry names, ...) is a {@link PushException} of kind
   * {@code INVALID_INPUT} that names the field, the value and the fix. Nothing but earlier pushes' complete
   * unpacked archives is left in {@code unpackRoot} when this throws.
   *
   * <p>Layouts, below {@link ContainerSettings#appRoot()} ({@code /app}) unless said otherwise:
   * <ul>
   *   <li>exploded and thin jar: {@code libs/} (layers dependencies, snapshot-dependencies), {@code resources/},
   *       {@code classes/}; {@code java <jvmFlags> -cp <appRoot>/resources:<appRoot>/classes:<appRoot>/libs/*
   *       <main class>}
   *   <li>Spring Boot jar: its own paths, layered by {@code BOOT-INF/layers.idx};
   *       {@code java <jvmFlags> -cp <appRoot> <launcher>}
   *   <li>war: its own paths below the server's web-app folder; the base image's entrypoint
   * </ul>
   *
   * @param output what Maven built
   * @param container main class, JVM flags and app root
   * @param baseImageReference the base image, for a war's application-server conventions
   * <p>The release dependency jars are spread over {@link ContainerSettings#dependencyLayers()} layers
   * {@code dependencies-1}, {@code dependencies-2}, ... by a hash of their {@code groupId:artifactId} (one
   * {@code dependencies} layer when it is 1); for a Spring Boot jar, that is its {@code layers.idx}'s
   * {@code dependencies} layer.
   *
   * @param unpackRoot a folder kept between pushes (in the layer cache) where a jar or war is unpacked into a
   *     folder named by its SHA-256, and found there again by the next push of the same archive
   */
  public static ApplicationPlan plan(
      BuildOutput output, ContainerSettings container, String baseImageReference, Path unpackRoot)
      throws PushException {
    if (output == null) {
      throw PushException.invalid("buildOutput", "buildOutput is missing; name what Maven built: a module folder to"
          + " detect it in, a classes folder, a thin jar, a Spring Boot jar or a war");
    }
    Objects.requireNonNull(unpackRoot, "unpackRoot");
    ContainerSettings settings = container == null ? ContainerSettings.DEFAULTS : container;
    int dependencyLayers = settings.dependencyLayers();
    if (dependencyLayers < 1 || dependencyLayers > ContainerSettings.MAX_DEPENDENCY_LAYERS) {
      throw PushException.invalid("dependencyLayers", "dependencyLayers " + dependencyLayers + " is out of range;"
          + " give 1 to keep all dependency jars in one layer, or up to " + ContainerSettings.MAX_DEPENDENCY_LAYERS
          + " (default " + ContainerSettings.DEFAULT_DEPENDENCY_LAYERS + ")");
    }
    if (settings.mainClass().isPresent()) {
      MainClasses.requireClassName("mainClass", settings.mainClass().get());
    }
    String base = baseImageReference == null ? "" : baseImageReference.strip();

    if (output instanceof BuildOutput.AutoDetect auto) {
      AutoDetector.Detection detection = AutoDetector.detect(auto.moduleDirectory());
      ApplicationPlan plan = planShape(detection.output(), settings, base, unpackRoot, AutoDetector.FIELD);
      return new ApplicationPlan(plan.shape(), "detected " + detection.reason() + ": " + plan.description(),
          plan.layers(), plan.entrypoint(), plan.mainClass(), plan.warnings(), plan.scratch());
    }
    return planShape(output, settings, base, unpackRoot, null);
  }

  /**
   * @param field the field every problem is reported on, or null for the explicit shape's own fields
   */
  private static ApplicationPlan planShape(BuildOutput output, ContainerSettings container, String base,
      Path unpackRoot, String field) throws PushException {
    if (output instanceof BuildOutput.War war) {
      PlanContext ctx = new PlanContext(container, container.appRoot(), base, unpackRoot);
      return WarPlanner.plan(ctx, war.war(), war.appRoot(), or(field, "buildOutput.war"),
          or(field, "buildOutput.appRoot"));
    }
    PlanContext ctx = new PlanContext(container, UnixPaths.absoluteFolder("appRoot", container.appRoot()), base,
        unpackRoot);
    if (output instanceof BuildOutput.Exploded exploded) {
      return ExplodedPlanner.plan(ctx, exploded.classes(), exploded.dependencies(), or(field, "buildOutput.classes"),
          or(field, "buildOutput.dependencies"));
    }
    if (output instanceof BuildOutput.ThinJar thin) {
      return ThinJarPlanner.plan(ctx, thin.jar(), or(field, "buildOutput.jar"));
    }
    if (output instanceof BuildOutput.SpringBootJar boot) {
      return SpringBootJarPlanner.plan(ctx, boot.jar(), or(field, "buildOutput.jar"));
    }
    throw new IllegalArgumentException("not a shape to plan: " + output);
  }

  private static String or(String field, String fallback) {
    return field == null ? fallback : field;
  }
}
