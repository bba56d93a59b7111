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
  private final Path unpackRoot;
  private final List<String> warnings = new ArrayList<>();

  /**
   * @param appRoot the container's app root, already checked by {@link UnixPaths#absoluteFolder}
   * @param unpackRoot see {@link #unpackRoot()}
   */
  PlanContext(ContainerSettings container, String appRoot, String baseImage, Path unpackRoot) {
    this.container = container;
    this.appRoot = appRoot;
    this.baseImage = baseImage;
    this.unpackRoot = unpackRoot;
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

  /** Where archives are unpacked, each into a folder named by its digest and kept for the next push. */
  Path unpackRoot() {
    return unpackRoot;
  }

  int dependencyLayers() {
    return container.dependencyLayers();
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
