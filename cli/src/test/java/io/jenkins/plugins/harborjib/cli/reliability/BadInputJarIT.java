package io.jenkins.plugins.harborjib.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jenkins.plugins.harborjib.cli.reliability.BadInputCases.Case;
import io.jenkins.plugins.harborjib.cli.reliability.BadInputCases.Invocation;
import io.jenkins.plugins.harborjib.cli.reliability.BadInputCases.Workspace;
import io.jenkins.plugins.harborjib.testkit.RequiredTools;
import io.jenkins.plugins.harborjib.testkit.Samples;
import io.jenkins.plugins.harborjib.testkit.TestCa;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A few bad-input rows through the real jar, one JVM each, as the plugin starts it: the same checks as {@link
 * BadInputTest}, plus the child's own temporary folder ({@code -Djava.io.tmpdir}) must stay empty. And the one row
 * root cannot play: a file only its owner may read, pushed by a CLI running as {@code nobody}.
 */
class BadInputJarIT {
  private static final TestCa CA = TestCa.create("harbor-jib bad-input CA");

  @RegisterExtension
  static TestRegistry expired = TestRegistry.builder().https(CA, CA.issueExpiredServerCertificate()).build();

  @TempDir
  static Path root;

  private static Tripwire tripwire;

  @BeforeAll
  static void startTripwire() {
    tripwire = new Tripwire();
  }

  @AfterAll
  static void stopTripwire() {
    tripwire.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"tag-characters", "symlink-escaping", "zip-slip", "ca-pem-not-pem", "password-on-command-line",
      "unknown-flag", "certificate-expired"})
  void isRefusedClearlyByTheJar(String id) throws Exception {
    Case c = BadInputCases.byId(id);
    Workspace w = new Workspace(Files.createDirectories(root.resolve(id)), tripwire.host(),
        new BadInputCases.Registries(expired, null, null));
    Invocation invocation = c.setup().create(w);
    Path tmp = Files.createDirectories(w.dir.resolve("java-tmp"));
    List<String> inputs = BadInputTest.files(w.dir);
    int before = tripwire.connections();

    CliChild.Run run = CliChild.spec().jvm("-Xmx256m", "-Djava.io.tmpdir=" + tmp).stdin(invocation.stdin())
        .run(Duration.ofMinutes(1), invocation.args().toArray(String[]::new));

    String protocolOut = String.join("\n", run.stdoutLines());
    BadInputOutcome outcome = BadInputOutcome.read(invocation.args(), run.exitCode(), protocolOut, protocolOut,
        run.stderr(), w.resultFile());
    String written = run.everything() + (Files.isRegularFile(w.resultFile()) ? Files.readString(w.resultFile()) : "");
    List<String> left = new ArrayList<>(BadInputTest.files(w.dir));
    left.removeAll(inputs);
    left.remove("result.json");
    BadInputTest.assertRefusedClearly(c, outcome, written, tripwire.connections() - before, left);
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.toList()).as("the child's temporary folder").isEmpty();
    }
  }

  /**
   * Root reads every file, so this row runs the CLI as {@code nobody} ({@code setpriv}), on a copy of the sample's
   * classes in which one file is readable by its owner (root) only.
   */
  @Test
  void aFileTheUserCannotReadIsNamedWithTheFixBeforeAnyNetworkCall() throws Exception {
    assumeTrue(RequiredTools.isRoot() && RequiredTools.isOnPath("setpriv"), "needs root and setpriv to switch users");
    Path dir = Files.createTempDirectory("harbor-jib-nobody-");
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path classes = Files.createDirectories(dir.resolve("target/classes"));
      copyTree(Samples.helloAppClasses(), classes);
      Path secret = Files.writeString(classes.resolve("private.properties"), "owner.only=true\n");
      Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
      Path cache = Files.createDirectories(dir.resolve("cache"));
      Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
      Path tmp = Files.createDirectories(dir.resolve("tmp"));
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
      String request = "{\"protocolVersion\":1,\"target\":{\"registry\":\"" + tripwire.host() + "\",\"project\":\"app\","
          + "\"repository\":\"hello\",\"tags\":[\"1\"]},\"baseImage\":{\"reference\":\"base/jre17:17\"},"
          + "\"buildOutput\":{\"type\":\"exploded\",\"classes\":\"" + classes + "\"},\"tls\":{\"insecure\":true},"
          + "\"cacheDirectory\":\"" + cache + "\"}";
      int before = tripwire.connections();

      CliChild.Run run = CliChild.spec().asNobody().in(dir).jvm("-Xmx256m", "-Djava.io.tmpdir=" + tmp)
          .stdin(request).run(Duration.ofMinutes(1), "push", "--protocol", "json");

      assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
      assertThat(run.stdoutLines().get(run.stdoutLines().size() - 1)).contains("\"field\":\"buildOutput.classes\"",
          secret.toString(), "cannot be read by this user", "chmod a+r");
      assertThat(tripwire.connections()).isEqualTo(before);
      // The cache folder existed before: it keeps only the lock concurrent pushes share, nothing of this push.
      assertThat(BadInputTest.files(cache)).containsOnly("harbor-jib.lock");
      assertThat(BadInputTest.files(tmp)).isEmpty();
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
          Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        } else {
          Files.copy(p, target);
          Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        }
      }
    }
  }
}
