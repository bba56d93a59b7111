package io.jenkins.plugins.harborjib.engine.harbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import io.jenkins.plugins.harborjib.testkit.harbor.Access;
import io.jenkins.plugins.harborjib.testkit.harbor.HarborStandIn;
import io.jenkins.plugins.harborjib.testkit.harbor.HarborSwagger;
import io.jenkins.plugins.harborjib.testkit.harbor.LoggedRequest;
import io.jenkins.plugins.harborjib.testkit.harbor.Role;
import io.jenkins.plugins.harborjib.testkit.harbor.ScanResult;
import io.jenkins.plugins.harborjib.testkit.harbor.Vuln;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Each Harbor REST call of {@link HarborClient}, over real HTTPS against the Harbor stand-in. */
class HarborClientTest {
  private static final String ROBOT = "robot$app+ci";
  private static final String ROBOT_SECRET = "Rb0t-s3cret-value";
  private static final String USER = "dev";
  private static final String USER_PASSWORD = "Dev-Passw0rd-value";

  @RegisterExtension static HarborStandIn harbor = HarborStandIn.create();

  @TempDir Path tmp;

  @BeforeEach
  void setUp() {
    harbor.reset();
    harbor.addProject("app");
    harbor.addUser(USER, USER_PASSWORD);
    harbor.addMember("app", USER, Role.DEVELOPER);
    harbor.addRobot(ROBOT, ROBOT_SECRET, "app", Access.PUSH, Access.PULL, Access.READ_ARTIFACT,
        Access.CREATE_TAG, Access.CREATE_SCAN, Access.READ_ADDITION, Access.ADD_LABEL, Access.LIST_LABEL,
        Access.READ_PROJECT, Access.READ_QUOTA);
  }

  @AfterEach
  void followsHarborsApiDescriptionAndSendsNoCookie() {
    harbor.assertNoValidationFailures();
    assertThat(harbor.requestsWithCookies()).isEmpty();
  }

  @Test
  void everyRequestIsCheckedAgainstHarborsApiDescription() throws Exception {
    HarborSwagger.require();
    Clients.admin(harbor).projectExists("app");

    assertThat(harbor.validating()).isTrue();
    assertThat(harbor.requests()).anyMatch(LoggedRequest::isApi);
  }

  @Test
  void pingsWithoutCredentials() throws Exception {
    assertThat(Clients.anonymous(harbor).ping()).isEqualTo("Pong");
  }

  @Test
  void readsVersionAndExternalUrlOnlyWhenSignedIn() throws Exception {
    harbor.setExternalUrl("https://harbor.example.com/");

    HarborSystemInfo signedIn = Clients.as(harbor, ROBOT, ROBOT_SECRET).systemInfo();
    HarborSystemInfo anonymous = Clients.anonymous(harbor).systemInfo();

    assertThat(signedIn.harborVersion()).contains("v2.15.2-standin");
    assertThat(signedIn.externalUrl()).contains("https://harbor.example.com");
    assertThat(signedIn.readOnly()).isFalse();
    assertThat(anonymous.harborVersion()).isEmpty();
    assertThat(anonymous.externalUrl()).isEmpty();
    assertThat(signedIn.supportsSbom()).isTrue();
    assertThat(anonymous.supportsSbom()).isFalse();
    assertThat(new HarborSystemInfo(Optional.of("v2.10.3-abc"), Optional.empty(), false, Optional.empty())
        .supportsSbom()).isFalse();
  }

