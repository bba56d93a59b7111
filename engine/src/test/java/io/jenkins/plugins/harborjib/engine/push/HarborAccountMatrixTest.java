package io.jenkins.plugins.harborjib.engine.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.jenkins.plugins.harborjib.engine.BaseImage;
import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.HarborJib;
import io.jenkins.plugins.harborjib.engine.HarborReport;
import io.jenkins.plugins.harborjib.engine.HarborSettings;
import io.jenkins.plugins.harborjib.engine.ImageTarget;
import io.jenkins.plugins.harborjib.engine.PushEvent;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.PushRequest;
import io.jenkins.plugins.harborjib.engine.PushResult;
import io.jenkins.plugins.harborjib.engine.RecordedEvents;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import io.jenkins.plugins.harborjib.engine.harbor.GateOutcome;
import io.jenkins.plugins.harborjib.engine.harbor.Severity;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.Samples;
import io.jenkins.plugins.harborjib.testkit.harbor.Access;
import io.jenkins.plugins.harborjib.testkit.harbor.HarborStandIn;
import io.jenkins.plugins.harborjib.testkit.harbor.Role;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The account matrix: each row is one account with exactly the permissions its name lists, pushing for real through
 * the Harbor stand-in (Harbor's permission rules, read from its Go source) to the real registry behind it, and
 * expecting what Harbor would do: whether the push succeeds, and which notes name the checks that were not allowed.
 * One stand-in for all rows; each row pushes its own repository.
 */
class HarborAccountMatrixTest {
  private static final String SECRET = "Matrix-S3cret-Value";
  private static final String PRIVATE = "team";
  private static final String PUBLIC = "opensource";

  @RegisterExtension
  static HarborStandIn harbor = HarborStandIn.create();

  private static boolean ready;

  @TempDir
  Path cache;

  private final RecordedEvents events = new RecordedEvents();

  @BeforeEach
  void onceForAllRows() {
    if (!ready) {
      harbor.addProject("base", true, false, -1);
      BaseImageFixture.push(harbor.registryHost() + "/base/jre17:17", HarborStandIn.ADMIN, harbor.adminPassword(),
          true);
      harbor.addProject(PRIVATE);
      harbor.addProject(PUBLIC, true, false, -1);
      ready = true;
    }
    harbor.clearLogs();
  }

  @AfterEach
  void followsHarborsApiDescription() {
    harbor.assertNoValidationFailures();
  }

  private PushRequest.Builder request(String project, String repository, String user, HarborSettings settings) {
    return PushRequest.builder(
            new BuildOutput.Exploded(Samples.helloAppClasses(), Optional.of(Samples.helloAppDependencies())),
            BaseImage.of("base/jre17:17"),
            new ImageTarget(harbor.registryHost(), project, repository, List.of("1", "latest")))
        .credentials(Credentials.of(user, SECRET.toCharArray()))
        .tls(TlsSettings.withCaPem(harbor.caPem()))
        .cacheDirectory(cache)
        .harbor(settings);
  }

  private PushResult push(PushRequest request) throws PushException {
    PushResult result = HarborJib.push(request, events);
    assertThat(result.digest()).startsWith("sha256:");
    assertThat(result.reference()).endsWith("@" + result.digest());
    assertThat(events.text()).doesNotContain(SECRET);
    return result;
  }

  private static List<String> notes(PushResult result) {
    return result.harbor().map(HarborReport::notes).orElseThrow();
  }

  private List<String> warnings() {
    return events.of(PushEvent.Warning.class).stream().map(PushEvent.Warning::message).toList();
  }

  private static String mentioning(List<String> notes) {
    return String.join("\n", notes);
  }

  @Test
  void docsMinimalRobotPushPullOnAPrivateProjectPushesInModeAutoAndRequired() throws Exception {
    harbor.addRobot("robot$team+minimal", SECRET, PRIVATE, Access.PUSH, Access.PULL);

    for (HarborSettings mode : List.of(HarborSettings.AUTO, HarborSettings.REQUIRED)) {
      PushResult result = push(request(PRIVATE, "minimal-" + mode.mode().name().toLowerCase(java.util.Locale.ROOT),
          "robot$team+minimal", mode).build());

      List<String> notes = notes(result);
      assertThat(notes).hasSize(2);
      assertThat(notes).anySatisfy(n -> assertThat(n).contains("storage quota of project 'team' was not checked",
          "robot$team+minimal", "HTTP 403", "'Project: Read' and 'Quota: Read'"));
      assertThat(notes).anySatisfy(n -> assertThat(n).contains("Harbor's record of team/minimal-",
          result.digest(), "was not checked", "'Artifact: Read'", "confirmed through the registry"));
      assertThat(warnings()).containsAll(notes);
      assertThat(result.harbor().orElseThrow().artifactUrl()).contains("/harbor/projects/" + harbor.projectId(PRIVATE)
          + "/repositories/minimal-");
    }
  }

  @Test
  void docsMinimalRobotPushPullOnAPrivateProjectPushesWithTheChecksBeforeThePushOff() throws Exception {
    harbor.addRobot("robot$team+nochecks", SECRET, PRIVATE, Access.PUSH, Access.PULL);

    PushResult result = push(request(PRIVATE, "no-checks", "robot$team+nochecks",
        HarborSettings.REQUIRED.withPreflight(false)).build());

    assertThat(notes(result)).singleElement().asString().contains("'Artifact: Read'", "confirmed through the registry");
  }

  @Test
  void docsMinimalRobotOnAPublicProjectReadsTheProjectAndTheArtifactButNotTheQuota() throws Exception {
    // A public project adds its read policies for anyone (rbac_user.go): project and artifact, not the quota.
    harbor.addRobot("robot$opensource+minimal", SECRET, PUBLIC, Access.PUSH, Access.PULL);

    PushResult result = push(request(PUBLIC, "minimal", "robot$opensource+minimal", HarborSettings.AUTO).build());

    assertThat(notes(result)).singleElement().asString()
        .contains("reports no storage quota of project 'opensource'", "'Quota: Read'");
  }

  @Test
  void robotWithPushPullAndArtifactReadHasHarborConfirmTheTags() throws Exception {
    harbor.addRobot("robot$team+confirm", SECRET, PRIVATE, Access.PUSH, Access.PULL, Access.READ_ARTIFACT);

    PushResult result = push(request(PRIVATE, "confirm", "robot$team+confirm", HarborSettings.REQUIRED).build());

    assertThat(notes(result)).singleElement().asString().contains("storage quota", "'Project: Read' and 'Quota: Read'");
    assertThat(events.text()).contains("Harbor shows team/confirm@" + result.digest());
  }

  @Test
  void robotWithPushPullAndProjectReadChecksTheProjectButNotTheQuotaNorTheArtifact() throws Exception {
    harbor.addRobot("robot$team+project", SECRET, PRIVATE, Access.PUSH, Access.PULL, Access.READ_PROJECT);

    PushResult result = push(request(PRIVATE, "project", "robot$team+project", HarborSettings.REQUIRED).build());

    List<String> notes = notes(result);
    assertThat(notes).hasSize(2);
    assertThat(mentioning(notes)).contains("reports no storage quota of project 'team'", "'Quota: Read'",
        "'Artifact: Read'");
  }

  @Test
  void robotWithPushPullArtifactReadProjectReadAndQuotaReadGetsNoNotes() throws Exception {
    harbor.addRobot("robot$team+full", SECRET, PRIVATE, Access.PUSH, Access.PULL, Access.READ_ARTIFACT,
        Access.READ_PROJECT, Access.READ_QUOTA);

    PushResult result = push(request(PRIVATE, "full", "robot$team+full", HarborSettings.REQUIRED).build());

    assertThat(notes(result)).isEmpty();
  }

  @Test
  void robotWithPushPullAndArtifactLabelCreateAttachesAGlobalLabelFoundPastTheFirstPage() throws Exception {
    // Without Label: List the project's own labels are refused (scope=p): global labels only, every page of them.
    for (int i = 0; i < 120; i++) {
      harbor.addGlobalLabel("release-candidate-" + i);
    }
    harbor.addGlobalLabel("release");
    harbor.addRobot("robot$team+labels", SECRET, PRIVATE, Access.PUSH, Access.PULL, Access.ADD_LABEL);

    PushResult result = push(request(PRIVATE, "labelled", "robot$team+labels", HarborSettings.REQUIRED
        .withLabels(List.of("release"))).build());

    assertThat(result.harbor().orElseThrow().labels()).containsExactly("release");
    assertThat(harbor.labelsOn(PRIVATE, "labelled", result.digest())).containsExactly("release");
    assertThat(mentioning(notes(result))).contains("The label list of project 'team' was not checked", "'Label: List'",
        "Only global labels", "'Artifact: Read'", "'Project: Read' and 'Quota: Read'");
  }

  @Test
  void robotWithPushPullArtifactReadAndAdditionReadGatesOnAProjectThatScansOnPush() throws Exception {
    // Without Scan: Create the gate waits for the scan Harbor starts by itself (auto_scan), and never asks for one.
    harbor.addProject("scanned", false, true, -1);
    harbor.addRobot("robot$scanned+gate", SECRET, "scanned", Access.PUSH, Access.PULL, Access.READ_ARTIFACT,
        Access.READ_ADDITION);

    PushResult result = push(request("scanned", "gated", "robot$scanned+gate",
        HarborSettings.REQUIRED.withScan(HarborSettings.ScanGate.failAt(Severity.CRITICAL))).build());

    assertThat(result.gateOutcome()).contains(GateOutcome.PASS);
    assertThat(harbor.requests()).noneMatch(r -> r.method().equals("POST") && r.path().endsWith("/scan"));
    assertThat(events.text()).contains("Waiting for the project's automatic scan");
  }

  @Test
  void systemRobotCoveringAllProjectsWithPushPullCreatesAProjectAndPushes() throws Exception {
    // A system robot's push does not bring pull (filterRobotPolicies applies to project robots only): both listed.
    harbor.addRobot("robot$creator-all", SECRET, Map.of(HarborStandIn.ALL_PROJECTS, Set.of(Access.PUSH,
        Access.PULL)), true);

    PushResult result = push(request("created-by-robot", "app", "robot$creator-all",
        HarborSettings.REQUIRED.withCreateProject(true, false, Optional.empty())).build());

    assertThat(harbor.hasProject("created-by-robot")).isTrue();
    assertThat(result.harbor().orElseThrow().projectCreated()).isTrue();
    assertThat(mentioning(notes(result))).contains("'Project: Read' and 'Quota: Read'", "'Artifact: Read'");
  }

  @Test
  void systemRobotWithoutAllProjectCoverageCreatesTheProjectButMayNotPushThereAndSaysWhy() {
    harbor.addProject("elsewhere");
    harbor.addRobot("robot$creator-one", SECRET, Map.of("elsewhere", Set.of(Access.PUSH, Access.PULL)), true);

    Throwable thrown = catchThrowable(() -> HarborJib.push(request("created-no-rights", "app", "robot$creator-one",
        HarborSettings.REQUIRED.withCreateProject(true, false, Optional.empty())).build(), events));

    assertThat(thrown).isInstanceOf(PushException.class);
    PushException e = (PushException) thrown;
    assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION_DENIED);
    assertThat(e.getMessage()).contains("Created project 'created-no-rights'", "robot$creator-one",
        "no rights in the new project", "all projects ('*')").doesNotContain(SECRET);
    assertThat(harbor.hasProject("created-no-rights")).isTrue();
    assertThat(harbor.blobUploads()).isEmpty();
  }

  @Test
  void databaseUserWhoIsDeveloperPushesWithoutNotes() throws Exception {
    harbor.addUser("dev", SECRET);
    harbor.addMember(PRIVATE, "dev", Role.DEVELOPER);

    PushResult result = push(request(PRIVATE, "by-developer", "dev", HarborSettings.REQUIRED).build());

    assertThat(notes(result)).isEmpty();
  }

  @Test
  void databaseUserWhoIsMaintainerPushesWithTheGateStartingTheScan() throws Exception {
    harbor.addUser("maintainer", SECRET);
    harbor.addMember(PRIVATE, "maintainer", Role.MAINTAINER);

    PushResult result = push(request(PRIVATE, "by-maintainer", "maintainer",
        HarborSettings.REQUIRED.withScan(HarborSettings.ScanGate.failAt(Severity.CRITICAL))).build());

    assertThat(notes(result)).isEmpty();
    assertThat(result.gateOutcome()).contains(GateOutcome.PASS);
    assertThat(harbor.scanStarted(PRIVATE, "by-maintainer", result.digest())).isTrue();
  }

  @Test
  void oidcUserWithACliSecretPushesAndIsAdvisedARobotAccount() throws Exception {
    harbor.addUser("oidc-dev", SECRET);
    harbor.addMember(PRIVATE, "oidc-dev", Role.DEVELOPER);
    harbor.setAuthMode("oidc_auth");
    try {
      PushResult result = push(request(PRIVATE, "by-oidc-user", "oidc-dev", HarborSettings.REQUIRED).build());

      assertThat(notes(result)).singleElement().asString().contains("OIDC", "CLI secret of 'oidc-dev'",
          "registry alone decides", "robot account").doesNotContain("wrong password");
    } finally {
      harbor.setAuthMode("db_auth");
    }
  }

  @Test
  void robotUnderACustomPrefixIsARobotLikeAnyOther() throws Exception {
    harbor.setRobotPrefix("ci-bot_");
    try {
      harbor.addRobot("ci-bot_team+minimal", SECRET, PRIVATE, Access.PUSH, Access.PULL);

      PushResult result = push(request(PRIVATE, "by-prefixed-robot", "ci-bot_team+minimal", HarborSettings.AUTO)
          .build());

      assertThat(notes(result)).hasSize(2);
      assertThat(mentioning(notes(result))).contains("ci-bot_team+minimal", "'Artifact: Read'")
          .doesNotContain("robot$");
    } finally {
      harbor.setRobotPrefix("robot$");
    }
  }

  @Test
  void harbor210WaitsForTheScanAndSkipsTheSbomWithAWarning() throws Exception {
    harbor.setHarbor210(true);
    try {
      harbor.addRobot("robot$team+gate210", SECRET, PRIVATE, Access.PUSH, Access.PULL, Access.READ_ARTIFACT,
          Access.CREATE_SCAN, Access.READ_ADDITION);
      HarborSettings.ScanGate gate = new HarborSettings.ScanGate(Severity.CRITICAL, HarborSettings.OnViolation.FAIL,
          Set.of(), java.time.Duration.ofMinutes(1), true, true);

      PushResult result = push(request(PRIVATE, "on-210", "robot$team+gate210", HarborSettings.REQUIRED
          .withScan(gate)).build());

      assertThat(result.gateOutcome()).contains(GateOutcome.PASS);
      assertThat(harbor.sbomRequested(PRIVATE, "on-210", result.digest())).isFalse();
      assertThat(mentioning(notes(result))).contains("No SBOM: Harbor v2.10.3", "2.11");
    } finally {
      harbor.setHarbor210(false);
    }
  }
}
