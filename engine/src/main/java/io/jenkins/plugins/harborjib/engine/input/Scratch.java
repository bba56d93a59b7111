package io.jenkins.plugins.harborjib.engine.input;

import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.PushException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Writing and removing the folders archives are unpacked into. */
final class Scratch {
  private Scratch() {}

  /** For a failure to write below the scratch parent: not the user's input, but usually their disk. */
  static PushException writeFailed(Path where, IOException e) {
    return new PushException(ErrorKind.INTERNAL, null, "could not write to the scratch folder " + where + " ("
        + e + "); check that the disk has free space and that this user may write there", e);
  }

  /** Deletes a scratch folder after a failure, recording any trouble on the failure itself. */
  static void deleteAfterFailure(Path scratch, Throwable failure) {
    try {
      delete(scratch);
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  static void delete(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    Files.walkFileTree(folder, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
