package io.jenkins.plugins.harborjib.engine.input;

import io.jenkins.plugins.harborjib.engine.PushException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What a jar or war says about itself, read without unpacking it: its manifest's main attributes and its entry
 * names (checked for zip slip, so a bad archive is refused before anything is written).
 */
final class ArchiveFacts {
  static final String MANIFEST = "META-INF/MANIFEST.MF";
  static final String LAYERS_INDEX = "BOOT-INF/layers.idx";

  private final Path archive;
  private final Attributes manifest;
  private final Set<String> entries;

  private ArchiveFacts(Path archive, Attributes manifest, Set<String> entries) {
    this.archive = archive;
    this.manifest = manifest;
    this.entries = entries;
  }

  static ArchiveFacts read(String field, Path archive) throws PushException {
    Set<String> names = new HashSet<>();
    Attributes attributes = new Attributes();
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      ZipEntry manifestEntry = null;
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        String name = SafeUnzip.safeRelativeName(field, archive, entry.getName());
        names.add(entry.isDirectory() && !name.isEmpty() ? name + "/" : name);
        if (manifestEntry == null && name.equalsIgnoreCase(MANIFEST)) {
          manifestEntry = entry;
        }
      }
      if (manifestEntry != null) {
        try (InputStream in = zip.getInputStream(manifestEntry)) {
          attributes = new Manifest(in).getMainAttributes();
        } catch (IOException | RuntimeException e) {
          throw PushException.invalid(field, field + ": " + archive + " has a " + MANIFEST + " that cannot be read ("
              + e.getMessage() + "); rebuild it with Maven (mvn package)");
        }
      }
    } catch (IOException e) {
      throw SafeUnzip.unreadable(field, archive, e);
    }
    return new ArchiveFacts(archive, attributes, names);
  }

  Path archive() {
    return archive;
  }

  /** A main attribute of the manifest, trimmed; empty when absent or blank. */
  Optional<String> attribute(String name) {
    return Optional.ofNullable(manifest.getValue(name)).map(String::strip).filter(v -> !v.isEmpty());
  }

  boolean hasEntry(String name) {
    return entries.contains(name);
  }

  /** Whether any entry lies below {@code prefix} (which ends with {@code /}). */
  boolean hasEntryUnder(String prefix) {
    for (String name : entries) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** A Spring Boot executable jar: its manifest names the Boot version, or it has {@code BOOT-INF/}. */
  boolean isSpringBootJar() {
    return attribute("Spring-Boot-Version").isPresent() || hasEntryUnder("BOOT-INF/");
  }

  /** Reads one entry as UTF-8 lines. */
  static List<String> readLines(String field, Path archive, String entryName) throws PushException {
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      ZipEntry entry = zip.getEntry(entryName);
      if (entry == null) {
        return List.of();
      }
      try (InputStream in = zip.getInputStream(entry)) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return new ArrayList<>(text.lines().toList());
      }
    } catch (IOException e) {
      throw SafeUnzip.unreadable(field, archive, e);
    }
  }
}
