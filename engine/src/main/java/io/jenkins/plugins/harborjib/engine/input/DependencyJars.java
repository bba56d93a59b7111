package io.jenkins.plugins.harborjib.engine.input;

import io.jenkins.plugins.harborjib.engine.PushException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts dependency jars into one flat {@code libs} folder, as jib-maven-plugin does, releases and snapshots in
 * separate layers. Two jars with one name (from different folders) are told apart by their size, as in Jib.
 */
final class DependencyJars {
  private DependencyJars() {}

  static void addTo(LayerAssembly layers, String field, List<SourceFile> jars, String libsFolder)
      throws PushException {
    Map<String, Integer> nameCounts = new HashMap<>();
    for (SourceFile jar : jars) {
      nameCounts.merge(jar.fileName(), 1, Integer::sum);
    }
    Map<String, SourceFile> placed = new HashMap<>();
    for (SourceFile jar : jars) {
      String name = jar.fileName();
      if (nameCounts.get(name) > 1) {
        name = withSize(name, jar.source());
      }
      SourceFile clash = placed.putIfAbsent(name, jar);
      if (clash != null) {
        throw PushException.invalid(field, field + ": " + clash.source() + " and " + jar.source() + " are two"
            + " dependency jars with the same name and size, which would overwrite each other in " + libsFolder
            + "; keep only one of them");
      }
      String layer = Snapshots.isSnapshot(jar.fileName()) ? LayerAssembly.SNAPSHOT_DEPENDENCIES
          : LayerAssembly.DEPENDENCIES;
      layers.add(layer, jar, UnixPaths.join(libsFolder, name));
    }
  }

  private static String withSize(String name, Path source) {
    long size;
    try {
      size = Files.size(source);
    } catch (IOException e) {
      size = 0;
    }
    String base = name.regionMatches(true, name.length() - 4, ".jar", 0, 4) ? name.substring(0, name.length() - 4)
        : name;
    return base + "-" + size + ".jar";
  }

  /** Whether a file name is a jar the JVM's {@code libs/*} class path wildcard would pick up. */
  static boolean isJar(String fileName) {
    return fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".jar");
  }

  static List<SourceFile> jarsOnly(List<SourceFile> files) {
    List<SourceFile> jars = new ArrayList<>();
    for (SourceFile f : files) {
      if (isJar(f.fileName())) {
        jars.add(f);
      }
    }
    return jars;
  }
}
