package io.jenkins.plugins.harborjib;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import hudson.model.FreeStyleProject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The freestyle step's configuration: the same settings as the Pipeline step, through the job's form. */
@WithJenkins
class HarborPushBuilderTest {
  /**
   * The job's page renders and every setting comes back. Both used to hang the page: a {@code ${%...}} title with
   * parentheses is Stapler's "text with arguments" syntax, and a quote inside them ({@code (instead of the
   * server's)}) sent {@code InternationalizedStringExpression.tokenize} into an endless loop.
   */
  @Test
  void everySettingSurvivesTheJobsForm(JenkinsRule j) throws Exception {
    HarborGlobalConfiguration.get().setServers(List.of(new HarborServer("harbor", "https://harbor.example.com")));
    HarborPushBuilder before = new HarborPushBuilder(HarborPushStepTest.everySetting());

    HarborPushBuilder after = j.configRoundtrip(before);

    j.assertEqualDataBoundBeans(before, after);
  }

  @Test
  void aPushWithoutGateKeepsNoGate(JenkinsRule j) throws Exception {
    HarborGlobalConfiguration.get().setServers(List.of(new HarborServer("harbor", "https://harbor.example.com")));
    HarborPushSettings s = new HarborPushSettings("demo");
    s.setServer("harbor");
    HarborPushBuilder before = new HarborPushBuilder(s);

    j.assertEqualDataBoundBeans(before, j.configRoundtrip(before));
  }

  /**
   * Empty server, build output and log detail mean "the default". The drop-downs used to offer no empty option, and a
   * select without the saved value shows (and saves) its first option: the first server, "detect", "normal".
   */
  @Test
  void theDropDownsKeepTheDefaults(JenkinsRule j) throws Exception {
    HarborGlobalConfiguration.get().setServers(List.of(new HarborServer("harbor", "https://harbor.example.com"),
        new HarborServer("other", "https://other.example.com")));
    HarborPushBuilder before = new HarborPushBuilder(new HarborPushSettings("demo"));

    HarborPushSettings after = j.configRoundtrip(before).getSettings();

    assertThat(after.getServer(), equalTo(""));
    assertThat(after.getBuildOutputType(), equalTo(""));
    assertThat(after.getVerbosity(), equalTo(""));
    j.assertEqualDataBoundBeans(before, j.configRoundtrip(before));
  }

  /** Every title is shown whole: none is cut at a parenthesis that Stapler would take for arguments. */
  @Test
  void theJobsPageShowsTheTitlesWhole(JenkinsRule j) throws Exception {
    FreeStyleProject job = j.createFreeStyleProject("app");
    job.getBuildersList().add(new HarborPushBuilder(HarborPushStepTest.everySetting()));

    String page = j.createWebClient().getPage(job, "configure").getWebResponse().getContentAsString();

    for (String title : List.of("Tags, one per line", "Environment: NAME=value, one per line",
        "Image labels: key=value, one per line", "Wait for the scan, seconds", "Allowed vulnerabilities, one id per line")) {
      assertThat(page, containsString(title));
    }
  }

  /**
   * A hand-written job with only the repository: XStream runs no field initialiser, so every setting the XML leaves
   * out must still get its default, not {@code null} (and the gate's switches theirs, not {@code false}).
   */
  @Test
  void aMinimalJobLoadsWithEveryDefault(JenkinsRule j) throws Exception {
    String xml = """
        <?xml version='1.1' encoding='UTF-8'?>
        <project>
          <builders>
            <io.jenkins.plugins.harborjib.HarborPushBuilder>
              <settings>
                <repository>demo</repository>
                <scanGate/>
              </settings>
            </io.jenkins.plugins.harborjib.HarborPushBuilder>
          </builders>
        </project>
        """;
    FreeStyleProject job = (FreeStyleProject) j.jenkins.createProjectFromXML("minimal",
        new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));

    HarborPushSettings s = job.getBuildersList().get(HarborPushBuilder.class).getSettings();
    for (String value : List.of(s.getServer(), s.getProject(), s.getBaseImage(), s.getBuildOutput(),
        s.getBuildOutputType(), s.getMainClass(), s.getCredentialsId(), s.getVerbosity())) {
      assertThat(value, equalTo(""));
    }
    assertThat(s.getTags(), equalTo(List.of()));
    ScanGate gate = s.getScanGate();
    assertThat(gate.getThreshold(), equalTo("HIGH"));
    assertThat(gate.getOnViolation(), equalTo("FAIL"));
    assertThat(gate.getTimeoutSeconds(), is(600));
    assertThat(gate.isTrigger(), is(true));
    assertThat(gate.isSbom(), is(false));
    assertThat(s.toImageSettings().repository(), equalTo("demo"));
  }
}
