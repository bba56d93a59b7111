package io.jenkins.plugins.harborjib.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.ImageTarget;
import io.jenkins.plugins.harborjib.engine.LayerReport;
import io.jenkins.plugins.harborjib.engine.LayerStatus;
import io.jenkins.plugins.harborjib.engine.Phase;
import io.jenkins.plugins.harborjib.engine.PhaseTiming;
import io.jenkins.plugins.harborjib.engine.PushEvent;
import io.jenkins.plugins.harborjib.engine.PushResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LineJsonTest {
  private static final LayerReport CLASSES = new LayerReport("classes", "sha256:" + "c".repeat(64), 12_300,
      LayerStatus.UPLOADED, "linux/amd64");
  private static final LayerReport BASE = new LayerReport("base", "sha256:" + "b".repeat(64), 30_000_000,
      LayerStatus.MOUNTED, "linux/amd64");

  @Test
  void roundTripsEveryEvent() {
    List<PushEvent> events = List.of(
        new PushEvent.PhaseStarted(Phase.PREFLIGHT),
        new PushEvent.PhaseFinished(Phase.PUSH, Duration.ofMillis(1234)),
        new PushEvent.UploadProgress(CLASSES.digest(), 1000, 12_300),
        new PushEvent.LayerDone(3, 7, CLASSES),
        new PushEvent.Retry("pushing blob sha256:cc", 2, "Connection reset"),
        new PushEvent.Warning("careful"),
        new PushEvent.Info("note \"quoted\" \u00e9"),
        new PushEvent.Debug("detail\nwith a line break"));

    for (PushEvent event : events) {
      String line = LineJson.write(new ProtocolLine.Event(event));
      assertThat(line).doesNotContain("\n").startsWith("{\"protocolVersion\":1,\"type\":");
      assertThat(LineJson.read(line)).isEqualTo(new ProtocolLine.Event(event));
    }
  }

  @Test
  void writesEventsInTheDocumentedShape() {
    assertThat(LineJson.write(new ProtocolLine.Event(new PushEvent.PhaseStarted(Phase.PUSH))))
        .isEqualTo("{\"protocolVersion\":1,\"type\":\"phase-started\",\"phase\":\"PUSH\","
            + "\"description\":\"building and pushing the image\"}");
    assertThat(LineJson.write(new ProtocolLine.Event(new PushEvent.LayerDone(3, 7, CLASSES))))
        .isEqualTo("{\"protocolVersion\":1,\"type\":\"layer-done\",\"index\":3,\"count\":7,\"layer\":{"
            + "\"name\":\"classes\",\"digest\":\"" + CLASSES.digest() + "\",\"size\":12300,\"status\":\"UPLOADED\","
            + "\"platform\":\"linux/amd64\"}}");
  }

  @Test
  void roundTripsAResult() {
    ImageTarget target = new ImageTarget("harbor.example.com", "app", "team/demo", List.of("42", "latest"));
    PushResult result = new PushResult(target, "sha256:" + "d".repeat(64), "sha256:" + "e".repeat(64),
        target.tags(), List.of(BASE, CLASSES),
        List.of(new PhaseTiming(Phase.VALIDATE, Duration.ofMillis(3)), new PhaseTiming(Phase.PUSH, Duration.ofMillis(900))));

    String line = LineJson.write(new ProtocolLine.Result(result));

    assertThat(line).contains("\"type\":\"result\"",
        "\"reference\":\"harbor.example.com/app/team/demo@sha256:" + "d".repeat(64) + "\"",
        "\"taggedReferences\":[\"harbor.example.com/app/team/demo:42\",\"harbor.example.com/app/team/demo:latest\"]",
        "\"bytesUploaded\":12300", "\"bytesPresent\":30000000", "\"durationMillis\":903");
    assertThat(LineJson.read(line)).isEqualTo(new ProtocolLine.Result(result));
  }

  @Test
  void roundTripsAResultWithHarborsReportAndTheGatesVerdict() {
    ImageTarget target = new ImageTarget("harbor.example.com", "app", "demo", List.of("42"));
    io.jenkins.plugins.harborjib.engine.ScanReport scan = new io.jenkins.plugins.harborjib.engine.ScanReport(
        io.jenkins.plugins.harborjib.engine.harbor.GateOutcome.FAIL, "1 High vulnerability fails the gate",
        java.util.Map.of("High", 1), List.of("CVE-2026-1 (High) in libx 1.0, fixed in 1.1"), List.of("CVE-2026-9"),
        true, Duration.ofSeconds(4));
    io.jenkins.plugins.harborjib.engine.HarborReport harbor = new io.jenkins.plugins.harborjib.engine.HarborReport(
        "https://harbor.example.com", Optional.of("v2.15.2"), "https://harbor.example.com/harbor/projects/3/"
            + "repositories/demo/artifacts-tab/artifacts/sha256:" + "d".repeat(64), true, List.of("qa"),
        Optional.of(scan), List.of("The storage quota of project 'app' was not checked: Harbor refused it to"
            + " 'robot$app+ci' (HTTP 403)"));
    PushResult result = new PushResult(target, "sha256:" + "d".repeat(64), "sha256:" + "e".repeat(64),
        target.tags(), List.of(BASE, CLASSES), List.of(new PhaseTiming(Phase.SCAN, Duration.ofMillis(4000))),
        Optional.of(harbor));

    String line = LineJson.write(new ProtocolLine.Result(result));

    assertThat(line).contains("\"harbor\":{\"serverUrl\":\"https://harbor.example.com\"", "\"outcome\":\"FAIL\"",
        "\"notes\":[\"The storage quota of project 'app' was not checked");
    assertThat(LineJson.read(line)).isEqualTo(new ProtocolLine.Result(result));
    assertThat(ExitCode.of(result)).isEqualTo(ExitCode.GATE_FAILED);
  }

  @Test
  void roundTripsAnErrorWithItsExitCode() {
    ProtocolLine.Failure failure = new ProtocolLine.Failure(ErrorKind.AUTHENTICATION, Optional.empty(),
        "harbor.example.com rejected the credentials of robot$app+ci");

    String line = LineJson.write(failure);

    assertThat(line).isEqualTo("{\"protocolVersion\":1,\"type\":\"error\",\"kind\":\"AUTHENTICATION\",\"exitCode\":3,"
        + "\"message\":\"harbor.example.com rejected the credentials of robot$app+ci\"}");
    assertThat(LineJson.read(line)).isEqualTo(failure);
    ProtocolLine.Failure withField = new ProtocolLine.Failure(ErrorKind.INVALID_INPUT, Optional.of("target.tags[0]"), "bad");
    assertThat(LineJson.read(LineJson.write(withField))).isEqualTo(withField);
  }

  @Test
  void toleratesFieldsAndLineTypesItDoesNotKnow() {
    assertThat(LineJson.read("{\"protocolVersion\":1,\"type\":\"warning\",\"message\":\"m\",\"since\":\"1.1\"}"))
        .isEqualTo(new ProtocolLine.Event(new PushEvent.Warning("m")));
    String future = "{\"protocolVersion\":1,\"type\":\"scan-finished\",\"critical\":0}";
    assertThat(LineJson.read(future)).isEqualTo(new ProtocolLine.Unknown("scan-finished", future));
  }

  @Test
  void refusesWhatIsNotAProtocolLine() {
    assertThatThrownBy(() -> LineJson.read("Picked up JAVA_TOOL_OPTIONS: -Xmx1g"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JSON protocol line");
    assertThatThrownBy(() -> LineJson.read("{\"message\":\"m\"}")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LineJson.read("{\"protocolVersion\":2,\"type\":\"info\",\"message\":\"m\"}"))
        .hasMessageContaining("protocol version 2");
  }

  @Test
  void writesAPrettyResultForFiles() {
    String pretty = LineJson.writePretty(new ProtocolLine.Failure(ErrorKind.TLS, Optional.empty(), "untrusted"));

    assertThat(pretty).contains("\n  \"kind\" : \"TLS\"");
    assertThat(LineJson.read(pretty.replace("\n", ""))).isInstanceOf(ProtocolLine.Failure.class);
  }
}
