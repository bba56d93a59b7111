package io.jenkins.plugins.harborjib.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.bridge.HarborAccess.ConnectionReport;
import io.jenkins.plugins.harborjib.bridge.HarborAccess.ConnectionReport.Level;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.testkit.harbor.Access;
import io.jenkins.plugins.harborjib.testkit.harbor.HarborStandIn;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** "Test connection" and the project drop-down against the Harbor stand-in (HTTPS with its own CA). */
class HarborAccessTest {
  @RegisterExtension HarborStandIn harbor = HarborStandIn.create();

  private ServerSettings server(String defaultProject) {
    return ServerSettings.of("harbor", harbor.url()).withTls(harbor.caPem(), false).withDefaults(defaultProject, "");
  }

  private static Optional<Credentials> login(String user, String secret) {
    return Optional.of(Credentials.of(user, secret.toCharArray()));
  }

  @Test
  void reportsTheVersionAndThatTheRobotMayPushToTheDefaultProject() {
    harbor.addProject("app");
    harbor.addRobot("robot$app+ci", "Robot-s3cret", "app", Access.READ_PROJECT, Access.PUSH, Access.PULL,
        Access.READ_QUOTA);

    ConnectionReport report = HarborAccess.testConnection(server("app"), login("robot$app+ci", "Robot-s3cret"),
        Optional.empty());

    assertThat(report.level()).as(report.message()).isEqualTo(Level.OK);
    assertThat(report.message()).startsWith("Harbor v").contains("accepts 'robot$app+ci', which may push to project"
        + " 'app'.").doesNotContain("Robot-s3cret");
    harbor.assertNoValidationFailures();
  }

  @Test
  void warnsWhenTheCredentialsMayOnlyPull() {
    harbor.addProject("app");
    harbor.addRobot("robot$app+reader", "Reader-s3cret", "app", Access.READ_PROJECT, Access.PULL);

    ConnectionReport report = HarborAccess.testConnection(server("app"), login("robot$app+reader", "Reader-s3cret"),
        Optional.empty());

    assertThat(report.level()).as(report.message()).isEqualTo(Level.WARNING);
    assertThat(report.message()).contains("'robot$app+reader' may not push to project 'app'");
  }

  @Test
  void warnsWhenTheDefaultProjectDoesNotExist() {
    harbor.addRobot("robot$ci", "Robot-s3cret", "other", Access.READ_PROJECT, Access.PUSH);

    ConnectionReport report = HarborAccess.testConnection(server("nowhere"), login(HarborStandIn.ADMIN,
        harbor.adminPassword()), Optional.empty());

    assertThat(report.level()).as(report.message()).isEqualTo(Level.WARNING);
    assertThat(report.message()).contains("no project 'nowhere'");
  }

  @Test
  void saysWhenTheCredentialsAreWrongWithoutShowingThem() {
    harbor.addProject("app");
    harbor.addRobot("robot$app+ci", "Robot-s3cret", "app", Access.PUSH);

    ConnectionReport report = HarborAccess.testConnection(server(""), login("robot$app+ci", "wrong-secret-1"),
        Optional.empty());

    assertThat(report.level()).isEqualTo(Level.ERROR);
    assertThat(report.message()).contains("robot$app+ci").doesNotContain("wrong-secret-1");
  }

  @Test
  void trustsTheServersCaForThisServerOnly() {
    ConnectionReport untrusted = HarborAccess.testConnection(ServerSettings.of("harbor", harbor.url()),
        Optional.empty(), Optional.empty());
    ConnectionReport trusted = HarborAccess.testConnection(server(""), Optional.empty(), Optional.empty());

    assertThat(untrusted.level()).as(untrusted.message()).isEqualTo(Level.ERROR);
    assertThat(trusted.level()).as(trusted.message()).isEqualTo(Level.WARNING);
    assertThat(trusted.message()).contains("answers, but without credentials");
  }

  @Test
  void listsTheProjectsTheCredentialsCanSee() throws Exception {
    harbor.addProject("app");
    harbor.addProject("base", true, false, -1);
    harbor.addProject("infra");

    var names = HarborAccess.projectNames(HarborAccess.client(server(""),
        login(HarborStandIn.ADMIN, harbor.adminPassword()), Optional.empty()), "");

    assertThat(names).contains("app", "base", "infra");
    harbor.assertNoValidationFailures();
  }
}
