package io.jenkins.plugins.harborjib.engine.harbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import io.jenkins.plugins.harborjib.testkit.harbor.Access;
import io.jenkins.plugins.harborjib.testkit.harbor.HarborStandIn;
import io.jenkins.plugins.harborjib.testkit.harbor.LoggedRequest;
import io.jenkins.plugins.harborjib.testkit.harbor.Role;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The preflight's order and its one clear message per failure, against the Harbor stand-in. */
class HarborPreflightTest {
  private static final String ROBOT = "robot$app+ci";
  private static final String ROBOT_SECRET = "Rb0t-s3cret-value";
  private static final long MIB = 1024 * 1024;

  @RegisterExtension static HarborStandIn harbor = HarborStandIn.create();

  @TempDir Path tmp;

  @BeforeEach
  void setUp() {
    harbor.reset();
    harbor.addProject("app");
    harbor.addRobot(ROBOT, ROBOT_SECRET, "app", Access.PUSH, Access.PULL, Access.READ_PROJECT, Access.READ_QUOTA);
    harbor.setExternalUrl("https://harbor.example.com");
  }

  @AfterEach
  void followsHarborsApiDescriptionAndSendsNoCookie() {
    harbor.assertNoValidationFailures();
    assertThat(harbor.requestsWithCookies()).isEmpty();
  }

  @Test
  void passesAndReportsWhatItLearned() throws Exception {
    harbor.setQuota("app", 100 * MIB, 10 * MIB);

    PreflightReport report = preflight(ROBOT, ROBOT_SECRET, "app", PreflightOptions.CHECK_ONLY, 5 * MIB);

    assertThat(report.harborVersion()).contains("v2.15.2-standin");
    assertThat(report.externalUrl()).isEqualTo("https://harbor.example.com");
    assertThat(report.identity()).isEqualTo(ROBOT);
    assertThat(report.project().orElseThrow().id()).isEqualTo(harbor.projectId("app"));
    assertThat(report.projectCreated()).isFalse();
    assertThat(report.may(HarborPermission.PUSH)).isTrue();
    assertThat(report.storageQuota()).contains(new HarborQuota(100 * MIB, 10 * MIB));
    assertThat(report.notes()).isEmpty();
  }

  @Test
  void checksInOrderReachableAuthenticatedProjectPermissionQuota() throws Exception {
    preflight(ROBOT, ROBOT_SECRET, "app", PreflightOptions.CHECK_ONLY, 1);

    assertThat(apiCalls()).containsExactly(
        "GET /api/v2.0/ping",
        "GET /api/v2.0/systeminfo",
        "GET /api/v2.0/users/current/permissions",
        "GET /api/v2.0/projects?page=1&page_size=100&name=app&sort=name&with_detail=false",
        "GET /api/v2.0/users/current/permissions?scope=%2Fproject%2F" + harbor.projectId("app") + "&relative=true",
        "GET /api/v2.0/projects/" + harbor.projectId("app") + "/summary");
  }

