package io.jenkins.plugins.harborjib.engine.input;

import io.jenkins.plugins.harborjib.engine.PushException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Classes folder plus dependency jars, laid out as jib-maven-plugin does: {@code libs/}, {@code resources/},
 * {@code classes/} below the app root, with {@code java -cp resources:classes:libs/*}.
 */
final class ExplodedPlanner {
  static final String SHAPE = "exploded";

  private ExplodedPlanner() {}

  static ApplicationPlan plan(PlanContext ctx, Path classes, Optional<Path> dependencies, String classesField,
      String dependenciesField) throws PushException {
    InputPaths.requireFolder(classesField, classes, "the compiled classes folder, e.g. target/classes",
        "build the module first (mvn package)");
    Optional<Path> dependencyFolder = Optional.empty();
    String copyDependencies = "copy them with `mvn dependency:copy-dependencies` (it writes target/dependency)";
    if (dependencies.isPresent()) {
      Path deps = dependencies.get();
      InputPaths.requireNotEmpty(dependenciesField, deps, "the dependency jars folder, e.g. target/dependency");
      if (Files.exists(deps)) {
        InputPaths.requireFolder(dependenciesField, deps, "the dependency jars folder, e.g. target/dependency", "");
        dependencyFolder = Optional.of(deps);
      } else {
        ctx.warnings().add(dependenciesField + ": " + deps + " does not exist, so the image holds no dependency jars;"
            + " if the application has dependencies, " + copyDependencies + " before pushing");
      }
    } else {
      ctx.warnings().add(dependenciesField + ": no dependency folder given, so the image holds no dependency jars; if"
          + " the application has dependencies, " + copyDependencies + " and give that folder");
    }

    List<SourceFile> classFolders = new ArrayList<>();
    List<SourceFile> classFolderFiles = FolderScanner.scan(classesField, classes, ctx.warnings(), classFolders);
    if (classFolderFiles.isEmpty()) {
      throw PushException.invalid(classesField, classesField + ": " + classes + " holds no files; build the module"
          + " first (mvn package), or give the folder the compiler writes to (target/classes)");
    }
    List<SourceFile> jars = List.of();
    if (dependencyFolder.isPresent()) {
      List<SourceFile> found = FolderScanner.scan(dependenciesField, dependencyFolder.get(), ctx.warnings());
      jars = DependencyJars.jarsOnly(found);
      if (jars.size() < found.size()) {
        ctx.warnings().add(dependenciesField + ": skipped " + (found.size() - jars.size()) + " file(s) in "
            + dependencyFolder.get() + " that are not jars (" + sampleNonJars(found) + "); the class path takes"
            + " jars only");
      }
    }

    LayerAssembly layers = new LayerAssembly(List.of(LayerAssembly.DEPENDENCIES,
        LayerAssembly.SNAPSHOT_DEPENDENCIES, LayerAssembly.RESOURCES, LayerAssembly.CLASSES));
    DependencyJars.addTo(layers, dependenciesField, jars, UnixPaths.join(ctx.appRoot(), "libs"));
    List<SourceFile> classFiles = new ArrayList<>();
    for (SourceFile f : classFolderFiles) {
      if (f.isClassFile()) {
        classFiles.add(f);
        layers.add(LayerAssembly.CLASSES, f, UnixPaths.join(ctx.appRoot(), "classes/" + f.relativePath()));
      } else {
        layers.add(LayerAssembly.RESOURCES, f, UnixPaths.join(ctx.appRoot(), "resources/" + f.relativePath()));
      }
    }
    addDirectories(ctx, layers, classFolders);

    String mainClass;
    String mainClassOrigin;
    if (ctx.container().mainClass().isPresent()) {
      mainClass = ctx.container().mainClass().get();
      mainClassOrigin = "from mainClass";
      if (classFolderFiles.stream().noneMatch(f -> f.relativePath().equals(MainClasses.classFilePath(mainClass)))) {
        ctx.warnings().add("mainClass: " + mainClass + " is not in " + classes + "; make sure a dependency jar"
            + " provides it, or correct mainClass");
      }
    } else {
      mainClass = MainClasses.infer(classesField, classes, classFiles, ctx.warnings());
      mainClassOrigin = "found in the classes";
    }

    List<PlannedLayer> planned = layers.build(ctx.dependencyLayers());
    String description = classes + " (" + classFiles.size() + " class files, "
        + (classFolderFiles.size() - classFiles.size()) + " resources)"
        + (dependencyFolder.isPresent() ? " and " + dependencyFolder.get() + " (" + jars.size() + " jars)" : "")
        + "; main class " + mainClass + " (" + mainClassOrigin + ")";
    return new ApplicationPlan(SHAPE, description, planned,
        Optional.of(ctx.javaEntrypoint(ctx.explodedClassPath(), mainClass)), Optional.of(mainClass), ctx.warnings(),
        Optional.empty());
  }

  /**
   * Every folder below the classes root goes into both the resources and the classes layer, empty ones included,
   * as jib-maven-plugin does: it hands the one classes folder to jib-core's JavaContainerBuilder twice (resources:
   * all but class files; classes: class files), and JavaContainerBuilder keeps every folder it walks.
   */
  static void addDirectories(PlanContext ctx, LayerAssembly layers, List<SourceFile> folders) {
    for (SourceFile d : folders) {
      layers.addDirectory(LayerAssembly.RESOURCES, d, UnixPaths.join(ctx.appRoot(), "resources/" + d.relativePath()));
      layers.addDirectory(LayerAssembly.CLASSES, d, UnixPaths.join(ctx.appRoot(), "classes/" + d.relativePath()));
    }
  }

  private static String sampleNonJars(List<SourceFile> files) {
    List<String> names = new ArrayList<>();
    for (SourceFile f : files) {
      if (!DependencyJars.isJar(f.fileName()) && names.size() < 3) {
        names.add(f.relativePath());
      }
    }
    return String.join(", ", names);
  }
}
