package io.jenkins.plugins.harborjib.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a password or token into a {@code char[]} without making a {@link String} of it, wiping every buffer it
 * used. Trailing line breaks are dropped, as {@code docker login --password-stdin} does, so {@code echo} and files
 * ending in a newline work.
 */
final class SecretInput {
  private SecretInput() {}

  /** Everything up to the end of {@code in}, as UTF-8. */
  static char[] read(InputStream in) throws IOException {
    byte[] buffer = new byte[256];
    int length = 0;
    try {
      for (int n; (n = in.read(buffer, length, buffer.length - length)) != -1; ) {
        length += n;
        if (length == buffer.length) {
          byte[] bigger = Arrays.copyOf(buffer, buffer.length * 2);
          Arrays.fill(buffer, (byte) 0);
          buffer = bigger;
        }
      }
      return decode(buffer, length);
    } finally {
      Arrays.fill(buffer, (byte) 0);
    }
  }

  /** The whole file, as UTF-8. */
  static char[] read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    try {
      return decode(bytes, bytes.length);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** Drops trailing line breaks from a typed or read password; the argument is wiped. */
  static char[] trimLineBreaks(char[] chars) {
    int end = chars.length;
    while (end > 0 && (chars[end - 1] == '\n' || chars[end - 1] == '\r')) {
      end--;
    }
    char[] trimmed = Arrays.copyOf(chars, end);
    Arrays.fill(chars, '\0');
    return trimmed;
  }

  private static char[] decode(byte[] bytes, int length) throws CharacterCodingException {
    CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes, 0, length));
    try {
      return trimLineBreaks(Arrays.copyOfRange(chars.array(), chars.arrayOffset(), chars.arrayOffset() + chars.limit()));
    } finally {
      Arrays.fill(chars.array(), '\0');
    }
  }
}