  @Test
  void aWrongPasswordStopsAfterTheCredentialsCheck() {
    assertThatThrownBy(() -> preflight(ROBOT, "not-the-secret", "app", PreflightOptions.CHECK_ONLY, 1))
        .isInstanceOfSatisfying(HarborException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
          assertThat(e.getMessage()).contains(harbor.url(), "'app/demo'", "'" + ROBOT + "'",
              "rejected the credentials", "Check the user name and the password or token")
              .doesNotContain("not-the-secret");
        });
    assertThat(apiCalls()).containsExactly("GET /api/v2.0/ping", "GET /api/v2.0/systeminfo",
        "GET /api/v2.0/users/current/permissions");
  }

  @Test
  void aRobotWithoutPushPermissionIsToldWhichPermissionToAdd() {
    harbor.addRobot("robot$app+reader", "Reader-s3cret", "app", Access.PULL, Access.READ_PROJECT);

    assertThatThrownBy(() -> preflight("robot$app+reader", "Reader-s3cret", "app", PreflightOptions.CHECK_ONLY, 1))
        .isInstanceOfSatisfying(HarborException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION_DENIED);
          assertThat(e.getMessage()).contains("'robot$app+reader' may not push to project 'app'", harbor.url(),
              "repository:pull", "'Repository: Push'");
        });
  }

  @Test
  void aUserWithTheGuestRoleIsToldWhichRoleToGet() {
    harbor.addUser("guest", "Guest-Passw0rd");
    harbor.addMember("app", "guest", Role.GUEST);

    assertThatThrownBy(() -> preflight("guest", "Guest-Passw0rd", "app", PreflightOptions.CHECK_ONLY, 1))
        .isInstanceOfSatisfying(HarborException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION_DENIED);
          assertThat(e.getMessage()).contains("'guest' may not push to project 'app'", "Developer, Maintainer or"
              + " Project Admin");
        });
  }

  @Test
  void aQuotaTooSmallForThePushIsReportedWithTheNumbers() {
    harbor.setQuota("app", 100 * MIB, 98 * MIB);

    assertThatThrownBy(() -> preflight(ROBOT, ROBOT_SECRET, "app", PreflightOptions.CHECK_ONLY, 5 * MIB))
        .isInstanceOfSatisfying(HarborException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.QUOTA_EXCEEDED);
          assertThat(e.getMessage()).contains("Project 'app'", harbor.url(), "98.0 MiB of its 100.0 MiB",
              "2.0 MiB free", "up to 5.0 MiB", "'" + ROBOT + "'", "Administration > Project Quotas");
        });
  }

  @Test
  void aFullQuotaFailsEvenWhenTheSizeOfThePushIsUnknown() throws Exception {
    harbor.setQuota("app", 100 * MIB, 100 * MIB);

    assertThatThrownBy(() -> preflight(ROBOT, ROBOT_SECRET, "app", PreflightOptions.CHECK_ONLY, -1))
        .isInstanceOfSatisfying(HarborException.class, e -> assertThat(e.kind())
            .isEqualTo(ErrorKind.QUOTA_EXCEEDED));
    harbor.setQuota("app", 100 * MIB, 10 * MIB);
    assertThat(preflight(ROBOT, ROBOT_SECRET, "app", PreflightOptions.CHECK_ONLY, -1).notes())
        .anySatisfy(n -> assertThat(n).contains("90.0 MiB", "was not known"));
  }

  @Test
  void anUnlimitedQuotaOrOneItMayNotReadPasses() throws Exception {
    assertThat(preflight(ROBOT, ROBOT_SECRET, "app", PreflightOptions.CHECK_ONLY, 1L << 40).storageQuota())
        .hasValueSatisfying(q -> assertThat(q.unlimited()).isTrue());

    harbor.addRobot("robot$app+noquota", "NoQuota-s3cret", "app", Access.PUSH, Access.READ_PROJECT);
    PreflightReport report = preflight("robot$app+noquota", "NoQuota-s3cret", "app", PreflightOptions.CHECK_ONLY, 1);
    assertThat(report.storageQuota()).isEmpty();
    assertThat(report.warnings()).anySatisfy(n -> assertThat(n).contains("quota was not checked", "'Quota: Read'"));
  }

  @Test
  void theThreeFailuresAreDistinct() {
    harbor.addRobot("robot$app+reader", "Reader-s3cret", "app", Access.PULL, Access.READ_PROJECT);
    harbor.setQuota("app", 10 * MIB, 10 * MIB);
    List<HarborException> failures = new ArrayList<>();
    for (String[] who : new String[][] {{ROBOT, "wrong"}, {"robot$app+reader", "Reader-s3cret"},
        {ROBOT, ROBOT_SECRET}}) {
      try {
        preflight(who[0], who[1], "app", PreflightOptions.CHECK_ONLY, MIB);
      } catch (HarborException e) {
        failures.add(e);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }

    assertThat(failures).extracting(HarborException::kind)
        .containsExactly(ErrorKind.AUTHENTICATION, ErrorKind.PERMISSION_DENIED, ErrorKind.QUOTA_EXCEEDED);
    assertThat(failures).extracting(Throwable::getMessage).doesNotHaveDuplicates();
    assertThat(harbor.blobUploads()).isEmpty();
  }

  @Test
  void aMissingProjectIsReportedBeforeAnyBlobUpload() throws Exception {
    harbor.addRobot("robot$system+ci", "System-s3cret", Map.of("app", Set.of(Access.PUSH)), true);

    assertThatThrownBy(() -> preflightThenPush("robot$system+ci", "System-s3cret", "newapp",
        PreflightOptions.CHECK_ONLY)).isInstanceOfSatisfying(HarborException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.PROJECT_NOT_FOUND);
          assertThat(e.getMessage()).contains("has no project 'newapp'", harbor.url(), "'robot$system+ci'",
              "Projects > New Project", "create-project option");
        });

    assertThat(harbor.blobUploads()).isEmpty();
    assertThat(harbor.requests()).noneMatch(r -> r.path().startsWith("/v2/"));
    assertThat(harbor.hasProject("newapp")).isFalse();
  }

  @Test
  void aMissingProjectIsCreatedPrivateWhenAskedAndThePushSucceeds() throws Exception {
    harbor.addUser("lead", "Lead-Passw0rd");

    String digest = preflightThenPush("lead", "Lead-Passw0rd", "newapp",
        PreflightOptions.createPrivateProjectIfMissing());

    assertThat(harbor.projectMetadata("newapp")).containsEntry("public", "false");
    assertThat(harbor.blobUploads()).isNotEmpty();
    assertThat(Clients.admin(harbor).artifact("newapp", "demo", digest)).isPresent();
  }

  @Test
  void reportsTheCreatedProjectWithItsSettings() throws Exception {
    harbor.addUser("lead", "Lead-Passw0rd");

    PreflightReport report = preflight("lead", "Lead-Passw0rd", "scanned",
        new PreflightOptions(true, false, Optional.of(true)), 1);

    assertThat(report.projectCreated()).isTrue();
    assertThat(report.project().orElseThrow().isPublic()).isFalse();
    assertThat(report.project().orElseThrow().autoScan()).isTrue();
    assertThat(report.notes()).anySatisfy(n -> assertThat(n).contains("Created project 'scanned'", "private",
        "automatic scan on"));
    assertThat(harbor.projectMetadata("scanned")).containsEntry("auto_scan", "true");
  }

  @Test
  void anIdentityThatMayNotCreateTheMissingProjectIsToldWhoCan() {
    harbor.setProjectCreationRestriction("adminonly");
    harbor.addUser("dev", "Dev-Passw0rd");

    assertThatThrownBy(() -> preflight("dev", "Dev-Passw0rd", "newapp",
        PreflightOptions.createPrivateProjectIfMissing(), 1))
        .isInstanceOfSatisfying(HarborException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION_DENIED);
          assertThat(e.getMessage()).contains("'dev' may not create project 'newapp'", "Ask a Harbor administrator");
        });
  }

  @Test
  void aPrivateProjectTheUserMayNotSeeIsLeftToTheRegistryWithANote() throws Exception {
    harbor.addUser("outsider", "Outsider-Passw0rd");

    PreflightReport report = preflight("outsider", "Outsider-Passw0rd", "app", PreflightOptions.CHECK_ONLY, 1);

    assertThat(report.project()).isEmpty();
    assertThat(report.pushConfirmed()).isFalse();
    assertThat(report.warnings()).singleElement().asString().contains("Project 'app' was not checked",
        "'outsider'", "'Project: Read'", "the registry decides");
  }

  @Test
  void readOnlyHarborIsReportedBeforeTheProjectChecks() {
    harbor.setReadOnly(true);

    assertThatThrownBy(() -> preflight(ROBOT, ROBOT_SECRET, "app", PreflightOptions.CHECK_ONLY, 1))
        .isInstanceOfSatisfying(HarborException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.REGISTRY);
          assertThat(e.getMessage()).contains("read-only mode", harbor.url(), "'" + ROBOT + "'");
        });
  }

  @Test
  void anUnreachableServerIsANetworkProblemNamingProjectAndIdentity() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }

    assertThatThrownBy(() -> HarborPreflight.check(URI.create("https://127.0.0.1:" + port),
        Credentials.of(ROBOT, ROBOT_SECRET.toCharArray()), TlsSettings.DEFAULT, "app", "demo",
        PreflightOptions.CHECK_ONLY, OptionalLong.empty()))
        .isInstanceOfSatisfying(HarborException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK);
          assertThat(e.getMessage()).contains("'app/demo'", "'" + ROBOT + "'", "127.0.0.1:" + port);
        });
  }

  @Test
  void aPlainRegistryIsNotTakenForHarbor() {
    assertThatThrownBy(() -> HarborPreflight.check(URI.create(harbor.registry().url()),
        Credentials.of(ROBOT, ROBOT_SECRET.toCharArray()), TlsSettings.DEFAULT.withInsecure(true), "app", "demo",
        PreflightOptions.CHECK_ONLY, OptionalLong.empty()))
        .isInstanceOfSatisfying(HarborException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.REGISTRY);
          assertThat(e.getMessage()).contains("has no Harbor API", "switch the Harbor checks off");
        });
  }

  private PreflightReport preflight(String user, String secret, String project, PreflightOptions options,
      long bytes) throws Exception {
    harbor.clearLogs();
    return new HarborPreflight(Clients.as(harbor, user, secret))
        .check(project, "demo", options, bytes < 0 ? OptionalLong.empty() : OptionalLong.of(bytes));
  }

  /** What the push path does: the preflight first, the upload only when it passes. */
  private String preflightThenPush(String user, String secret, String project, PreflightOptions options)
      throws Exception {
    preflight(user, secret, project, options, 1024);
    return Images.push(harbor, tmp, user, secret, project, "demo", "hello", "1");
  }

  private List<String> apiCalls() {
    return harbor.requests().stream().filter(LoggedRequest::isApi)
        .map(r -> r.method() + " " + r.path() + (r.query().isEmpty() ? "" : "?" + r.query())).toList();
  }
}
