package io.jenkins.plugins.harborjib.engine.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.testkit.StoredJar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key an unpacked archive is found by, and the check that makes it safe: every entry matches its CRC-32. */
class UnpackedTest {
  @TempDir
  Path tmp;

  @Test
  void anyChangedEntryGivesAnotherKeyAndTheSameEntriesTheSameKey() throws Exception {
    Path a = zip("a.jar", "hello, harbor");
    Path same = zip("same.jar", "hello, harbor");
    Path changed = zip("changed.jar", "hello, Harbor");

    assertThat(Fixtures.unpackedKey(same)).isEqualTo(Fixtures.unpackedKey(a));
    assertThat(Fixtures.unpackedKey(changed)).isNotEqualTo(Fixtures.unpackedKey(a));
  }

  @Test
  void anEntryWhoseBytesDoNotMatchItsCrcIsRefusedAndNothingIsKept() throws Exception {
    Path jar = zip("damaged.jar", "hello, harbor");
    byte[] bytes = Files.readAllBytes(jar);
    byte[] text = "hello, harbor".getBytes(StandardCharsets.UTF_8);
    int at = indexOf(bytes, text);
    bytes[at] = 'j'; // "jello, harbor": same size, the central directory keeps the old CRC-32
    Files.write(jar, bytes);
    Path root = tmp.resolve("unpacked");

    assertThatThrownBy(() -> Unpacked.of("buildOutput.jar", jar, root, new ArrayList<>()))
        .isInstanceOfSatisfying(PushException.class, e -> assertThat(e.field()).contains("buildOutput.jar"))
        .hasMessageContaining("greeting.txt does not match its CRC-32", "rebuild it");
    try (var left = Files.list(root)) {
      assertThat(left).isEmpty();
    }
  }

  /** A jar with one stored (uncompressed) entry, at a fixed time. */
  private Path zip(String name, String greeting) throws Exception {
    return StoredJar.write(tmp.resolve(name), "greeting.txt", greeting.getBytes(StandardCharsets.UTF_8),
        1_700_000_000_000L);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      boolean match = true;
      for (int j = 0; j < needle.length && match; j++) {
        match = haystack[i + j] == needle[j];
      }
      if (match) {
        return i;
      }
    }
    throw new IllegalStateException("not found");
  }
}
