package io.jenkins.plugins.harborjib.bridge.agent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.CharArrayReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Replaces the request's secrets with {@code ****} in every line the engine prints before it reaches the build log.
 * The engine never prints them; this is the second lock on that door. Secrets are kept as char arrays and compared
 * character by character, never turned into Strings.
 */
public final class SecretMasker implements AutoCloseable {
  /** Shorter secrets are not masked: they would blank out ordinary words. */
  static final int MIN_LENGTH = 4;
  private static final JsonFactory JSON = new JsonFactory();

  private final List<char[]> secrets;

  private SecretMasker(List<char[]> secrets) {
    this.secrets = secrets;
  }

  /** A masker for every {@code "password"} value in the request JSON. */
  public static SecretMasker fromRequest(char[] requestJson) {
    List<char[]> found = new ArrayList<>();
    try (JsonParser p = JSON.createParser(new CharArrayReader(requestJson))) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.VALUE_STRING && "password".equals(p.currentName())) {
          char[] value = Arrays.copyOfRange(p.getTextCharacters(), p.getTextOffset(),
              p.getTextOffset() + p.getTextLength());
          if (value.length >= MIN_LENGTH) {
            found.add(value);
          } else {
            Arrays.fill(value, '\0');
          }
        }
      }
    } catch (IOException e) {
      // Not JSON: the engine will say so; there is nothing to mask then.
    }
    return new SecretMasker(found);
  }

  /** A masker for these secrets (copied). */
  public static SecretMasker of(char[]... secrets) {
    List<char[]> list = new ArrayList<>();
    for (char[] s : secrets) {
      if (s != null && s.length >= MIN_LENGTH) {
        list.add(s.clone());
      }
    }
    return new SecretMasker(list);
  }

  /** The line with every secret replaced by {@code ****}. */
  public String mask(String line) {
    if (secrets.isEmpty() || line == null) {
      return line;
    }
    StringBuilder out = null;
    int i = 0;
    int copied = 0;
    while (i < line.length()) {
      int length = matchAt(line, i);
      if (length > 0) {
        if (out == null) {
          out = new StringBuilder(line.length());
        }
        out.append(line, copied, i).append("****");
        i += length;
        copied = i;
      } else {
        i++;
      }
    }
    if (out == null) {
      return line;
    }
    return out.append(line, copied, line.length()).toString();
  }

  private int matchAt(String line, int at) {
    for (char[] s : secrets) {
      if (at + s.length <= line.length()) {
        boolean match = true;
        for (int k = 0; k < s.length && match; k++) {
          match = line.charAt(at + k) == s[k];
        }
        if (match) {
          return s.length;
        }
      }
    }
    return 0;
  }

  /** Wipes the secrets. */
  @Override
  public void close() {
    secrets.forEach(s -> Arrays.fill(s, '\0'));
    secrets.clear();
  }
}
