package io.jenkins.plugins.harborjib.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PushOutcomeTest {
  static final String DIGEST = "sha256:" + "ab".repeat(32);
  static final String RESULT = "{\"protocolVersion\":1,\"type\":\"result\",\"reference\":\"harbor.example.com/app/demo@"
      + DIGEST + "\",\"digest\":\"" + DIGEST + "\",\"imageId\":\"sha256:" + "cd".repeat(32) + "\",\"registry\":"
      + "\"harbor.example.com\",\"project\":\"app\",\"repository\":\"demo\",\"tags\":[\"42\",\"latest\"],"
      + "\"layers\":[{\"name\":\"base\",\"digest\":\"sha256:1\",\"size\":60000000,\"status\":\"MOUNTED\",\"platform\":"
      + "\"linux/amd64\"},{\"name\":\"classes\",\"digest\":\"sha256:2\",\"size\":1200,\"status\":\"UPLOADED\","
      + "\"platform\":\"linux/amd64\"}],\"bytesUploaded\":1200,\"bytesPresent\":60000000,\"durationMillis\":3400}";

  static String withHarbor(String result, String outcome) {
    return result.substring(0, result.length() - 1) + ",\"harbor\":{\"version\":\"v2.15.2\",\"artifactUrl\":"
        + "\"https://harbor.example.com/harbor/projects/3/repositories/demo/artifacts-tab/artifacts/" + DIGEST + "\","
        + "\"scan\":{\"outcome\":\"" + outcome + "\",\"counts\":{\"Critical\":0,\"High\":2},\"summary\":\"2 High\"}}}";
  }

  @Test
  void readsAResultAndReturnsOnlyStringsAndListsToThePipeline() {
    PushOutcome outcome = PushOutcome.fromLine(RESULT, 0);

    assertThat(outcome.status()).isEqualTo(PushOutcome.Status.PUSHED);
    assertThat(outcome.sizeBytes()).isEqualTo(60_001_200L);
    Map<String, Object> result = outcome.toStepResult("https://harbor.example.com");
    assertThat(result).containsEntry("digest", DIGEST)
        .containsEntry("reference", "harbor.example.com/app/demo@" + DIGEST)
        .containsEntry("image", "harbor.example.com/app/demo")
        .containsEntry("tags", List.of("42", "latest"))
        .containsEntry("harborUrl", "https://harbor.example.com")
        .containsEntry("scanOutcome", "");
    assertThat(result.values()).allSatisfy(v -> assertThat(v).isInstanceOfAny(String.class, List.class));
  }

  @Test
  void crossesTheChannelAsJsonAndBack() {
    PushOutcome back = PushOutcome.parse(PushOutcome.fromLine(withHarbor(RESULT, "UNSTABLE"), 0).toJson());

    assertThat(back.status()).isEqualTo(PushOutcome.Status.PUSHED);
    assertThat(back.scanOutcome()).contains("UNSTABLE");
    assertThat(back.harbor().orElseThrow().scanCounts()).containsEntry("High", 2L);
    assertThat(back.harborUrl("x")).startsWith("https://harbor.example.com/harbor/projects/3/");
    assertThat(back.exitCode()).isZero();
  }

  @Test
  void anUnstableGateIsAPushWhateverItsExitCode() {
    PushOutcome outcome = PushOutcome.fromLine(withHarbor(RESULT, "UNSTABLE"), 12);

    assertThat(outcome.status()).isEqualTo(PushOutcome.Status.PUSHED);
    assertThat(outcome.scanOutcome()).contains("UNSTABLE");
  }

  @Test
  void aFailedGateMeansPushedButFailed() {
    PushOutcome outcome = PushOutcome.fromLine(withHarbor(RESULT, "FAIL"), 9);

    assertThat(outcome.status()).isEqualTo(PushOutcome.Status.GATE_FAILED);
    assertThat(outcome.imagePushed()).isTrue();
    assertThat(outcome.message()).isEqualTo("the vulnerability gate failed: 2 High");
  }

  @Test
  void readsAnError() {
    PushOutcome outcome = PushOutcome.parse(PushOutcome.fromLine("{\"protocolVersion\":1,\"type\":\"error\",\"kind\":"
        + "\"INVALID_INPUT\",\"exitCode\":2,\"field\":\"target.tags[0]\",\"message\":\"bad tag\"}", 2).toJson());

    assertThat(outcome.status()).isEqualTo(PushOutcome.Status.FAILED);
    assertThat(outcome.kind()).isEqualTo("INVALID_INPUT");
    assertThat(outcome.field()).contains("target.tags[0]");
    assertThat(outcome.message()).isEqualTo("bad tag");
    assertThat(outcome.exitCode()).isEqualTo(2);
  }
}
