package io.jenkins.plugins.harborjib.engine.input;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the Unix file modes that zip tools store in the central directory's external attributes, which
 * {@link java.util.zip.ZipFile} does not expose. Best effort: an archive it cannot read yields no modes, so its
 * files are simply not executable.
 */
final class ZipUnixModes {
  static final int TYPE_MASK = 0170000;
  static final int REGULAR_FILE = 0100000;
  static final int SYMBOLIC_LINK = 0120000;

  private static final int END_SIGNATURE = 0x06054b50;
  private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
  private static final int ZIP64_END_SIGNATURE = 0x06064b50;
  private static final int CENTRAL_HEADER_SIGNATURE = 0x02014b50;
  private static final int END_SIZE = 22;
  private static final int ZIP64_LOCATOR_SIZE = 20;
  private static final int ZIP64_END_SIZE = 56;
  private static final int CENTRAL_HEADER_SIZE = 46;
  private static final int HOST_UNIX = 3;
  private static final long MAX_CENTRAL_DIRECTORY = 256L << 20;

  private ZipUnixModes() {}

  /** Entry name (as {@link java.util.zip.ZipEntry#getName()} gives it) to Unix mode, for entries made on Unix. */
  static Map<String, Integer> read(Path zip) {
    try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ)) {
      return read(channel);
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
  }

  static boolean isExecutableFile(Integer mode) {
    return mode != null && (mode & 0111) != 0 && ((mode & TYPE_MASK) == REGULAR_FILE || (mode & TYPE_MASK) == 0);
  }

  static boolean isSymbolicLink(Integer mode) {
    return mode != null && (mode & TYPE_MASK) == SYMBOLIC_LINK;
  }

  private static Map<String, Integer> read(FileChannel channel) throws IOException {
    long size = channel.size();
    if (size < END_SIZE) {
      return Map.of();
    }
    int tailLength = (int) Math.min(size, END_SIZE + 0xFFFF);
    long tailStart = size - tailLength;
    ByteBuffer tail = read(channel, tailStart, tailLength);
    int end = -1;
    for (int i = tailLength - END_SIZE; i >= 0; i--) {
      if (tail.getInt(i) == END_SIGNATURE) {
        end = i;
        break;
      }
    }
    if (end < 0) {
      return Map.of();
    }
    long endPosition = tailStart + end;
    long directorySize = Integer.toUnsignedLong(tail.getInt(end + 12));
    long directoryEnd = endPosition;
    // A zip64 end record (written when needed, or always by some tools) sits between the directory and the end.
    long zip64End = zip64EndPosition(channel, endPosition);
    if (zip64End >= 0) {
      directorySize = read(channel, zip64End, ZIP64_END_SIZE).getLong(40);
      directoryEnd = zip64End;
    }
    // Measured back from the end record rather than taken from the stored offset, so data prepended to the
    // archive (a launch script) does not matter, as in java.util.zip.
    long directoryStart = directoryEnd - directorySize;
    if (directoryStart < 0 || directorySize > MAX_CENTRAL_DIRECTORY) {
      return Map.of();
    }
    ByteBuffer directory = read(channel, directoryStart, (int) directorySize);
    Map<String, Integer> modes = new HashMap<>();
    int p = 0;
    while (p + CENTRAL_HEADER_SIZE <= directory.limit() && directory.getInt(p) == CENTRAL_HEADER_SIGNATURE) {
      int madeBy = Short.toUnsignedInt(directory.getShort(p + 4));
      int nameLength = Short.toUnsignedInt(directory.getShort(p + 28));
      int extraLength = Short.toUnsignedInt(directory.getShort(p + 30));
      int commentLength = Short.toUnsignedInt(directory.getShort(p + 32));
      long external = Integer.toUnsignedLong(directory.getInt(p + 38));
      if (p + CENTRAL_HEADER_SIZE + nameLength > directory.limit()) {
        break;
      }
      byte[] name = new byte[nameLength];
      directory.get(p + CENTRAL_HEADER_SIZE, name);
      int mode = (int) (external >>> 16);
      if ((madeBy >> 8) == HOST_UNIX && mode != 0) {
        modes.putIfAbsent(new String(name, StandardCharsets.UTF_8), mode);
      }
      p += CENTRAL_HEADER_SIZE + nameLength + extraLength + commentLength;
    }
    return modes;
  }

  private static long zip64EndPosition(FileChannel channel, long endPosition) throws IOException {
    if (endPosition < ZIP64_LOCATOR_SIZE + ZIP64_END_SIZE) {
      return -1;
    }
    ByteBuffer locator = read(channel, endPosition - ZIP64_LOCATOR_SIZE, ZIP64_LOCATOR_SIZE);
    if (locator.getInt(0) != ZIP64_LOCATOR_SIGNATURE) {
      return -1;
    }
    // The zip64 end record usually sits right before its locator; otherwise trust the stored offset.
    long adjacent = endPosition - ZIP64_LOCATOR_SIZE - ZIP64_END_SIZE;
    if (read(channel, adjacent, 4).getInt(0) == ZIP64_END_SIGNATURE) {
      return adjacent;
    }
    long stored = locator.getLong(8);
    if (stored >= 0 && stored + ZIP64_END_SIZE <= endPosition
        && read(channel, stored, 4).getInt(0) == ZIP64_END_SIGNATURE) {
      return stored;
    }
    return -1;
  }

  private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new EOFException();
      }
    }
    return buffer.flip();
  }
}
