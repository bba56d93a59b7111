package io.jenkins.plugins.harborjib.engine.input;

import io.jenkins.plugins.harborjib.engine.PushException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spring Boot executable jar, unpacked below the app root with its own paths and started by its launcher
 * ({@code java -cp <appRoot> <Main-Class>}), which finds {@code BOOT-INF/} beside itself. Layered by
 * {@code BOOT-INF/layers.idx} when the jar has one, otherwise as jib-cli does.
 */
final class SpringBootJarPlanner {
  static final String SHAPE = "spring-boot-jar";
  static final String LOADER = "spring-boot-loader";

  private static final Pattern LAYER_LINE = Pattern.compile("- \"(.+)\":");
  private static final Pattern ENTRY_LINE = Pattern.compile("  - \"(.+)\"");

  private SpringBootJarPlanner() {}

  static ApplicationPlan plan(PlanContext ctx, Path jar, String field) throws PushException {
    InputPaths.requireFile(field, jar, "the Spring Boot jar Maven built, e.g. target/app-1.0.jar",
        "build it first (mvn package)");
    ArchiveFacts facts = ArchiveFacts.read(field, jar);
    if (!facts.isSpringBootJar()) {
      throw PushException.invalid(field, field + ": " + jar + " is not a Spring Boot executable jar (its manifest"
          + " has no Spring-Boot-Version and it has no BOOT-INF/ folder); build it with spring-boot-maven-plugin's"
          + " repackage goal, or use the thin jar shape");
    }
    Optional<String> launcher = facts.attribute("Main-Class");
    String mainClass;
    String mainClassNote;
    if (ctx.container().mainClass().isPresent()) {
      mainClass = ctx.container().mainClass().get();
      mainClassNote = "main class " + mainClass + " from mainClass instead of the manifest's Main-Class "
          + launcher.orElse("(none)");
      Optional<String> startClass = facts.attribute("Start-Class");
      if (startClass.isPresent() && startClass.get().equals(mainClass)) {
        ctx.warnings().add("mainClass: " + mainClass + " is the jar's Start-Class, which lives in BOOT-INF/classes"
            + " and is not on the class path " + ctx.appRoot() + ", so java will not find it; leave mainClass empty"
            + " to start it through Spring Boot's launcher " + launcher.orElse("(Main-Class)"));
      }
    } else {
      if (launcher.isEmpty()) {
        throw PushException.invalid(field, field + ": " + jar + " has no Main-Class in " + ArchiveFacts.MANIFEST
            + " (spring-boot-maven-plugin's repackage goal writes its launcher there); rebuild it with the repackage"
            + " goal, or set mainClass to the launcher, e.g. org.springframework.boot.loader.launch.JarLauncher");
      }
      mainClass = launcher.get();
      if (!MainClasses.isClassName(mainClass)) {
        throw PushException.invalid(field, field + ": " + jar + " has Main-Class '" + mainClass + "' in "
            + ArchiveFacts.MANIFEST + ", which is not a Java class name; rebuild it with spring-boot-maven-plugin's"
            + " repackage goal, or set mainClass");
      }
      mainClassNote = "launcher " + mainClass;
    }
    boolean indexed = facts.hasEntry(ArchiveFacts.LAYERS_INDEX);
    Map<String, List<String>> index = indexed
        ? parseLayersIndex(field, jar, ArchiveFacts.readLines(field, jar, ArchiveFacts.LAYERS_INDEX))
        : Map.of();

    List<SourceFile> content = Unpacked.of(field, jar, ctx.unpackRoot(), ctx.warnings()).files();
    LayerAssembly layers = indexed ? byIndex(ctx, field, jar, index, content) : likeJibCli(ctx, content);
    List<PlannedLayer> planned = layers.build(ctx.dependencyLayers());
    String description = jar + " (Spring Boot " + facts.attribute("Spring-Boot-Version").orElse("(version unknown)")
        + ", " + (indexed ? "layers.idx" : "no layers.idx: layered like jib-cli") + "; " + mainClassNote + ")";
    return new ApplicationPlan(SHAPE, description, planned,
        Optional.of(ctx.javaEntrypoint(ctx.appRoot(), mainClass)), Optional.of(mainClass), ctx.warnings(),
        Optional.empty());
  }

