package io.jenkins.plugins.harborjib.engine.input;

import java.util.regex.Pattern;

/** Tells snapshot dependency jars from releases by their file names, so each set gets its own layer. */
final class Snapshots {
  // copy-dependencies without useBaseVersion names snapshots like lib-1.0-20240131.101500-3.jar
  private static final Pattern TIMESTAMPED = Pattern.compile(".*-\\d{8}\\.\\d{6}-\\d+(-[^/]*)?\\.jar");

  private Snapshots() {}

  static boolean isSnapshot(String fileName) {
    return fileName.contains("SNAPSHOT") || TIMESTAMPED.matcher(fileName).matches();
  }
}
