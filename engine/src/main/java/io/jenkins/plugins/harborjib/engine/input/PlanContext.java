package io.jenkins.plugins.harborjib.engine.input;

import io.jenkins.plugins.harborjib.engine.ContainerSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What every shape's planner needs besides its build output, and where it collects warnings. */
final class PlanContext {
  private final ContainerSettings container;
  private final String appRoot;
  private final String baseImage;
  private final Path scratchParent;
  private final List<String> warnings = new ArrayList<>();

  /**
   * @param appRoot the container's app root, already checked by {@link UnixPaths#absoluteFolder}
   */
  PlanContext(ContainerSettings container, String appRoot, String baseImage, Path scratchParent) {
    this.container = container;
    this.appRoot = appRoot;
    this.baseImage = baseImage;
    this.scratchParent = scratchParent;
  }

  ContainerSettings container() {
    return container;
  }

  String appRoot() {
    return appRoot;
  }

  String baseImage() {
    return baseImage;
  }

  Path scratchParent() {
    return scratchParent;
  }

  List<String> warnings() {
    return warnings;
  }

  /** {@code java <jvmFlags> -cp <classPath> <mainClass>}. */
  List<String> javaEntrypoint(String classPath, String mainClass) {
    List<String> entrypoint = new ArrayList<>();
    entrypoint.add("java");
    entrypoint.addAll(container.jvmFlags());
    entrypoint.add("-cp");
    entrypoint.add(classPath);
    entrypoint.add(mainClass);
    return entrypoint;
  }

  /** jib-maven-plugin's class path for resources, classes and libs below the app root. */
  String explodedClassPath() {
    return UnixPaths.join(appRoot, "resources") + ":" + UnixPaths.join(appRoot, "classes") + ":"
        + UnixPaths.join(appRoot, "libs/*");
  }
}