  /**
   * Reads {@code layers.idx}: {@code - "layer":} lines, each followed by {@code   - "path"} lines, where a path
   * ending in {@code /} stands for a folder.
   */
  static Map<String, List<String>> parseLayersIndex(String field, Path jar, List<String> lines)
      throws PushException {
    Map<String, List<String>> layers = new LinkedHashMap<>();
    List<String> current = null;
    int number = 0;
    for (String line : lines) {
      number++;
      String text = line.stripTrailing();
      if (text.isEmpty()) {
        continue;
      }
      Matcher layer = LAYER_LINE.matcher(text);
      Matcher entry = ENTRY_LINE.matcher(text);
      if (layer.matches()) {
        String name = layer.group(1);
        if (layers.containsKey(name)) {
          throw badIndex(field, jar, number, text, "layer " + name + " is listed twice");
        }
        current = new ArrayList<>();
        layers.put(name, current);
      } else if (entry.matches() && current != null) {
        current.add(entry.group(1));
      } else {
        throw badIndex(field, jar, number, text, current == null ? "expected - \"layer\":"
            : "expected - \"layer\": or   - \"path\"");
      }
    }
    if (layers.isEmpty()) {
      throw badIndex(field, jar, 0, "", "it names no layer");
    }
    return layers;
  }

  private static PushException badIndex(String field, Path jar, int line, String text, String problem) {
    return PushException.invalid(field, field + ": " + jar + " has a " + ArchiveFacts.LAYERS_INDEX + " that cannot be"
        + " read (" + (line > 0 ? "line " + line + " '" + text + "': " : "") + problem + "); rebuild the jar with"
        + " spring-boot-maven-plugin, or turn its layers off (<layers><enabled>false</enabled></layers>)");
  }

  /**
   * Each file goes to the layer whose index entry matches it most closely: its own path first, then the longest
   * folder containing it, the earlier layer on a tie. Files the index misses go to its last layer.
   */
  private static LayerAssembly byIndex(PlanContext ctx, String field, Path jar, Map<String, List<String>> index,
      List<SourceFile> content) {
    Map<String, String> exact = new HashMap<>();
    List<String[]> folders = new ArrayList<>(); // {prefix, layer}
    String lastLayer = null;
    for (Map.Entry<String, List<String>> layer : index.entrySet()) {
      lastLayer = layer.getKey();
      for (String path : layer.getValue()) {
        if (path.endsWith("/")) {
          folders.add(new String[] {path, layer.getKey()});
        } else {
          exact.putIfAbsent(path, layer.getKey());
        }
      }
    }
    folders.sort(Comparator.comparingInt((String[] f) -> f[0].length()).reversed()); // stable: index order on ties
    LayerAssembly layers = new LayerAssembly(new ArrayList<>(index.keySet()));
    List<String> unlisted = new ArrayList<>();
    for (SourceFile f : content) {
      String layer = exact.get(f.relativePath());
      for (int i = 0; layer == null && i < folders.size(); i++) {
        if (f.relativePath().startsWith(folders.get(i)[0])) {
          layer = folders.get(i)[1];
        }
      }
      if (layer == null) {
        unlisted.add(f.relativePath());
        layer = lastLayer;
      }
      layers.add(layer, f, UnixPaths.join(ctx.appRoot(), f.relativePath()));
    }
    if (!unlisted.isEmpty()) {
      ctx.warnings().add(field + ": " + unlisted.size() + " file(s) of " + jar + " are in no layer of its "
          + ArchiveFacts.LAYERS_INDEX + " (" + String.join(", ", unlisted.subList(0, Math.min(3, unlisted.size())))
          + (unlisted.size() > 3 ? ", ..." : "") + "); they were put in the last layer, " + lastLayer
          + ": rebuild the jar with spring-boot-maven-plugin to get a complete index");
    }
    return layers;
  }

  /** Without an index: dependencies, loader, snapshot dependencies, resources and classes, as jib-cli does. */
  private static LayerAssembly likeJibCli(PlanContext ctx, List<SourceFile> content) {
    LayerAssembly layers = new LayerAssembly(List.of(LayerAssembly.DEPENDENCIES, LOADER,
        LayerAssembly.SNAPSHOT_DEPENDENCIES, LayerAssembly.RESOURCES, LayerAssembly.CLASSES));
    for (SourceFile f : content) {
      String path = f.relativePath();
      String layer;
      if (path.startsWith("BOOT-INF/lib/")) {
        layer = Snapshots.isSnapshot(f.fileName()) ? LayerAssembly.SNAPSHOT_DEPENDENCIES : LayerAssembly.DEPENDENCIES;
      } else if (path.startsWith("org/")) {
        layer = LOADER;
      } else if (path.startsWith("BOOT-INF/classes/") && f.isClassFile()) {
        layer = LayerAssembly.CLASSES;
      } else {
        // jib-cli drops files outside META-INF and BOOT-INF/classes (classpath.idx among them); we keep them
        layer = LayerAssembly.RESOURCES;
      }
      layers.add(layer, f, UnixPaths.join(ctx.appRoot(), path));
    }
    return layers;
  }
}
