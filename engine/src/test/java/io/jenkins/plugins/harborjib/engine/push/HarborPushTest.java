package io.jenkins.plugins.harborjib.engine.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.jenkins.plugins.harborjib.engine.BaseImage;
import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.HarborJib;
import io.jenkins.plugins.harborjib.engine.HarborSettings;
import io.jenkins.plugins.harborjib.engine.ImageTarget;
import io.jenkins.plugins.harborjib.engine.Phase;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.PushRequest;
import io.jenkins.plugins.harborjib.engine.PushResult;
import io.jenkins.plugins.harborjib.engine.RecordedEvents;
import io.jenkins.plugins.harborjib.engine.ScanReport;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import io.jenkins.plugins.harborjib.engine.harbor.GateOutcome;
import io.jenkins.plugins.harborjib.engine.harbor.Severity;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.Samples;
import io.jenkins.plugins.harborjib.testkit.Skopeo;
import io.jenkins.plugins.harborjib.testkit.harbor.Access;
import io.jenkins.plugins.harborjib.testkit.harbor.HarborStandIn;
import io.jenkins.plugins.harborjib.testkit.harbor.LoggedRequest;
import io.jenkins.plugins.harborjib.testkit.harbor.ScanResult;
import io.jenkins.plugins.harborjib.testkit.harbor.Vuln;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine pushing to Harbor (the stand-in: Harbor's API and token service in front of the real registry) as a
 * robot account, with the checks before the upload, the confirmation after it, labels and the vulnerability gate.
 * The stand-in's private CA is given per request, which makes Jib in this test JVM trust it (one CA per process).
 */
class HarborPushTest {
  private static final String ROBOT = "robot$app+ci";
  private static final String SECRET = "Rb0t-Push-S3cret";
  private static final Vuln HIGH = Vuln.fixable("CVE-2026-1111", "High", "libexample", "1.0.0", "1.0.1");

  @RegisterExtension
  static HarborStandIn harbor = HarborStandIn.create();

  @TempDir
  Path cache;

  private final RecordedEvents events = new RecordedEvents();

  @BeforeEach
  void projects() {
    harbor.reset();
    harbor.addProject("base", true, false, -1);
    BaseImageFixture.push(harbor.registryHost() + "/base/jre17:17", HarborStandIn.ADMIN, harbor.adminPassword(),
        true);
    harbor.addProject("app");
    // Push and pull; Artifact: Read to confirm; Project and Quota: Read for the quota test; Label: List and Artifact
    // Label: Create for the label test; Scan: Create and Artifact Addition: Read for the gate tests.
    harbor.addRobot(ROBOT, SECRET, "app", Access.PUSH, Access.PULL, Access.READ_ARTIFACT, Access.READ_PROJECT,
        Access.READ_QUOTA, Access.LIST_LABEL, Access.ADD_LABEL, Access.CREATE_SCAN, Access.READ_ADDITION);
    harbor.clearLogs();
  }

  @AfterEach
  void followsHarborsApiDescription() {
    harbor.assertNoValidationFailures();
  }

  private PushRequest.Builder request(String project, HarborSettings settings) {
    return PushRequest.builder(
            new BuildOutput.Exploded(Samples.helloAppClasses(), Optional.of(Samples.helloAppDependencies())),
            BaseImage.of("base/jre17:17"), new ImageTarget(harbor.registryHost(), project, "hello", List.of("1", "latest")))
        .credentials(Credentials.of(ROBOT, SECRET.toCharArray()))
        .tls(TlsSettings.withCaPem(harbor.caPem()))
        .cacheDirectory(cache)
        .harbor(settings);
  }

  private PushException failure(PushRequest request) {
    Throwable thrown = catchThrowable(() -> HarborJib.push(request, events));
    assertThat(thrown).isInstanceOf(PushException.class);
    assertThat(thrown.getMessage()).doesNotContain(SECRET);
    return (PushException) thrown;
  }

  private List<LoggedRequest> blobUploads() {
    return harbor.blobUploads();
  }

  @Test
  void aRobotPushesThroughHarborsTokenFlowAndHarborConfirmsTheArtifact() throws Exception {
    PushResult result = HarborJib.push(request("app", HarborSettings.AUTO).build(), events);

    assertThat(result.harbor()).isPresent();
    assertThat(result.harbor().get().artifactUrl())
        .isEqualTo(harbor.url() + "/harbor/projects/" + harbor.projectId("app")
            + "/repositories/hello/artifacts-tab/artifacts/" + result.digest());
    assertThat(result.harbor().get().version()).isPresent();
    assertThat(result.timings()).extracting(t -> t.phase()).contains(Phase.CONFIRM).doesNotContain(Phase.SCAN);
    assertThat(Skopeo.trusting(harbor.registryHost(), harbor.ca().writeCertDir(cache.resolve("certs")))
        .withCredentials(ROBOT, SECRET.toCharArray()).inspect("app/hello:1").digest()).isEqualTo(result.digest());
    assertThat(harbor.requests()).anySatisfy(r -> assertThat(r.path()).isEqualTo("/service/token"));
  }

  @Test
  void aMissingProjectIsReportedBeforeAnyBlobUpload() {
    PushException e = failure(request("missing", HarborSettings.REQUIRED).build());

    assertThat(e.kind()).isEqualTo(ErrorKind.PROJECT_NOT_FOUND);
    assertThat(e.getMessage()).contains("no project 'missing'", ROBOT);
    assertThat(blobUploads()).isEmpty();
  }

  @Test
  void aMissingProjectIsCreatedPrivateWhenAskedAndThePushSucceeds() throws Exception {
    harbor.addUser("lead", "Lead-Passw0rd");
    PushRequest r = request("newproject", HarborSettings.REQUIRED.withCreateProject(true, false, Optional.empty()))
        .credentials(Credentials.of("lead", "Lead-Passw0rd".toCharArray())).build();

    PushResult result = HarborJib.push(r, events);

    assertThat(harbor.hasProject("newproject")).isTrue();
    assertThat(harbor.projectMetadata("newproject")).containsEntry("public", "false");
    assertThat(result.harbor().orElseThrow().projectCreated()).isTrue();
  }

  @Test
  void wrongPasswordNoPushPermissionAndAFullQuotaAreThreeDistinctErrorsBeforeUpload() {
    PushException wrong = failure(request("app", HarborSettings.REQUIRED)
        .credentials(Credentials.of(ROBOT, "Wr0ng-S3cret".toCharArray())).build());
    harbor.addRobot("robot$app+reader", SECRET, "app", Access.PULL, Access.READ_ARTIFACT, Access.READ_PROJECT);
    PushException readOnly = failure(request("app", HarborSettings.REQUIRED)
        .credentials(Credentials.of("robot$app+reader", SECRET.toCharArray())).build());
    harbor.setQuota("app", 1_000_000, 999_000);
    PushException quota = failure(request("app", HarborSettings.REQUIRED).build());

    assertThat(wrong.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
    assertThat(wrong.getMessage()).contains(ROBOT).doesNotContain("Wr0ng-S3cret");
    assertThat(readOnly.kind()).isEqualTo(ErrorKind.PERMISSION_DENIED);
    assertThat(readOnly.getMessage()).contains("robot$app+reader", "may not push", "'app'");
    assertThat(quota.kind()).isEqualTo(ErrorKind.QUOTA_EXCEEDED);
    assertThat(blobUploads()).isEmpty();
  }

  @Test
  void aMissingLabelIsReportedBeforeUploadAndExistingOnesAreAttached() throws Exception {
    PushException missing = failure(request("app", HarborSettings.REQUIRED.withLabels(List.of("qa-passed"))).build());
    assertThat(missing.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(missing.getMessage()).contains("'qa-passed'");
    assertThat(blobUploads()).isEmpty();

    harbor.addProjectLabel("app", "qa-passed");
    PushResult result = HarborJib.push(request("app", HarborSettings.REQUIRED.withLabels(List.of("qa-passed")))
        .build(), events);
    assertThat(result.harbor().orElseThrow().labels()).containsExactly("qa-passed");
    assertThat(harbor.labelsOn("app", "hello", result.digest())).containsExactly("qa-passed");
  }

  @Test
  void theGateFailsAHighCveAtThresholdHighAndPassesItAtCriticalOrWhenAllowListed() throws Exception {
    harbor.setScanResult("app", "hello", ScanResult.finding(HIGH));

    ScanReport atHigh = gate(new HarborSettings.ScanGate(Severity.HIGH, HarborSettings.OnViolation.FAIL, Set.of(),
        Duration.ofMinutes(1), true, false));
    ScanReport atCritical = gate(HarborSettings.ScanGate.failAt(Severity.CRITICAL));
    ScanReport allowed = gate(new HarborSettings.ScanGate(Severity.HIGH, HarborSettings.OnViolation.FAIL,
        Set.of("CVE-2026-1111"), Duration.ofMinutes(1), true, false));
    ScanReport unstable = gate(new HarborSettings.ScanGate(Severity.HIGH, HarborSettings.OnViolation.UNSTABLE,
        Set.of(), Duration.ofMinutes(1), true, false));

    assertThat(atHigh.outcome()).isEqualTo(GateOutcome.FAIL);
    assertThat(atHigh.counts()).containsEntry("High", 1);
    assertThat(atHigh.worstFixable()).singleElement().asString().contains("CVE-2026-1111", "fixed in 1.0.1");
    assertThat(atCritical.outcome()).isEqualTo(GateOutcome.PASS);
    assertThat(allowed.outcome()).isEqualTo(GateOutcome.PASS);
    assertThat(allowed.allowListed()).containsExactly("CVE-2026-1111");
    assertThat(unstable.outcome()).isEqualTo(GateOutcome.UNSTABLE);
  }

  @Test
  void aScanThatNeverFinishesFailsTheGateAfterTheTimeoutSayingSo() throws Exception {
    harbor.setScanResult("app", "hello", ScanResult.neverFinishing());

    ScanReport report = gate(new HarborSettings.ScanGate(Severity.HIGH, HarborSettings.OnViolation.FAIL, Set.of(),
        Duration.ofSeconds(3), true, false));

    assertThat(report.outcome()).isEqualTo(GateOutcome.FAIL);
    assertThat(report.scanFinished()).isFalse();
    assertThat(report.summary()).containsIgnoringCase("did not finish");
  }

  @Test
  void harborOffPushesAsToAPlainRegistry() throws Exception {
    PushResult result = HarborJib.push(request("app", HarborSettings.OFF).build(), events);
    assertThat(result.harbor()).isEmpty();
    assertThat(harbor.requests()).noneMatch(r -> r.path().startsWith("/api/"));
  }

  private ScanReport gate(HarborSettings.ScanGate gate) throws PushException {
    PushResult result = HarborJib.push(request("app", HarborSettings.REQUIRED.withScan(gate)).build(), events);
    assertThat(result.timings()).extracting(t -> t.phase()).contains(Phase.SCAN);
    return result.harbor().orElseThrow().scan().orElseThrow();
  }
}
