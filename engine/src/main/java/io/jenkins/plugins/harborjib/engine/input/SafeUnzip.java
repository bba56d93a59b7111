package io.jenkins.plugins.harborjib.engine.input;

import io.jenkins.plugins.harborjib.engine.PushException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Unpacks a jar or war into a folder, refusing entries that would land outside it (zip slip) and never creating
 * symbolic links.
 */
final class SafeUnzip {
  private SafeUnzip() {}

  /**
   * Checks an entry name and returns it as a clean relative path ({@code a/b}), or the empty string for the
   * archive's root; throws for names with {@code ..}, absolute names and drive letters.
   */
  static String safeRelativeName(String field, Path archive, String name) throws PushException {
    boolean absolute = name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*");
    List<String> segments = new ArrayList<>();
    boolean climbs = false;
    for (String segment : name.split("[/\\\\]")) {
      if (segment.equals("..")) {
        climbs = true;
      } else if (!segment.isEmpty() && !segment.equals(".")) {
        segments.add(segment);
      }
    }
    if (absolute || climbs || name.indexOf('\0') >= 0 || name.indexOf('\\') >= 0) {
      throw PushException.invalid(field, field + ": " + archive + " has an unsafe entry '" + printable(name)
          + "' (" + (absolute ? "an absolute name" : climbs ? "a '..' segment" : "a backslash or NUL character")
          + " that could write outside the folder it is unpacked into); harbor-jib refuses such archives: rebuild it"
          + " with Maven (mvn package) and check where it came from");
    }
    return String.join("/", segments);
  }

  /** A regular file of an archive: its entry, its clean relative path, and whether it has an execute bit. */
  record FileEntry(ZipEntry entry, String relative, boolean executable) {}

  /**
   * What an archive unpacks to, checked before anything is written: its regular files (first of duplicates, no
   * symbolic links) and every folder (named by an entry, or holding a file), both sorted.
   */
  record Listing(List<FileEntry> files, List<String> directories) {}

