package io.jenkins.plugins.harborjib.engine.input;

import java.nio.file.Path;

/**
 * A regular file found in a build output folder or unpacked from an archive.
 *
 * @param source the file on disk
 * @param relativePath its path below the folder or archive root, with {@code /} separators
 * @param executable whether its source (file mode or zip entry mode) has an execute bit
 */
record SourceFile(Path source, String relativePath, boolean executable) {

  /** The last segment of {@link #relativePath}. */
  String fileName() {
    return relativePath.substring(relativePath.lastIndexOf('/') + 1);
  }

  boolean isClassFile() {
    return relativePath.endsWith(".class");
  }
}
