package io.jenkins.plugins.harborjib.testkit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Applies image layers (tar, gzip or not) to a root folder, in order, as a container runtime would: later
 * entries replace earlier ones, {@code .wh.NAME} deletes {@code NAME}, {@code .wh..wh..opq} empties a folder of
 * what lower layers put there. Refuses entries that leave the root, directly or through a symbolic link.
 */
final class LayerUnpacker {
  private static final String WHITEOUT = ".wh.";
  private static final String OPAQUE = ".wh..wh..opq";

  private final Path root;
  private final boolean setOwners;

  LayerUnpacker(Path root) {
    this.root = root.toAbsolutePath().normalize();
    this.setOwners = RequiredTools.isRoot();
  }

  /** Applies one layer blob. */
  void apply(Path layer) throws IOException {
    try (InputStream in = open(layer);
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      Set<Path> created = new HashSet<>();
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        apply(entry, tar, created);
      }
    }
  }

  private static InputStream open(Path layer) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(layer), 1 << 16);
    in.mark(4);
    byte[] magic = in.readNBytes(4);
    in.reset();
    if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
      return new GZIPInputStream(in, 1 << 16);
    }
    if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5 && (magic[2] & 0xff) == 0x2f
        && (magic[3] & 0xff) == 0xfd) {
      in.close();
      throw new IOException("Layer " + layer.getFileName() + " is zstd-compressed, which this runner does not read");
    }
    return in;
  }

  private void apply(TarArchiveEntry entry, InputStream content, Set<Path> created) throws IOException {
    String name = entry.getName();
    Path target = inside(name);
    if (target.equals(root)) {
      return;
    }
    Path parent = target.getParent();
    refuseSymlinksBetween(name, parent);
    String base = target.getFileName().toString();
    if (base.equals(OPAQUE)) {
      if (Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
        List<Path> children;
        try (Stream<Path> list = Files.list(parent)) {
          children = list.collect(Collectors.toList());
        }
        for (Path child : children) {
          if (!created.contains(child)) {
            delete(child);
          }
        }
      }
      return;
    }
    if (base.startsWith(WHITEOUT)) {
      delete(parent.resolve(base.substring(WHITEOUT.length())));
      return;
    }
    Files.createDirectories(parent);
    if (entry.isDirectory()) {
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        delete(target);
      }
      if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(target);
      }
    } else if (entry.isSymbolicLink()) {
      delete(target);
      Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
    } else if (entry.isLink()) {
      Path existing = inside(entry.getLinkName());
      refuseSymlinksBetween(entry.getLinkName(), existing);
      delete(target);
      Files.createLink(target, existing);
    } else if (entry.isFile()) {
      delete(target);
      Files.copy(content, target, StandardCopyOption.REPLACE_EXISTING);
    } else {
      return; // devices and fifos: not needed to run a Java image
    }
    if (!entry.isSymbolicLink()) {
      Files.setAttribute(target, "unix:mode", entry.getMode() & 07777, LinkOption.NOFOLLOW_LINKS);
    }
    if (setOwners) {
      Files.setAttribute(target, "unix:uid", (int) entry.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(target, "unix:gid", (int) entry.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
    }
    created.add(target);
  }

  /** The path of an archive entry under the root, refusing one that leaves it. */
  private Path inside(String name) throws IOException {
    String relative = name;
    while (relative.startsWith("/") || relative.startsWith("./")) {
      relative = relative.startsWith("/") ? relative.substring(1) : relative.substring(2);
    }
    Path target = root.resolve(relative).normalize();
    if (!target.startsWith(root)) {
      throw new IOException("Layer entry " + name + " points outside the image's root folder");
    }
    return target;
  }

  /** Refuses to write through a symbolic link that a layer made: it could point anywhere on this machine. */
  private void refuseSymlinksBetween(String name, Path path) throws IOException {
    for (Path p = path; p != null && p.startsWith(root) && !p.equals(root); p = p.getParent()) {
      if (Files.isSymbolicLink(p)) {
        throw new IOException("Layer entry " + name + " goes through the symbolic link /" + root.relativize(p)
            + ", which this runner refuses");
      }
    }
  }

  private static void delete(Path path) throws IOException {
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      Cleanup.deleteRecursively(path);
    } else {
      Files.deleteIfExists(path);
    }
  }

  /**
   * Resolves an absolute path inside the root as the image would see it, following symbolic links relative to
   * the root (never to this machine's own files); returns the path under the root, which may not exist.
   */
  static Path resolveInRoot(Path root, String absolute) throws IOException {
    Path rootPath = root.toAbsolutePath().normalize();
    Deque<String> parts = new ArrayDeque<>(List.of(absolute.split("/")));
    Path current = rootPath;
    int links = 0;
    while (!parts.isEmpty()) {
      String part = parts.removeFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        current = current.equals(rootPath) ? rootPath : current.getParent();
        continue;
      }
      Path next = current.resolve(part);
      if (Files.isSymbolicLink(next)) {
        if (++links > 40) {
          throw new IOException("Too many symbolic links resolving " + absolute + " in the image");
        }
        String link = Files.readSymbolicLink(next).toString();
        List<String> linkParts = List.of(link.split("/"));
        for (int i = linkParts.size() - 1; i >= 0; i--) {
          parts.addFirst(linkParts.get(i));
        }
        if (link.startsWith("/")) {
          current = rootPath;
        }
        continue;
      }
      current = next;
    }
    return current;
  }
}
