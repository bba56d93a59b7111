package io.jenkins.plugins.harborjib.engine.input;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Which of a fixed number of dependency layers a jar belongs to, by a hash of its {@code groupId:artifactId} and
 * never by its version, so upgrading one dependency changes one layer and leaves the others where they are. The
 * coordinates come from the jar's {@code META-INF/maven/<groupId>/<artifactId>/pom.properties} (the one whose
 * artifactId starts the file name when a jar holds several, e.g. a shaded jar); a jar without one is known by its
 * file name up to the version ({@code foo-bar-1.2.jar} is {@code foo-bar}).
 *
 * <p>Jars under {@value #SMALL_BYTES} bytes and larger ones hash into separate halves of the layers, so that
 * upgrading one of the many small jars never uploads a large one again; a jar changes halves only when an upgrade
 * takes it across that size, and then moves once.
 */
final class DependencyBuckets {
  private static final Pattern MAVEN_DESCRIPTOR = Pattern.compile("META-INF/maven/([^/]+)/([^/]+)/pom\\.properties");
  private static final Pattern VERSIONED_NAME = Pattern.compile("(.+?)-\\d.*");

  /** Jars below this size (1 MiB) share layers only with each other. */
  static final long SMALL_BYTES = 1L << 20;

  private DependencyBuckets() {}

  /** The layer name of bucket {@code index} (0-based) when there are several. */
  static String layerName(int index) {
    return LayerAssembly.DEPENDENCIES + "-" + (index + 1);
  }

  /**
   * 0 to {@code buckets - 1}: small jars in the first {@code buckets / 2}, larger ones in the others (all in one
   * for {@code buckets} 1), placed by {@link #key}.
   */
  static int bucket(Path file, int buckets) {
    if (buckets == 1) {
      return 0;
    }
    int small = buckets / 2;
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      size = 0; // unreadable files fail later, when the layer is built
    }
    return size < SMALL_BYTES ? hash(key(file), small) : small + hash(key(file), buckets - small);
  }

  private static int hash(String key, int buckets) {
    byte[] hash;
    try {
      hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    return Math.floorMod(ByteBuffer.wrap(hash).getInt(), buckets);
  }

  /** {@code groupId:artifactId} of a jar, or its file name without version and extension. */
  static String key(Path file) {
    String fileName = file.getFileName().toString();
    if (DependencyJars.isJar(fileName)) {
      List<String[]> coordinates = new ArrayList<>();
      try (ZipFile zip = new ZipFile(file.toFile())) {
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
          Matcher m = MAVEN_DESCRIPTOR.matcher(e.nextElement().getName());
          if (m.matches()) {
            coordinates.add(new String[] {m.group(1), m.group(2)});
          }
        }
      } catch (IOException | RuntimeException e) {
        // not a readable jar: known by its name
      }
      coordinates.sort(Comparator.comparing((String[] c) -> c[0]).thenComparing(c -> c[1]));
      String[] chosen = null;
      for (String[] c : coordinates) {
        boolean better = chosen == null || (fileName.startsWith(c[1]) && (!fileName.startsWith(chosen[1])
            || c[1].length() > chosen[1].length()));
        if (better) {
          chosen = c;
        }
      }
      if (chosen != null) {
        return chosen[0] + ":" + chosen[1];
      }
    }
    return nameWithoutVersion(fileName);
  }

  static String nameWithoutVersion(String fileName) {
    String name = fileName;
    int dot = name.lastIndexOf('.');
    if (dot > 0 && name.substring(dot).toLowerCase(Locale.ROOT).equals(".jar")) {
      name = name.substring(0, dot);
    }
    Matcher m = VERSIONED_NAME.matcher(name);
    return m.matches() ? m.group(1) : name;
  }
}
