package io.jenkins.plugins.harborjib.engine.input;

import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.ContainerSettings;
import io.jenkins.plugins.harborjib.engine.PushException;
import java.nio.file.Path;

/** Plans the application layers for a {@link BuildOutput}. */
public final class ApplicationPlanner {
  private ApplicationPlanner() {}

  /**
   * Reads the build output and plans its layers and entrypoint. Every problem with the input (missing folder,
   * jar without {@code Main-Class}, unsafe entry names, ...) is a {@link PushException} of kind
   * {@code INVALID_INPUT} that names the field, the value and the fix. Nothing is left in {@code scratchParent}
   * when this throws.
   *
   * @param output what Maven built
   * @param container main class, JVM flags and app root
   * @param baseImageReference the base image, for a war's application-server conventions
   * @param scratchParent a folder in which a scratch folder may be made for unpacked archives
   */
  public static ApplicationPlan plan(
      BuildOutput output, ContainerSettings container, String baseImageReference, Path scratchParent)
      throws PushException {
    throw new UnsupportedOperationException("not yet");
  }
}