  /** Reads and checks the entries of {@code archive}, adding a warning for skipped links and duplicates. */
  static Listing list(String field, Path archive, List<String> warnings) throws PushException {
    Map<String, Integer> modes = ZipUnixModes.read(archive);
    List<FileEntry> files = new ArrayList<>();
    Set<String> directories = new TreeSet<>();
    Set<String> seen = new HashSet<>();
    List<String> skippedLinks = new ArrayList<>();
    List<String> duplicates = new ArrayList<>();
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      List<ZipEntry> entries = new ArrayList<>();
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        safeRelativeName(field, archive, entry.getName()); // all names are checked before anything is written
        entries.add(entry);
      }
      for (ZipEntry entry : entries) {
        String relative = safeRelativeName(field, archive, entry.getName());
        if (relative.isEmpty()) {
          continue;
        }
        if (entry.isDirectory()) {
          addWithParents(directories, relative);
          continue;
        }
        Integer mode = modes.get(entry.getName());
        if (ZipUnixModes.isSymbolicLink(mode)) {
          skippedLinks.add(relative);
          continue;
        }
        if (!seen.add(relative)) {
          duplicates.add(relative);
          continue;
        }
        int slash = relative.lastIndexOf('/');
        if (slash > 0) {
          addWithParents(directories, relative.substring(0, slash));
        }
        files.add(new FileEntry(entry, relative, ZipUnixModes.isExecutableFile(mode)));
      }
    } catch (IOException e) {
      throw unreadable(field, archive, e);
    }
    if (!skippedLinks.isEmpty()) {
      warnings.add(field + ": skipped " + skippedLinks.size() + " symbolic link entr"
          + (skippedLinks.size() == 1 ? "y" : "ies") + " of " + archive + " (" + sample(skippedLinks) + "); harbor-jib"
          + " unpacks regular files only: package the files themselves if the application needs them");
    }
    if (!duplicates.isEmpty()) {
      warnings.add(field + ": " + archive + " holds " + duplicates.size() + " duplicate entr"
          + (duplicates.size() == 1 ? "y" : "ies") + " (" + sample(duplicates) + "); the first of each was used, as"
          + " java does: rebuild the archive without duplicates to silence this warning");
    }
    files.sort(Comparator.comparing(FileEntry::relative));
    return new Listing(files, new ArrayList<>(directories));
  }

  private static void addWithParents(Set<String> directories, String relative) {
    String dir = relative;
    while (directories.add(dir)) {
      int slash = dir.lastIndexOf('/');
      if (slash <= 0) {
        return;
      }
      dir = dir.substring(0, slash);
    }
  }

  /** Unpacks {@code archive} into the empty folder {@code destination}; returns its regular files, sorted. */
  static List<SourceFile> unzip(String field, Path archive, Path destination, List<String> warnings)
      throws PushException {
    Listing listing = list(field, archive, warnings);
    extract(field, archive, listing, destination);
    return files(listing, destination);
  }

  /** The files of {@code listing} as unpacked below {@code root}. */
  static List<SourceFile> files(Listing listing, Path root) {
    List<SourceFile> files = new ArrayList<>();
    for (FileEntry f : listing.files()) {
      files.add(new SourceFile(root.resolve(f.relative()), f.relative(), f.executable()));
    }
    return files;
  }

  /** The folders of {@code listing} as unpacked below {@code root}. */
  static List<SourceFile> directories(Listing listing, Path root) {
    List<SourceFile> directories = new ArrayList<>();
    for (String d : listing.directories()) {
      directories.add(new SourceFile(root.resolve(d), d, true));
    }
    return directories;
  }

  /** Writes the folders and files of {@code listing} below {@code destination}. */
  static void extract(String field, Path archive, Listing listing, Path destination) throws PushException {
    Path root = destination.toAbsolutePath().normalize();
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      for (String dir : listing.directories()) {
        Path target = inside(field, archive, root, dir, dir);
        try {
          Files.createDirectories(target);
        } catch (FileAlreadyExistsException e) {
          throw conflict(field, archive, dir);
        } catch (IOException e) {
          throw Scratch.writeFailed(target, e);
        }
      }
      byte[] buffer = new byte[64 * 1024];
      for (FileEntry f : listing.files()) {
        Path target = inside(field, archive, root, f.relative(), f.entry().getName());
        extract(field, archive, zip, f.entry(), f.relative(), target, buffer);
      }
    } catch (IOException e) {
      throw unreadable(field, archive, e);
    }
  }

  private static Path inside(String field, Path archive, Path root, String relative, String name)
      throws PushException {
    Path target = root.resolve(relative).normalize();
    if (!target.startsWith(root) || target.equals(root)) {
      throw PushException.invalid(field, field + ": " + archive + " has an unsafe entry '" + printable(name)
          + "' that resolves outside the folder it is unpacked into; harbor-jib refuses such archives: rebuild it"
          + " with Maven (mvn package)");
    }
    return target;
  }

  private static void extract(String field, Path archive, ZipFile zip, ZipEntry entry, String relative, Path target,
      byte[] buffer) throws PushException {
    try {
      Files.createDirectories(target.getParent());
    } catch (FileAlreadyExistsException e) {
      throw conflict(field, archive, relative);
    } catch (IOException e) {
      throw Scratch.writeFailed(target.getParent(), e);
    }
    InputStream opened;
    try {
      opened = zip.getInputStream(entry);
    } catch (IOException e) {
      throw unreadable(field, archive, new IOException("entry " + entry.getName() + ": " + e.getMessage(), e));
    }
    // The unpacked copy is found again by the archive's listing (Unpacked.key), CRC-32s included: the bytes must
    // match them.
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    try (InputStream in = opened; OutputStream out = newFile(field, archive, relative, target)) {
      while (true) {
        int n;
        try {
          n = in.read(buffer);
        } catch (IOException e) {
          throw unreadable(field, archive, new IOException("entry " + entry.getName() + ": " + e.getMessage(), e));
        }
        if (n < 0) {
          break;
        }
        crc.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      throw Scratch.writeFailed(target, e);
    }
    if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
      throw unreadable(field, archive, new IOException("entry " + entry.getName() + " does not match its CRC-32"
          + " (the archive is damaged)"));
    }
  }

  private static OutputStream newFile(String field, Path archive, String relative, Path target)
      throws PushException, IOException {
    try {
      return Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (FileAlreadyExistsException e) {
      throw conflict(field, archive, relative);
    }
  }

  /** Two entries for one file: a file and a folder of the same name, or names that differ only in case. */
  private static PushException conflict(String field, Path archive, String relative) {
    return PushException.invalid(field, field + ": " + archive + " has entries that collide at '" + relative
        + "' when unpacked (a file and a folder of the same name, or names that differ only in letter case on"
        + " this file system); rebuild the archive without the clash");
  }

  static PushException unreadable(String field, Path archive, IOException e) {
    return PushException.invalid(field, field + ": " + archive + " cannot be read as a zip archive (" + e.getMessage()
        + "); rebuild it (mvn package) and check that it was copied completely");
  }

  private static String sample(List<String> names) {
    return names.size() <= 5 ? String.join(", ", names) : String.join(", ", names.subList(0, 5)) + ", ...";
  }

  private static String printable(String name) {
    StringBuilder sb = new StringBuilder();
    for (char c : name.toCharArray()) {
      sb.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return sb.toString();
  }
}
