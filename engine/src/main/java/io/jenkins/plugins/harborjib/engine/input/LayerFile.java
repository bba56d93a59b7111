package io.jenkins.plugins.harborjib.engine.input;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One regular file of a layer.
 *
 * @param source the file on disk (never a symbolic link leaving the build output)
 * @param pathInImage absolute Unix path in the image
 * @param executable whether it gets mode 755 instead of 644
 */
public record LayerFile(Path source, String pathInImage, boolean executable) {
  public LayerFile {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(pathInImage, "pathInImage");
    if (!pathInImage.startsWith("/")) {
      throw new IllegalArgumentException("pathInImage must be absolute: " + pathInImage);
    }
  }
}
