package io.jenkins.plugins.harborjib.engine.input;

import io.jenkins.plugins.harborjib.engine.PushException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A jar whose manifest names {@code Main-Class} and its dependencies in {@code Class-Path}.
 *
 * <p>The jar is unpacked: its resources go to {@code <appRoot>/resources}, its classes to
 * {@code <appRoot>/classes}, its Class-Path jars to {@code <appRoot>/libs}, exactly as for the exploded shape.
 * When one class changes only the classes layer is uploaded again, where keeping the jar would re-upload every
 * resource with it; and {@code -cp resources:classes:libs/*} holds exactly what {@code Class-Path} named. The
 * price: code that reads its own jar (Package#getImplementationVersion, the manifest's Add-Opens) sees folders,
 * which the warnings mention. A Multi-Release jar is the exception and stays packaged, because the JVM reads
 * {@code META-INF/versions/} only from jars.
 */
final class ThinJarPlanner {
  static final String SHAPE = "thin-jar";
  private static final String JAR_PLUGIN_FIX = "set mainClass, or add <mainClass> to maven-jar-plugin's manifest"
      + " configuration";
  private static final List<String> JAVA_JAR_ONLY_ATTRIBUTES =
      List.of("Add-Opens", "Add-Exports", "Launcher-Agent-Class", "Enable-Native-Access");

  private ThinJarPlanner() {}

  static ApplicationPlan plan(PlanContext ctx, Path jar, String field) throws PushException {
    InputPaths.requireFile(field, jar, "the jar Maven built, e.g. target/app-1.0.jar",
        "build it first (mvn package)");
    ArchiveFacts facts = ArchiveFacts.read(field, jar);
    if (facts.isSpringBootJar()) {
      throw PushException.invalid(field, field + ": " + jar + " is a Spring Boot executable jar (it has BOOT-INF/ or"
          + " Spring-Boot-Version), not a thin jar; use the Spring Boot jar shape for it, or let harbor-jib detect"
          + " the shape");
    }
    String mainClass;
    String mainClassOrigin;
    if (ctx.container().mainClass().isPresent()) {
      mainClass = ctx.container().mainClass().get();
      mainClassOrigin = "from mainClass";
    } else {
      Optional<String> fromManifest = facts.attribute("Main-Class");
      if (fromManifest.isEmpty()) {
        throw PushException.invalid(field, field + ": " + jar + " has no Main-Class in " + ArchiveFacts.MANIFEST
            + "; " + JAR_PLUGIN_FIX);
      }
      mainClass = fromManifest.get();
      if (!MainClasses.isClassName(mainClass)) {
        throw PushException.invalid(field, field + ": " + jar + " has Main-Class '" + mainClass + "' in "
            + ArchiveFacts.MANIFEST + ", which is not a Java class name; " + JAR_PLUGIN_FIX);
      }
      mainClassOrigin = "Main-Class of the manifest";
    }
    ClassPathEntries classPath = ClassPathEntries.resolve(field, jar, facts.attribute("Class-Path"));
    if (!classPath.missing().isEmpty()) {
      throw classPath.missingError(field, jar);
    }
    boolean multiRelease = facts.attribute("Multi-Release").map(v -> v.equalsIgnoreCase("true")).orElse(false);
    for (String attribute : JAVA_JAR_ONLY_ATTRIBUTES) {
      facts.attribute(attribute).ifPresent(value -> ctx.warnings().add(field + ": " + jar + "'s manifest has "
          + attribute + ": " + value + ", which java honours only with -jar; the image starts it with -cp, so add"
          + " the matching option to jvmFlags (e.g. --add-opens for Add-Opens)"));
    }
    if (!multiRelease && facts.attribute("Implementation-Version").isPresent()) {
      ctx.warnings().add(field + ": " + jar + " is unpacked into classes and resources, so"
          + " Package#getImplementationVersion() returns null in the image; read the version from a resource"
          + " (e.g. META-INF/maven/.../pom.properties) if the application shows it");
    }

    List<SourceFile> jars = new ArrayList<>();
    for (Path dependency : classPath.jars()) {
      jars.add(new SourceFile(dependency, dependency.getFileName().toString(), InputPaths.isExecutable(dependency)));
    }
    LayerAssembly layers = new LayerAssembly(List.of(LayerAssembly.DEPENDENCIES,
        LayerAssembly.SNAPSHOT_DEPENDENCIES, LayerAssembly.RESOURCES, LayerAssembly.CLASSES));
    DependencyJars.addTo(layers, field, jars, UnixPaths.join(ctx.appRoot(), "libs"));
    String jarName = jar.getFileName().toString();
    String libsOnPath = UnixPaths.join(ctx.appRoot(), "libs/*");

    if (multiRelease) {
      String inImage = UnixPaths.join(ctx.appRoot(), "classpath/" + jarName);
      layers.add(LayerAssembly.CLASSES, jar, inImage, false);
      return new ApplicationPlan(SHAPE, description(jar, mainClass, mainClassOrigin, jars.size(),
          "kept packaged: a Multi-Release jar"), layers.build(ctx.dependencyLayers()),
          Optional.of(ctx.javaEntrypoint(inImage + ":" + libsOnPath, mainClass)), Optional.of(mainClass),
          ctx.warnings(), Optional.empty());
    }

    Unpacked.Content content = Unpacked.of(field, jar, ctx.unpackRoot(), ctx.warnings());
    boolean hasMainClass = false;
    for (SourceFile f : content.files()) {
      if (f.isClassFile()) {
        layers.add(LayerAssembly.CLASSES, f, UnixPaths.join(ctx.appRoot(), "classes/" + f.relativePath()));
        hasMainClass |= f.relativePath().equals(MainClasses.classFilePath(mainClass));
      } else {
        layers.add(LayerAssembly.RESOURCES, f, UnixPaths.join(ctx.appRoot(), "resources/" + f.relativePath()));
      }
    }
    ExplodedPlanner.addDirectories(ctx, layers, content.directories());
    if (!hasMainClass) {
      ctx.warnings().add(field + ": the main class " + mainClass + " is not in " + jar + "; make sure a"
          + " Class-Path jar provides it, or correct " + (ctx.container().mainClass().isPresent() ? "mainClass"
          : "the manifest's Main-Class"));
    }
    return new ApplicationPlan(SHAPE, description(jar, mainClass, mainClassOrigin, jars.size(),
        "unpacked into resources and classes"), layers.build(ctx.dependencyLayers()),
        Optional.of(ctx.javaEntrypoint(ctx.explodedClassPath(), mainClass)), Optional.of(mainClass),
        ctx.warnings(), Optional.empty());
  }

  private static String description(Path jar, String mainClass, String origin, int dependencies, String how) {
    return jar + " (main class " + mainClass + " (" + origin + "), " + dependencies + " Class-Path jars; " + how
        + ")";
  }
}
