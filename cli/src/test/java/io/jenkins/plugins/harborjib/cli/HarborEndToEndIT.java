package io.jenkins.plugins.harborjib.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.protocol.LineJson;
import io.jenkins.plugins.harborjib.protocol.ProtocolLine;
import io.jenkins.plugins.harborjib.engine.PushResult;
import io.jenkins.plugins.harborjib.engine.harbor.GateOutcome;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.RequiredTools;
import io.jenkins.plugins.harborjib.testkit.Samples;
import io.jenkins.plugins.harborjib.testkit.Skopeo;
import io.jenkins.plugins.harborjib.testkit.harbor.Access;
import io.jenkins.plugins.harborjib.testkit.harbor.HarborStandIn;
import io.jenkins.plugins.harborjib.testkit.harbor.ScanResult;
import io.jenkins.plugins.harborjib.testkit.harbor.Vuln;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI jar in a child process against Harbor (the stand-in: Harbor's API and token service in front of the
 * real registry, over HTTPS with a private CA given by --ca-file), as the robot account {@code robot$app+ci}.
 */
class HarborEndToEndIT {
  private static final String ROBOT = "robot$app+ci";
  private static final String SECRET = "Cli-Rob0t-S3cret";
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  @RegisterExtension
  static HarborStandIn harbor = HarborStandIn.create();

  @TempDir
  Path dir;

  private Path caFile;
  private Path secretFile;

  @BeforeEach
  void harborWithABaseImageAndARobot() throws IOException {
    RequiredTools.requireSkopeo();
    harbor.reset();
    harbor.addProject("base", true, false, -1);
    BaseImageFixture.push(harbor.registryHost() + "/base/jre17:17", HarborStandIn.ADMIN, harbor.adminPassword(),
        true);
    harbor.addProject("app");
    harbor.addRobot(ROBOT, SECRET, "app", Access.PUSH, Access.PULL, Access.READ_ARTIFACT, Access.CREATE_SCAN,
        Access.READ_ADDITION, Access.READ_QUOTA, Access.READ_PROJECT);
    harbor.clearLogs();
    caFile = Files.writeString(dir.resolve("harbor-ca.pem"), harbor.caPem(), StandardCharsets.UTF_8);
    secretFile = Files.writeString(dir.resolve("robot-secret"), SECRET + "\n", StandardCharsets.UTF_8);
  }

  @AfterEach
  void followsHarborsApiDescription() {
    harbor.assertNoValidationFailures();
  }

  private CliProcess.Run push(String project, String... more) {
    List<String> args = new ArrayList<>(List.of("push", "--harbor",
        "--registry", harbor.registryHost(), "--project", project, "--repository", "hello", "--tag", "1",
        "--from", "base/jre17:17", "--username", ROBOT, "--password-file", secretFile.toString(),
        "--ca-file", caFile.toString(), "--build-output", Samples.helloApp().toString(),
        "--cache-dir", dir.resolve("cache").toString(), "--result-file", dir.resolve("result.json").toString()));
    args.addAll(List.of(more));
    return CliProcess.run(new byte[0], TIMEOUT, args.toArray(String[]::new));
  }

  private PushResult result() throws IOException {
    ProtocolLine line = LineJson.read(Files.readString(dir.resolve("result.json")).replace("\n", ""));
    assertThat(line).isInstanceOf(ProtocolLine.Result.class);
    return ((ProtocolLine.Result) line).result();
  }

  @Test
  void aRobotPushesToHarborAndGetsTheArtifactsLink() throws IOException {
    CliProcess.Run run = push("app");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    PushResult result = result();
    assertThat(result.harbor().orElseThrow().artifactUrl()).startsWith(harbor.url() + "/harbor/projects/")
        .endsWith("/artifacts-tab/artifacts/" + result.digest());
    assertThat(run.stdout()).contains("harbor    " + result.harbor().get().artifactUrl());
    assertThat(Skopeo.trusting(harbor.registryHost(), harbor.ca().writeCertDir(dir.resolve("certs")))
        .withCredentials(ROBOT, SECRET.toCharArray()).inspect("app/hello:1").digest()).isEqualTo(result.digest());
    assertThat(run.everything()).doesNotContain(SECRET);
  }

  @Test
  void aMissingProjectExitsSevenBeforeAnyUpload() {
    CliProcess.Run run = push("nope");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(7);
    assertThat(run.stderr()).contains("no project 'nope'");
    assertThat(harbor.blobUploads()).isEmpty();
  }

  @Test
  void aHighCveFailsTheGateWithExitElevenAndTheResultSaysWhy() throws IOException {
    harbor.setScanResult("app", "hello",
        ScanResult.finding(Vuln.fixable("CVE-2026-2222", "High", "libexample", "1.0.0", "1.0.2")));

    CliProcess.Run failed = push("app", "--scan-gate", "high", "--scan-timeout", "1m");
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(11);
    PushResult result = result();
    assertThat(result.gateOutcome()).contains(GateOutcome.FAIL);
    assertThat(result.harbor().orElseThrow().scan().orElseThrow().worstFixable()).singleElement().asString()
        .contains("CVE-2026-2222", "1.0.2");
    assertThat(failed.stdout()).contains("scan      FAIL");

    CliProcess.Run allowed = push("app", "--scan-gate", "high", "--scan-allow", "CVE-2026-2222");
    assertThat(allowed.exitCode()).as(allowed.toString()).isZero();

    CliProcess.Run unstable = push("app", "--scan-gate", "high", "--scan-unstable");
    assertThat(unstable.exitCode()).as(unstable.toString()).isEqualTo(12);
  }
}