  @Test
  void checksTheCredentialsOfUsersAndRobotsAlike() throws Exception {
    Clients.as(harbor, USER, USER_PASSWORD).checkCredentials();
    Clients.as(harbor, ROBOT, ROBOT_SECRET).checkCredentials();

    assertThatThrownBy(() -> Clients.as(harbor, ROBOT, "wrong-secret").checkCredentials())
        .isInstanceOfSatisfying(HarborException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
          assertThat(e.httpStatus()).hasValue(401);
          assertThat(e.getMessage()).contains(harbor.url(), "'" + ROBOT + "'", "robot$project+name")
              .doesNotContain("wrong-secret");
        });
    assertThat(harbor.requests()).extracting(LoggedRequest::path).doesNotContain("/api/v2.0/users/current");
  }

  @Test
  void readsTheIdentitysPermissionsInAProject() throws Exception {
    HarborClient robot = Clients.as(harbor, ROBOT, ROBOT_SECRET);
    HarborProject app = robot.project("app").orElseThrow();

    assertThat(robot.permissions(app)).contains(HarborPermission.PUSH, HarborPermission.PULL)
        .doesNotContain(new HarborPermission("repository", "delete"));
    assertThat(Clients.as(harbor, USER, USER_PASSWORD).permissions(app)).contains(HarborPermission.PUSH)
        .doesNotContain(HarborPermission.SCAN);
  }

  @Test
  void tellsWhetherAProjectExistsForAnySignedInIdentity() throws Exception {
    harbor.addProject("secret-stuff");
    HarborClient robot = Clients.as(harbor, ROBOT, ROBOT_SECRET);

    assertThat(robot.projectExists("app")).isTrue();
    assertThat(robot.projectExists("secret-stuff")).isTrue();
    assertThat(robot.projectExists("nope")).isFalse();
  }

  @Test
  void readsAProjectByNameEvenWhenTheNameIsANumber() throws Exception {
    harbor.addProject("2024");
    HarborClient admin = Clients.admin(harbor);

    HarborProject p = admin.project("2024").orElseThrow();

    assertThat(p.name()).isEqualTo("2024");
    assertThat(p.id()).isEqualTo(harbor.projectId("2024"));
    assertThat(p.isPublic()).isFalse();
    assertThat(admin.project("missing")).isEmpty();
  }

  @Test
  void saysWhenTheIdentityMayNotSeeAPrivateProject() throws Exception {
    harbor.addProject("other");

    assertThatThrownBy(() -> Clients.as(harbor, USER, USER_PASSWORD).project("other"))
        .isInstanceOfSatisfying(HarborException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION_DENIED);
          assertThat(e.getMessage()).contains("'dev' may not see project 'other'", harbor.url(), "member");
        });
  }

  @Test
  void createsAPrivateProjectWithStringMetadata() throws Exception {
    HarborProject created = Clients.as(harbor, USER, USER_PASSWORD)
        .createProject("fresh", false, Optional.of(true));

    assertThat(created.name()).isEqualTo("fresh");
    assertThat(created.isPublic()).isFalse();
    assertThat(created.autoScan()).isTrue();
    assertThat(harbor.projectMetadata("fresh")).containsEntry("public", "false").containsEntry("auto_scan", "true");
  }

  @Test
  void returnsTheExistingProjectWhenItWasCreatedMeanwhile() throws Exception {
    HarborProject p = Clients.admin(harbor).createProject("app", false, Optional.empty());

    assertThat(p.id()).isEqualTo(harbor.projectId("app"));
  }

  @Test
  void saysWhoMayCreateProjectsWhenARobotTries() throws Exception {
    assertThatThrownBy(() -> Clients.as(harbor, ROBOT, ROBOT_SECRET).createProject("new", false, Optional.empty()))
        .isInstanceOfSatisfying(HarborException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION_DENIED);
          assertThat(e.getMessage()).contains("may not create project 'new'", "system-level", ROBOT);
        });
  }

  @Test
  void readsTheProjectQuota() throws Exception {
    harbor.setQuota("app", 10_000_000, 2_500_000);
    HarborClient robot = Clients.as(harbor, ROBOT, ROBOT_SECRET);

    HarborQuota quota = robot.projectSummary(robot.project("app").orElseThrow()).storageQuota().orElseThrow();

    assertThat(quota.hardBytes()).isEqualTo(10_000_000);
    assertThat(quota.usedBytes()).isEqualTo(2_500_000);
    assertThat(quota.remainingBytes()).hasValue(7_500_000);
    assertThat(quota.hasRoomFor(7_500_000)).isTrue();
    assertThat(quota.hasRoomFor(7_500_001)).isFalse();
  }

  @Test
  void reportsNoQuotaToAnIdentityThatMayNotReadIt() throws Exception {
    harbor.addRobot("robot$app+noquota", "s3cret-value", "app", Access.READ_PROJECT, Access.PUSH);
    HarborClient robot = Clients.as(harbor, "robot$app+noquota", "s3cret-value");

    assertThat(robot.projectSummary(robot.project("app").orElseThrow()).storageQuota()).isEmpty();
  }

  @Test
  void listsProjectsPageByPage() throws Exception {
    for (int i = 0; i < 12; i++) {
      harbor.addProject(String.format("team-%02d", i));
    }
    HarborClient admin = Clients.admin(harbor);

    HarborProjectPage first = admin.projects(1, 5, Optional.of("team-"));
    HarborProjectPage last = admin.projects(3, 5, Optional.of("team-"));

    assertThat(first.projects()).extracting(HarborProject::name)
        .containsExactly("team-00", "team-01", "team-02", "team-03", "team-04");
    assertThat(first.total()).isEqualTo(12);
    assertThat(first.hasNextPage()).isTrue();
    assertThat(last.projects()).extracting(HarborProject::name).containsExactly("team-10", "team-11");
    assertThat(last.hasNextPage()).isFalse();
    assertThat(Clients.as(harbor, USER, USER_PASSWORD).projects(1, 100, Optional.empty()).projects())
        .extracting(HarborProject::name).containsExactly("app", "library");
  }

  @Test
  void readsAnArtifactByDigestWithItsTagsAndAddsATag() throws Exception {
    String digest = Images.push(harbor, tmp, ROBOT, ROBOT_SECRET, "app", "demo", "one", "1", "latest");
    HarborClient robot = Clients.as(harbor, ROBOT, ROBOT_SECRET);

    HarborArtifact artifact = robot.artifact("app", "demo", digest).orElseThrow();
    assertThat(artifact.digest()).isEqualTo(digest);
    assertThat(artifact.repositoryName()).isEqualTo("app/demo");
    assertThat(artifact.projectId()).isEqualTo(harbor.projectId("app"));
    assertThat(artifact.tags()).containsExactlyInAnyOrder("1", "latest");
    assertThat(artifact.size()).isPositive();

    assertThat(robot.addTag("app", "demo", digest, "stable")).isTrue();
    assertThat(robot.addTag("app", "demo", digest, "stable")).isFalse();
    assertThat(robot.artifact("app", "demo", digest).orElseThrow().tags()).contains("stable");
    assertThat(robot.artifact("app", "demo", "sha256:" + "0".repeat(64))).isEmpty();
  }

  @Test
  void encodesARepositoryNameWithASlashTwice() throws Exception {
    String digest = Images.push(harbor, tmp, ROBOT, ROBOT_SECRET, "app", "team/demo", "nested", "1");

    HarborArtifact artifact = Clients.as(harbor, ROBOT, ROBOT_SECRET).artifact("app", "team/demo", digest)
        .orElseThrow();

    assertThat(artifact.repositoryName()).isEqualTo("app/team/demo");
    assertThat(harbor.requests()).extracting(LoggedRequest::path)
        .contains("/api/v2.0/projects/app/repositories/team%252Fdemo/artifacts/" + digest);
  }

  @Test
  void startsAScanAndReadsTheOverviewAndTheVulnerabilities() throws Exception {
    harbor.setScanResult("app", "demo", ScanResult.finding(
        Vuln.fixable("CVE-2024-0001", "High", "openssl", "3.0.1", "3.0.2")).runningFor(0));
    String digest = Images.push(harbor, tmp, ROBOT, ROBOT_SECRET, "app", "demo", "scan", "1");
    HarborClient robot = Clients.as(harbor, ROBOT, ROBOT_SECRET);

    assertThat(robot.startScan("app", "demo", digest)).isTrue();
    assertThat(robot.startScan("app", "demo", digest)).isFalse();
    assertThat(robot.artifactWithScanOverview("app", "demo", digest).orElseThrow().scanOverview()
        .orElseThrow().status()).isEqualTo(ScanStatus.PENDING);
    ScanOverview done = robot.artifactWithScanOverview("app", "demo", digest).orElseThrow().scanOverview()
        .orElseThrow();
    VulnerabilityReport report = robot.vulnerabilities("app", "demo", digest).orElseThrow();

    assertThat(done.status()).isEqualTo(ScanStatus.SUCCESS);
    assertThat(done.severity()).contains(Severity.HIGH);
    assertThat(done.count(Severity.HIGH)).isEqualTo(1);
    assertThat(done.fixable()).isEqualTo(1);
    assertThat(done.scanner()).contains("Trivy v0.50.1");
    assertThat(report.vulnerabilities()).singleElement().satisfies(v -> {
      assertThat(v.id()).isEqualTo("CVE-2024-0001");
      assertThat(v.packageName()).isEqualTo("openssl");
      assertThat(v.fixVersion()).contains("3.0.2");
      assertThat(v.severity()).isEqualTo(Severity.HIGH);
    });
    assertThat(harbor.requests()).filteredOn(r -> r.path().endsWith("/scan")).extracting(LoggedRequest::status)
        .containsExactly(202, 409);
  }

  @Test
  void saysWhenNoScannerIsInstalled() throws Exception {
    harbor.setScannerInstalled(false);
    String digest = Images.push(harbor, tmp, ROBOT, ROBOT_SECRET, "app", "demo", "noscanner", "1");

    assertThatThrownBy(() -> Clients.as(harbor, ROBOT, ROBOT_SECRET).startScan("app", "demo", digest))
        .isInstanceOfSatisfying(HarborException.class, e -> {
          assertThat(e.httpStatus()).hasValue(412);
          assertThat(e.getMessage()).contains("no usable scanner", "Interrogation Services");
        });
  }

  @Test
  void saysThatADeveloperMayNotStartAScan() throws Exception {
    String digest = Images.push(harbor, tmp, ROBOT, ROBOT_SECRET, "app", "demo", "devscan", "1");

    assertThatThrownBy(() -> Clients.as(harbor, USER, USER_PASSWORD).startScan("app", "demo", digest))
        .isInstanceOfSatisfying(HarborException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION_DENIED);
          assertThat(e.getMessage()).contains("'dev' may not start a scan in project 'app'", "Maintainer");
        });
  }

  @Test
  void requestsAnSbom() throws Exception {
    String digest = Images.push(harbor, tmp, USER, USER_PASSWORD, "app", "demo", "sbom", "1");
    harbor.addMember("app", USER, Role.MAINTAINER);
    HarborClient maintainer = Clients.as(harbor, USER, USER_PASSWORD);

    assertThat(maintainer.requestSbom("app", "demo", digest)).isTrue();

    assertThat(harbor.sbomRequested("app", "demo", digest)).isTrue();
    assertThat(maintainer.artifactWithScanOverview("app", "demo", digest).orElseThrow().sbomStatus())
        .contains("Success");
  }

  @Test
  void findsLabelsByExactNameAndAttachesThem() throws Exception {
    harbor.addGlobalLabel("release");
    harbor.addGlobalLabel("release-candidate");
    harbor.addProjectLabel("app", "team-a");
    String digest = Images.push(harbor, tmp, ROBOT, ROBOT_SECRET, "app", "demo", "labels", "1");
    HarborClient robot = Clients.as(harbor, ROBOT, ROBOT_SECRET);
    HarborProject app = robot.project("app").orElseThrow();

    assertThat(robot.findLabels("release", app)).extracting(HarborLabel::name).containsExactly("release");
    List<HarborLabel> attached = robot.attachLabels(app, "demo", digest, List.of("team-a", "release"));

    assertThat(attached).extracting(HarborLabel::global).containsExactly(false, true);
    assertThat(harbor.labelsOn("app", "demo", digest)).containsExactlyInAnyOrder("team-a", "release");
    assertThat(robot.attachLabel("app", "demo", digest, attached.get(0))).isFalse();
    assertThat(robot.artifact("app", "demo", digest).orElseThrow().labels()).extracting(HarborLabel::name)
        .containsExactlyInAnyOrder("team-a", "release");
  }

  @Test
  void attachesNoLabelWhenOneIsMissing() throws Exception {
    harbor.addGlobalLabel("release");
    String digest = Images.push(harbor, tmp, ROBOT, ROBOT_SECRET, "app", "demo", "nolabel", "1");
    HarborClient robot = Clients.as(harbor, ROBOT, ROBOT_SECRET);
    HarborProject app = robot.project("app").orElseThrow();

    assertThatThrownBy(() -> robot.attachLabels(app, "demo", digest, List.of("release", "qa-passed")))
        .isInstanceOfSatisfying(HarborException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
          assertThat(e.getMessage()).contains("no label 'qa-passed'", "project 'app'", "Administration > Labels");
        });
    assertThat(harbor.labelsOn("app", "demo", digest)).isEmpty();
  }

  @Test
  void refusesAnUntrustedCertificateFastWithAnAnswerThatSaysWhatToDo() throws Exception {
    HarborClient defaultTrust = HarborClient.builder(harbor.uri()).build();

    assertThatThrownBy(defaultTrust::ping).isInstanceOfSatisfying(HarborException.class, e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.TLS);
      assertThat(e.httpStatus()).isEmpty();
      assertThat(e.getMessage()).contains(harbor.url(), "not signed by a CA this client trusts", "caCertificate");
    });
    assertThat(HarborClient.builder(harbor.uri()).tls(TlsSettings.DEFAULT.withInsecure(true)).build().ping())
        .isEqualTo("Pong");
  }

  @Test
  void refusesPlainHttpUnlessInsecure() {
    assertThatThrownBy(() -> HarborClient.builder(URI.create("http://harbor.example.com")).build())
        .isInstanceOfSatisfying(PushException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
          assertThat(e.field()).contains("serverUrl");
          assertThat(e.getMessage()).contains("plain HTTP", "https://");
        });
  }

  @Test
  void saysWhenNothingListensAtTheServerUrl() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    HarborClient client = HarborClient.builder(URI.create("https://127.0.0.1:" + port)).build();

    assertThatThrownBy(client::ping).isInstanceOfSatisfying(HarborException.class, e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK);
      assertThat(e.getMessage()).contains("127.0.0.1:" + port, "Check the server URL");
    });
  }

  @Test
  void keepsTheSecretOutOfToStringAndMessages() throws Exception {
    HarborClient client = HarborClient.builder(harbor.uri())
        .credentials(Credentials.of(ROBOT, "Very-Secret-Token".toCharArray()))
        .tls(TlsSettings.withCaPem(harbor.caPem())).build();

    assertThat(client.toString()).contains(ROBOT).doesNotContain("Very-Secret-Token");
    assertThatThrownBy(client::checkCredentials).satisfies(e -> assertThat(e.getMessage())
        .doesNotContain("Very-Secret-Token"));
  }

  @Test
  void turnsARegistryNameIntoAServerUrl() {
    assertThat(HarborClient.serverUrl("harbor.example.com:8443")).hasToString("https://harbor.example.com:8443");
    assertThat(HarborClient.serverUrl("http://127.0.0.1:5000")).hasToString("http://127.0.0.1:5000");
  }
}
