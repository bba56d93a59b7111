package io.jenkins.plugins.harborjib.engine.input;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Dependency upgrades for tests: a "new version" of a real jar, known by the same groupId:artifactId. */
public final class DependencyUpgrades {
  private DependencyUpgrades() {}

  /**
   * Writes {@code newVersion}: the entries of {@code jar} (its {@code pom.properties} among them) plus one more, so
   * it has other bytes but the same coordinates.
   */
  public static Path upgrade(Path jar, Path newVersion) throws IOException {
    try (ZipFile in = new ZipFile(jar.toFile());
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(newVersion))) {
      for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        out.putNextEntry(new ZipEntry(entry.getName()));
        in.getInputStream(entry).transferTo(out);
        out.closeEntry();
      }
      out.putNextEntry(new ZipEntry("META-INF/UPGRADED.txt"));
      out.write("version 99.0".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return newVersion;
  }

  /** {@code foo-1.2.jar} becomes {@code foo-99.0.jar}. */
  public static String upgradedName(String fileName) {
    return DependencyBuckets.nameWithoutVersion(fileName) + "-99.0.jar";
  }
}
