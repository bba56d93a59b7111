package io.jenkins.plugins.harborjib.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.engine.ReferenceRules;
import io.jenkins.plugins.harborjib.testkit.TestCa;
import org.junit.jupiter.api.Test;

class SettingsCheckTest {
  @Test
  void saysExactlyWhatTheEngineSaysAboutNames() {
    assertThat(SettingsCheck.project("Team-A", "")).isEqualTo(ReferenceRules.checkProject("project", "Team-A"));
    assertThat(SettingsCheck.repository("a//b", "app")).isEqualTo(ReferenceRules.checkRepository("repository", "a//b",
        "app"));
    assertThat(SettingsCheck.tagTemplate("tags[0]", ".hidden")).isEqualTo(ReferenceRules.checkTag("tags[0]",
        ".hidden"));
  }

  @Test
  void acceptsAnEmptyProjectOnlyWhenTheServerHasADefault() {
    assertThat(SettingsCheck.project("", "app")).isEmpty();
    assertThat(SettingsCheck.project("", "")).hasValueSatisfying(m -> assertThat(m)
        .isEqualTo("project is empty and the server has no default project: give the Harbor project, e.g. app"));
  }

  @Test
  void checksTheLiteralPartsOfTagsWithVariables() {
    assertThat(SettingsCheck.tagTemplate("tags[0]", "${BUILD_NUMBER}")).isEmpty();
    assertThat(SettingsCheck.tagTemplate("tags[0]", "v$BUILD_NUMBER-${GIT_COMMIT_SHORT}")).isEmpty();
    assertThat(SettingsCheck.tagTemplate("tags[1]", "-${BUILD_NUMBER}")).hasValueSatisfying(m -> assertThat(m)
        .startsWith("tags[1] '-${BUILD_NUMBER}' cannot become a valid tag").contains("not starting with '.' or '-'"));
    assertThat(SettingsCheck.tagTemplate("tags[0]", "build-$")).hasValueSatisfying(m -> assertThat(m)
        .contains("has a '$' that does not start a variable"));
  }

  @Test
  void namesFieldValueAndFixForServers() {
    assertThat(SettingsCheck.serverUrl("harbor.example.com", false)).hasValueSatisfying(m -> assertThat(m)
        .isEqualTo("url 'harbor.example.com' must start with https://, e.g. https://harbor.example.com"));
    assertThat(SettingsCheck.serverUrl("https://harbor.example.com/harbor/projects", false))
        .hasValueSatisfying(m -> assertThat(m).contains("write https://harbor.example.com"));
    assertThat(SettingsCheck.serverUrl("https://admin:pw@harbor.example.com", false))
        .hasValueSatisfying(m -> assertThat(m).doesNotContain("pw").contains("choose credentials instead"));
    assertThat(SettingsCheck.serverUrl("http://127.0.0.1:5000", true)).isEmpty();
    assertThat(SettingsCheck.serverUrl("https://harbor.example.com:8443/", false)).isEmpty();
    assertThat(SettingsCheck.serverId("my harbor")).hasValueSatisfying(m -> assertThat(m)
        .contains("id 'my harbor' may hold only letters"));
    assertThat(SettingsCheck.timeoutSeconds("readTimeoutSeconds", 0)).isPresent();
  }

  @Test
  void readsTheCaCertificateLikeTheEngine() {
    assertThat(SettingsCheck.caCertificate(TestCa.create().caPem())).isEmpty();
    assertThat(SettingsCheck.caCertificate("")).isEmpty();
    assertThat(SettingsCheck.caCertificate("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----"))
        .hasValueSatisfying(m -> assertThat(m).startsWith("caCertificate: "));
  }

  @Test
  void checksEachEntryOfTheContainerSettings() {
    assertThat(SettingsCheck.environmentEntry("environment[0]", "TZ=UTC")).isEmpty();
    assertThat(SettingsCheck.environmentEntry("environment[0]", "=x")).hasValueSatisfying(m -> assertThat(m)
        .isEqualTo("environment[0] '=x' must be NAME=value, e.g. TZ=UTC"));
    assertThat(SettingsCheck.port("ports[2]", "70000")).hasValueSatisfying(m -> assertThat(m)
        .startsWith("ports[2] '70000' is not a port"));
    assertThat(SettingsCheck.jvmFlag("jvmFlags[0]", "Xmx1g")).hasValueSatisfying(m -> assertThat(m)
        .contains("JVM flags start with '-'"));
    assertThat(SettingsCheck.mainClass("com.example.Main")).isEmpty();
    assertThat(SettingsCheck.mainClass("com/example/Main.class")).isPresent();
    assertThat(SettingsCheck.platform("platforms[0]", "Linux/AMD64")).hasValueSatisfying(m -> assertThat(m)
        .endsWith("(lowercase)"));
    assertThat(SettingsCheck.label("labels[0]", "team=a")).isEmpty();
  }

  @Test
  void keepsTheBuildOutputInsideTheWorkspace() {
    assertThat(SettingsCheck.buildOutput("", "auto")).isEmpty();
    assertThat(SettingsCheck.buildOutput("services/api", "")).isEmpty();
    assertThat(SettingsCheck.buildOutput("", "war")).hasValueSatisfying(m -> assertThat(m)
        .contains("the war type needs the file's path in the workspace, e.g. target/app.war"));
    assertThat(SettingsCheck.buildOutput("/etc", "auto")).hasValueSatisfying(m -> assertThat(m)
        .contains("is an absolute path"));
    assertThat(SettingsCheck.buildOutput("../other", "auto")).hasValueSatisfying(m -> assertThat(m)
        .contains("leaves the workspace"));
  }

  @Test
  void checksTheScanGate() {
    assertThat(SettingsCheck.scanThreshold("high")).isEmpty();
    assertThat(SettingsCheck.scanThreshold("severe")).hasValueSatisfying(m -> assertThat(m)
        .isEqualTo("scanGate.threshold 'severe' is not one of CRITICAL, HIGH, MEDIUM, LOW"));
    assertThat(SettingsCheck.scanOnViolation("Unstable")).isEmpty();
    assertThat(SettingsCheck.scanTimeoutSeconds(0)).isPresent();
  }

  @Test
  void checksBaseImageReferences() {
    assertThat(SettingsCheck.baseImage("base/jre17:17", "")).isEmpty();
    assertThat(SettingsCheck.baseImage("harbor.example.com:8443/base/jre17@sha256:" + "a".repeat(64), "")).isEmpty();
    assertThat(SettingsCheck.baseImage("", "base/jre17:17")).isEmpty();
    assertThat(SettingsCheck.baseImage("base/JRE17", "")).hasValueSatisfying(m -> assertThat(m)
        .contains("invalid repository name"));
    assertThat(SettingsCheck.baseImage("base/jre@sha256:xyz", "")).hasValueSatisfying(m -> assertThat(m)
        .contains("invalid digest"));
  }
}
