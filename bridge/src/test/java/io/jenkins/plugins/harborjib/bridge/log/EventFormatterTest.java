package io.jenkins.plugins.harborjib.bridge.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.bridge.PushOutcome;
import io.jenkins.plugins.harborjib.protocol.Verbosity;
import org.junit.jupiter.api.Test;

class EventFormatterTest {
  private static final String PHASE = "{\"protocolVersion\":1,\"type\":\"phase-started\",\"phase\":\"PREFLIGHT\","
      + "\"description\":\"checking the registries\"}";
  private static final String LAYER = "{\"protocolVersion\":1,\"type\":\"layer-done\",\"index\":3,\"count\":4,"
      + "\"layer\":{\"name\":\"classes\",\"digest\":\"sha256:0123456789abcdef0123\",\"size\":1234,\"status\":"
      + "\"UPLOADED\",\"platform\":\"linux/amd64\"}}";
  private static final String WARNING = "{\"protocolVersion\":1,\"type\":\"warning\",\"message\":\"INSECURE: no TLS\"}";
  private static final String DEBUG = "{\"protocolVersion\":1,\"type\":\"debug\",\"message\":\"trace\\n\\tat x\"}";
  private static final String PROGRESS = "{\"protocolVersion\":1,\"type\":\"upload-progress\",\"digest\":"
      + "\"sha256:0123456789abcdef0123\",\"bytesSent\":500000,\"size\":2000000}";
  private static final String NEW_TYPE = "{\"protocolVersion\":1,\"type\":\"sbom-ready\",\"digest\":\"sha256:1\"}";

  private final EventFormatter quiet = new EventFormatter(Verbosity.QUIET);
  private final EventFormatter normal = new EventFormatter(Verbosity.NORMAL);
  private final EventFormatter verbose = new EventFormatter(Verbosity.VERBOSE);

  @Test
  void showsOneReadableLinePerEvent() {
    assertThat(normal.format(PHASE)).contains("[harbor-jib] checking the registries");
    assertThat(normal.format(LAYER)).contains("[harbor-jib] layer 3/4 classes 1.2 kB uploaded");
    assertThat(normal.format(WARNING)).contains("[harbor-jib] WARNING: INSECURE: no TLS");
  }

  @Test
  void quietShowsOnlyWarnings() {
    assertThat(quiet.format(PHASE)).isEmpty();
    assertThat(quiet.format(LAYER)).isEmpty();
    assertThat(quiet.format(WARNING)).isPresent();
  }

  @Test
  void verboseAddsProgressDebugDigestsAndEventsOfNewerEngines() {
    assertThat(normal.format(PROGRESS)).isEmpty();
    assertThat(verbose.format(PROGRESS)).contains("[harbor-jib] uploading sha256:0123456789ab 500.0 kB of 2.0 MB");
    assertThat(verbose.format(LAYER).orElseThrow()).endsWith("sha256:0123456789ab linux/amd64");
    assertThat(verbose.format(DEBUG)).contains("[harbor-jib] debug: trace\n[harbor-jib]     \tat x");
    assertThat(normal.format(NEW_TYPE)).isEmpty();
    assertThat(verbose.format(NEW_TYPE).orElseThrow()).startsWith("[harbor-jib] (sbom-ready) ");
    assertThat(verbose.format("Picked up something")).contains("[harbor-jib] (engine) Picked up something");
  }

  @Test
  void leavesTheFinalLineToTheSummary() {
    assertThat(verbose.format(PushOutcomeTestLines.RESULT)).isEmpty();
    assertThat(EventFormatter.isFinal(PushOutcomeTestLines.RESULT)).isTrue();
    assertThat(EventFormatter.isFinal(PHASE)).isFalse();
  }

  @Test
  void summarisesThePushWithLinkAndScan() {
    PushOutcome outcome = PushOutcome.fromLine(PushOutcomeTestLines.withScan(), 0);

    assertThat(quiet.summary(outcome, "https://harbor.example.com")).containsExactly(
        "[harbor-jib] pushed harbor.example.com/app/demo@" + PushOutcomeTestLines.DIGEST
            + " (tags 42, latest; 60.0 MB, 1.2 kB uploaded) in 3.4 s",
        "[harbor-jib] Harbor: https://harbor.example.com/harbor/projects/3",
        "[harbor-jib] vulnerability scan: PASS (0 Critical, 0 High) - no vulnerabilities at or above High");
  }

  @Test
  void endsTheSummaryWithHarborsNotesOnChecksThatWereNotAllowed() {
    String note = "Harbor's record of app/demo@sha256:abc was not checked: Harbor refused it to 'robot$app+ci'"
        + " (HTTP 403); 'Artifact: Read' (a robot account permission; for a user: any member role) would allow it.";
    PushOutcome outcome = PushOutcome.fromLine(PushOutcomeTestLines.RESULT.substring(0,
        PushOutcomeTestLines.RESULT.length() - 1) + ",\"harbor\":{\"version\":\"v2.15.2\",\"artifactUrl\":"
        + "\"https://harbor.example.com/harbor/projects/3\",\"notes\":[\"" + note + "\"]}}", 0);

    assertThat(outcome.harbor().orElseThrow().notes()).containsExactly(note);
    assertThat(quiet.summary(outcome, "")).last().isEqualTo("[harbor-jib] Harbor note: " + note);
  }

  @Test
  void summarisesAFailureWithKindAndField() {
    PushOutcome failure = PushOutcome.failure("NETWORK", "Nothing accepts connections at 127.0.0.1:1", 5);

    assertThat(normal.summary(failure, "")).containsExactly(
        "[harbor-jib] ERROR (NETWORK): Nothing accepts connections at 127.0.0.1:1");
  }

  @Test
  void writesSizesAndDurationsForPeople() {
    assertThat(EventFormatter.size(999)).isEqualTo("999 B");
    assertThat(EventFormatter.size(61_234_567)).isEqualTo("61.2 MB");
    assertThat(EventFormatter.duration(850)).isEqualTo("850 ms");
    assertThat(EventFormatter.duration(125_000)).isEqualTo("2 min 5 s");
  }

  /** Result lines as the engine writes them. */
  static final class PushOutcomeTestLines {
    static final String DIGEST = "sha256:" + "ab".repeat(32);
    static final String RESULT = "{\"protocolVersion\":1,\"type\":\"result\",\"reference\":\"harbor.example.com/app/"
        + "demo@" + DIGEST + "\",\"digest\":\"" + DIGEST + "\",\"registry\":\"harbor.example.com\",\"project\":\"app\","
        + "\"repository\":\"demo\",\"tags\":[\"42\",\"latest\"],\"layers\":[{\"name\":\"base\",\"digest\":\"sha256:1\","
        + "\"size\":60000000,\"status\":\"MOUNTED\",\"platform\":\"linux/amd64\"}],\"bytesUploaded\":1200,"
        + "\"durationMillis\":3400}";

    static String withScan() {
      return RESULT.substring(0, RESULT.length() - 1) + ",\"harbor\":{\"version\":\"v2.15.2\",\"artifactUrl\":"
          + "\"https://harbor.example.com/harbor/projects/3\",\"scan\":{\"outcome\":\"PASS\",\"counts\":{\"Critical\":0,"
          + "\"High\":0},\"summary\":\"no vulnerabilities at or above High\"}}}";
    }
  }
}
