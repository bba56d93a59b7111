package io.jenkins.plugins.harborjib.engine.push;

import io.jenkins.plugins.harborjib.engine.PushEvent;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.PushListener;
import io.jenkins.plugins.harborjib.engine.input.Unpacked;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A push's share of the layer cache, which concurrent pushes (threads or processes, e.g. parallel builds on one
 * agent) use together. Every push holds a shared lock on {@code harbor-jib.lock} in the cache folder; the operating
 * system drops it when a process dies, even by SIGKILL. The first push that finds no other holder (it gets the lock
 * exclusively for a moment) removes what stopped pushes left behind: half-unpacked archives ({@code .tmp-} folders)
 * under {@code unpacked/}, the {@code scratch/} folder of earlier versions, Jib's half-written layers under the
 * layer caches' {@code tmp/} folders and half-written {@code base-images/tmp/} files; and it keeps only the {@value Unpacked#KEEP} most recently used unpacked
 * archives. Nothing is removed while another push may be using it.
 */
final class CacheLease implements AutoCloseable {
  static final String LOCK_FILE = "harbor-jib.lock";
  private static final List<String> LEFTOVER_FOLDERS = List.of("scratch", "base-layers/tmp", "application-layers/tmp",
      BaseImageMemo.FOLDER + "/tmp");

  /** One file lock per cache folder and JVM; the JVM's own pushes count their shares here. */
  private static final Map<Path, Holder> HOLDERS = new HashMap<>();

  private static final class Holder {
    final FileChannel channel;
    final FileLock shared;
    int pushes;

    Holder(FileChannel channel, FileLock shared) {
      this.channel = channel;
      this.shared = shared;
    }
  }

  private final Path cache;
  private boolean closed;

  private CacheLease(Path cache) {
    this.cache = cache;
  }

  /** Takes a share of {@code cache}, cleaning up after stopped pushes when this is the only push. */
  static CacheLease acquire(Path cache, PushListener listener) throws PushException {
    Path key = cache.toAbsolutePath().normalize();
    synchronized (HOLDERS) {
      Holder holder = HOLDERS.get(key);
      if (holder == null) {
        try {
          FileChannel channel = FileChannel.open(key.resolve(LOCK_FILE), StandardOpenOption.CREATE,
              StandardOpenOption.READ, StandardOpenOption.WRITE);
          try {
            FileLock alone = channel.tryLock(0, Long.MAX_VALUE, false);
            if (alone != null) {
              try {
                removeLeftovers(key, listener);
                removeUnusedArchives(key, listener);
              } finally {
                alone.release();
              }
            }
            holder = new Holder(channel, channel.lock(0, Long.MAX_VALUE, true));
          } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
          }
        } catch (IOException e) {
          throw PushException.invalid("cacheDirectory", "cacheDirectory '" + key + "' cannot be locked for sharing"
              + " between pushes (" + e.getMessage() + "): point it at a local folder this user may write");
        }
        HOLDERS.put(key, holder);
      }
      holder.pushes++;
    }
    return new CacheLease(key);
  }

  private static void removeLeftovers(Path cache, PushListener listener) {
    for (String folder : LEFTOVER_FOLDERS) {
      Path dir = cache.resolve(folder);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> entries = Files.list(dir)) {
        for (Path entry : (Iterable<Path>) entries::iterator) {
          deleteTree(entry);
          listener.onEvent(new PushEvent.Debug("removed " + cache.relativize(entry) + ", left by a push that was"
              + " stopped"));
        }
      } catch (IOException e) {
        listener.onEvent(new PushEvent.Warning("Could not remove what a stopped push left in " + dir + ": "
            + e.getMessage()));
      }
    }
  }

  /** Removes half-unpacked archives and all but the most recently used complete ones. */
  static void removeUnusedArchives(Path cache, PushListener listener) {
    Path dir = cache.resolve(ScratchSession.UNPACKED);
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> complete = new ArrayList<>();
    Map<Path, FileTime> used = new HashMap<>();
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        if (entry.getFileName().toString().startsWith(Unpacked.TEMPORARY_PREFIX)) {
          deleteTree(entry);
          listener.onEvent(new PushEvent.Debug("removed " + cache.relativize(entry) + ", left by a push that was"
              + " stopped"));
        } else {
          complete.add(entry);
          used.put(entry, Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS));
        }
      }
      complete.sort(Comparator.comparing((Path p) -> used.get(p)).reversed().thenComparing(Path::toString));
      for (Path entry : complete.subList(Math.min(Unpacked.KEEP, complete.size()), complete.size())) {
        deleteTree(entry);
        listener.onEvent(new PushEvent.Debug("removed " + cache.relativize(entry) + ", the least recently used of"
            + " more than " + Unpacked.KEEP + " unpacked archives"));
      }
    } catch (IOException e) {
      listener.onEvent(new PushEvent.Warning("Could not remove unused unpacked archives in " + dir + ": "
          + e.getMessage()));
    }
  }

  /**
   * Deletes the cache folder when no push, in any process, holds a share of it: for a folder this push made and
   * then had no use for.
   */
  static void removeIfUnused(Path cache) {
    Path key = cache.toAbsolutePath().normalize();
    synchronized (HOLDERS) {
      if (HOLDERS.containsKey(key) || !Files.isDirectory(key)) {
        return;
      }
      try (FileChannel channel = FileChannel.open(key.resolve(LOCK_FILE), StandardOpenOption.CREATE,
          StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        FileLock alone = channel.tryLock(0, Long.MAX_VALUE, false);
        if (alone != null) {
          try {
            deleteTree(key);
          } finally {
            alone.release();
          }
        }
      } catch (IOException | RuntimeException e) {
        // kept: another push may be starting in it
      }
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  @Override
  public void close() {
    synchronized (HOLDERS) {
      if (closed) {
        return;
      }
      closed = true;
      Holder holder = HOLDERS.get(cache);
      if (holder != null && --holder.pushes == 0) {
        HOLDERS.remove(cache);
        try {
          holder.shared.release();
          holder.channel.close();
        } catch (IOException e) {
          // the lock goes with the channel, or with the process
        }
      }
    }
  }
}
