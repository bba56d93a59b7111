package io.jenkins.plugins.harborjib.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.cli.reliability.BadInputCases.Case;
import io.jenkins.plugins.harborjib.cli.reliability.BadInputCases.Invocation;
import io.jenkins.plugins.harborjib.cli.reliability.BadInputCases.Stage;
import io.jenkins.plugins.harborjib.cli.reliability.BadInputCases.Workspace;
import io.jenkins.plugins.harborjib.testkit.TestCa;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of {@link BadInputCases} through the real CLI and engine in this JVM: the exit code, the kind, the field,
 * the value and the fix in the message; nothing reaches the network (a {@link Tripwire} registry counts connections)
 * except where only a TLS handshake can tell; no file is left in the cache folder or the workspace. The rows and the
 * messages they got are written to {@code target/reliability/bad-input-table.md} for docs/reliability.md.
 */
class BadInputTest {
  private static final TestCa CA = TestCa.create("harbor-jib bad-input CA");

  @RegisterExtension
  static TestRegistry expired = TestRegistry.builder().https(CA, CA.issueExpiredServerCertificate()).build();

  @RegisterExtension
  static TestRegistry wrongHost = TestRegistry.builder().https(CA, CA.issueServerCertificateForWrongHost()).build();

  @RegisterExtension
  static TestRegistry untrusted = TestRegistry.https();

  @TempDir
  static Path root;

  private static Tripwire tripwire;
  private static final Map<String, String> TABLE = Collections.synchronizedMap(new TreeMap<>());

  @BeforeAll
  static void startTripwire() {
    tripwire = new Tripwire();
  }

  @AfterAll
  static void writeTable() throws IOException {
    tripwire.close();
    List<String> rows = new ArrayList<>();
    rows.add("| case | input | surface | field | exit | message (start) |");
    rows.add("|---|---|---|---|---|---|");
    for (Case c : BadInputCases.all()) {
      String message = TABLE.getOrDefault(c.id(), "(not run)");
      rows.add("| `" + c.id() + "` | " + c.what() + " | " + c.surface().name().toLowerCase() + " | "
          + (c.field() == null ? "—" : "`" + c.field() + "`") + " | " + c.exitCode() + " | "
          + excerpt(message) + " |");
    }
    Path out = Path.of("target", "reliability", "bad-input-table.md");
    Files.createDirectories(out.getParent());
    Files.write(out, rows, StandardCharsets.UTF_8);
  }

  static List<Case> cases() {
    return BadInputCases.all();
  }

  @Test
  void theTableHasAtLeastThirtyRowsWithUniqueIds() {
    assertThat(cases()).hasSizeGreaterThanOrEqualTo(30);
    assertThat(cases()).extracting(Case::id).doesNotHaveDuplicates();
  }

  @Test
  void theTripwireNoticesAValidRequestThatGoesOnline() throws Exception {
    Workspace w = new Workspace(Files.createDirectories(root.resolve("control")), tripwire.host(),
        new BadInputCases.Registries(expired, wrongHost, untrusted));
    int before = tripwire.connections();
    Invocation valid = w.json(r -> { });

    InProcessCli.Run run = InProcessCli.run(valid.stdin(), valid.args().toArray(String[]::new));

    assertThat(run.exitCode()).as(run.everything()).isNotEqualTo(2);
    assertThat(tripwire.connections()).isGreaterThan(before);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRefusedClearly(Case c) throws Exception {
    Workspace w = new Workspace(Files.createDirectories(root.resolve(c.id())), tripwire.host(),
        new BadInputCases.Registries(expired, wrongHost, untrusted));
    Invocation invocation = c.setup().create(w);
    List<String> inputs = files(w.dir);
    int before = tripwire.connections();

    InProcessCli.Run run = InProcessCli.run(invocation.stdin(), invocation.args().toArray(String[]::new));
    BadInputOutcome outcome = BadInputOutcome.read(invocation.args(), run.exitCode(), run.protocolOut(),
        run.stdout(), run.stderr(), w.resultFile());
    TABLE.put(c.id(), outcome.message().replace(w.dir.toString(), "<workspace>")
        .replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:PORT"));

    String written = run.everything() + (Files.isRegularFile(w.resultFile()) ? Files.readString(w.resultFile()) : "");
    List<String> left = new ArrayList<>(files(w.dir));
    left.removeAll(inputs);
    left.remove("result.json");
    assertRefusedClearly(c, outcome, written, tripwire.connections() - before, left);
  }

  /** The checks every row gets, in this JVM and through the jar. */
  static void assertRefusedClearly(Case c, BadInputOutcome outcome, String written, int connections,
      List<String> filesLeft) {
    assertThat(outcome.exitCode()).as("exit code; output:\n%s", written).isEqualTo(c.exitCode());
    outcome.kind().ifPresent(k -> assertThat(k).isEqualTo(c.exitCode() == 2 ? "INVALID_INPUT" : "TLS"));
    if (c.field() != null) {
      assertThat(outcome.field()).as("field; message: %s", outcome.message()).hasValue(c.field());
    }
    assertThat(outcome.message()).contains(c.mentions());
    if (c.flag() != null) {
      assertThat(outcome.humanText()).contains(c.flag());
    }
    if (c.stage() == Stage.BEFORE_NETWORK) {
      assertThat(connections).as("connections to the registry").isZero();
    }
    assertThat(written).as("what the CLI wrote").doesNotContain(BadInputCases.PASSWORD)
        .doesNotContain(BadInputCases.TYPED_PASSWORD);
    assertThat(filesLeft).as("files left behind").isEmpty();
  }

  static List<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
          .map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  /** The start of a message, safe inside a Markdown table cell. */
  static String excerpt(String message) {
    String one = message.strip().replace("\n", " ").replace("|", "\\|");
    return one.length() <= 170 ? one : one.substring(0, 167) + "...";
  }
}
