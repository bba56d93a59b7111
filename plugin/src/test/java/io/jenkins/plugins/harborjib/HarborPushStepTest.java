package io.jenkins.plugins.harborjib;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import hudson.model.TaskListener;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.jenkinsci.plugins.workflow.cps.Snippetizer;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The Pipeline step's configuration: round trip through the Snippet Generator's form, flat syntax both ways. */
@WithJenkins
class HarborPushStepTest {
  private JenkinsRule j;

  @BeforeEach
  void setUp(JenkinsRule rule) {
    j = rule;
    HarborServer server = new HarborServer("harbor", "https://harbor.example.com");
    server.setDefaultProject("app");
    HarborGlobalConfiguration.get().setServers(List.of(server));
  }

  static HarborPushSettings everySetting() {
    HarborPushSettings s = new HarborPushSettings("demo");
    s.setServer("harbor");
    s.setProject("app");
    s.setTags(List.of("${BUILD_NUMBER}", "latest"));
    s.setBaseImage("base/jre17:17");
    s.setBuildOutput("services/api");
    s.setBuildOutputType("auto");
    s.setMainClass("com.example.Main");
    s.setJvmFlags(List.of("-XX:MaxRAMPercentage=75"));
    s.setEnvironment(List.of("TZ=UTC"));
    s.setPorts(List.of("8080", "9000-9002/udp"));
    s.setLabels(List.of("team=payments"));
    s.setHarborLabels(List.of("release"));
    s.setPlatforms(List.of("linux/amd64", "linux/arm64"));
    s.setCredentialsId("harbor-robot");
    s.setCreateProject(true);
    ScanGate gate = new ScanGate();
    gate.setThreshold("CRITICAL");
    gate.setOnViolation("UNSTABLE");
    gate.setAllowList(List.of("CVE-2023-44487"));
    gate.setTimeoutSeconds(300);
    gate.setSbom(true);
    s.setScanGate(gate);
    s.setVerbosity("verbose");
    return s;
  }

  @Test
  void everySettingSurvivesTheSnippetGeneratorsForm() throws Exception {
    HarborPushStep before = new HarborPushStep(everySetting());

    HarborPushStep after = new StepConfigTester(j).configRoundTrip(before);

    j.assertEqualDataBoundBeans(before, after);
  }

  @Test
  void theFewestSettingsSurviveTheFormToo() throws Exception {
    HarborPushStep before = new HarborPushStep(new HarborPushSettings("demo"));

    j.assertEqualDataBoundBeans(before, new StepConfigTester(j).configRoundTrip(before));
  }

  @Test
  void readsTheFlatPipelineSyntaxWithFromForTheBaseImage() throws Exception {
    HarborPushStep step = DescribableModel.of(HarborPushStep.class).instantiate(Map.of(
        "server", "harbor", "project", "app", "repository", "demo", "tags", List.of("42", "latest"),
        "from", "base/jre17:17"), TaskListener.NULL);

    HarborPushSettings s = step.getSettings();
    assertThat(s.getRepository(), equalTo("demo"));
    assertThat(s.getTags(), equalTo(List.of("42", "latest")));
    assertThat(s.getBaseImage(), equalTo("base/jre17:17"));
  }

  @Test
  void takesASingleTagAsAListOfOne() throws Exception {
    HarborPushStep step = DescribableModel.of(HarborPushStep.class).instantiate(Map.of(
        "repository", "demo", "tags", "latest"), TaskListener.NULL);

    assertThat(step.getSettings().getTags(), equalTo(List.of("latest")));
  }

  @Test
  void theSnippetGeneratorWritesTheFlatSyntax() {
    HarborPushSettings s = new HarborPushSettings("demo");
    s.setServer("harbor");
    s.setTags(List.of("latest"));

    String snippet = Snippetizer.object2Groovy(new HarborPushStep(s));

    assertThat(snippet, startsWith("harborPush "));
    assertThat(snippet, containsString("repository: 'demo'"));
    assertThat(snippet, containsString("server: 'harbor'"));
    assertThat(snippet, containsString("tags: ['latest']"));
    assertThat(snippet, not(containsString("settings")));
  }
}
