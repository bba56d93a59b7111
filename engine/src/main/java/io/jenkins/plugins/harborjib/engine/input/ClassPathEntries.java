package io.jenkins.plugins.harborjib.engine.input;

import io.jenkins.plugins.harborjib.engine.PushException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A thin jar's manifest {@code Class-Path}: relative URLs of dependency jars, resolved against the jar's folder.
 *
 * @param jars the entries that exist, in manifest order, without repeats
 * @param missing the entries (as written) whose file does not exist
 * @param missingFiles where those entries were looked for
 */
record ClassPathEntries(List<Path> jars, List<String> missing, List<Path> missingFiles) {
  static final int MAX_ENTRIES = 10_000;

  /** Resolves the entries; throws for entries that are unsafe or absurd, not for missing files. */
  static ClassPathEntries resolve(String field, Path jar, Optional<String> classPath) throws PushException {
    if (classPath.isEmpty()) {
      return new ClassPathEntries(List.of(), List.of(), List.of());
    }
    String[] entries = classPath.get().strip().split("\\s+");
    if (entries.length > MAX_ENTRIES) {
      throw PushException.invalid(field, field + ": " + jar + " lists " + entries.length + " entries in its manifest"
          + " Class-Path (more than " + MAX_ENTRIES + "); that is not a class path Maven writes: rebuild the jar"
          + " (maven-jar-plugin <addClasspath>) or use the exploded shape");
    }
    Path folder = InputPaths.folderOf(jar);
    Path absoluteFolder = folder.toAbsolutePath().normalize();
    Path realFolder;
    try {
      realFolder = absoluteFolder.toRealPath();
    } catch (IOException e) {
      realFolder = absoluteFolder;
    }
    Set<Path> jars = new LinkedHashSet<>();
    List<String> missing = new ArrayList<>();
    List<Path> missingFiles = new ArrayList<>();
    for (String entry : entries) {
      String path = decode(field, jar, entry);
      if (path.startsWith("/") || path.startsWith("\\") || path.matches("^[A-Za-z]:.*")) {
        throw unsafe(field, jar, entry, "is an absolute path");
      }
      Path resolved = absoluteFolder.resolve(path).normalize();
      if (!resolved.startsWith(absoluteFolder)) {
        throw unsafe(field, jar, entry, "leads out of the jar's folder " + folder);
      }
      Path shown = folder.resolve(absoluteFolder.relativize(resolved));
      if (!Files.exists(resolved)) {
        missing.add(entry);
        missingFiles.add(shown);
        continue;
      }
      if (Files.isDirectory(resolved)) {
        throw PushException.invalid(field, field + ": " + jar + "'s manifest Class-Path entry '" + entry + "' is the"
            + " folder " + shown + "; harbor-jib takes jars only from a thin jar's Class-Path: use the exploded"
            + " shape for class folders");
      }
      try {
        if (!resolved.toRealPath().startsWith(realFolder)) {
          throw unsafe(field, jar, entry, "is a symbolic link to " + resolved.toRealPath()
              + ", outside the jar's folder " + folder);
        }
      } catch (IOException e) {
        throw InputPaths.unreadable(field, shown);
      }
      InputPaths.requireReadable(field, shown);
      jars.add(shown);
    }
    return new ClassPathEntries(List.copyOf(jars), List.copyOf(missing), List.copyOf(missingFiles));
  }

  /** The error for missing entries: names them and says where Maven should have copied them. */
  PushException missingError(String field, Path jar) {
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < missingFiles.size() && i < 5; i++) {
      shown.add(missingFiles.get(i).toString());
    }
    Path where = InputPaths.folderOf(missingFiles.get(0));
    return PushException.invalid(field, field + ": " + jar + "'s manifest Class-Path names " + missing.size()
        + " file(s) that do not exist: " + String.join(", ", shown) + (missing.size() > 5 ? ", ..." : "")
        + "; copy the dependencies there (mvn dependency:copy-dependencies -DoutputDirectory=" + where
        + ") before pushing, or use the exploded shape");
  }

  private static String decode(String field, Path jar, String entry) throws PushException {
    try {
      URI uri = new URI(entry);
      if (uri.getScheme() != null && uri.getScheme().length() > 1) {
        throw unsafe(field, jar, entry, "is an absolute URL");
      }
      return uri.getPath() == null ? entry : uri.getPath();
    } catch (URISyntaxException e) {
      return entry;
    }
  }

  private static PushException unsafe(String field, Path jar, String entry, String why) {
    return PushException.invalid(field, field + ": " + jar + "'s manifest Class-Path entry '" + entry + "' " + why
        + "; harbor-jib takes only jars in or below the jar's own folder (as maven-jar-plugin writes them with"
        + " <classpathPrefix>lib/</classpathPrefix>): copy the dependencies next to the jar and rebuild it");
  }
}
