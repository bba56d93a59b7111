package io.jenkins.plugins.harborjib;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import hudson.AbortException;
import hudson.model.AbstractProject;
import hudson.model.FreeStyleProject;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import hudson.model.Result;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.Snippetizer;
import org.jenkinsci.plugins.workflow.flow.StepListener;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The Pipeline step's configuration: round trip through the Snippet Generator's form, and the flat syntax both ways
 * through the real Pipeline DSL (a test {@link StepListener} catches the step the DSL made, before it runs).
 */
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

  /**
   * The step through its form and back, as {@code StepConfigTester.configRoundTrip} does, with a builder of this test
   * ({@link StepHolder}): {@code StepConfigTester}'s own form is not part of the from-source runtime.
   */
  private HarborPushStep configRoundTrip(HarborPushStep before) throws Exception {
    FreeStyleProject p = j.createFreeStyleProject();
    p.getBuildersList().add(new StepHolder(before));
    p = j.configRoundtrip(p);
    StepHolder holder = p.getBuildersList().get(StepHolder.class);
    assertThat(holder, notNullValue());
    return holder.getStep();
  }

  @Test
  void everySettingSurvivesTheSnippetGeneratorsForm() throws Exception {
    HarborPushStep before = new HarborPushStep(everySetting());

    HarborPushStep after = configRoundTrip(before);

    j.assertEqualDataBoundBeans(before, after);
  }

  @Test
  void theFewestSettingsSurviveTheFormToo() throws Exception {
    HarborPushStep before = new HarborPushStep("demo");

    j.assertEqualDataBoundBeans(before, configRoundTrip(before));
  }

  /**
   * Every field of the step's form shows the push settings' help (one copy of each help file), and the step keeps its
   * own ({@code help.html}); the help is served.
   */
  @Test
  void theStepsFormShowsThePushSettingsHelp() throws Exception {
    HarborPushStep.DescriptorImpl step = j.jenkins.getDescriptorByType(HarborPushStep.DescriptorImpl.class);
    HarborPushSettings.DescriptorImpl settings = j.jenkins.getDescriptorByType(HarborPushSettings.DescriptorImpl.class);
    List<String> fields = List.of("server", "project", "repository", "tags", "baseImage", "credentialsId", "scanGate",
        "buildOutputType", "buildOutput", "mainClass", "jvmFlags", "environment", "ports", "labels", "platforms",
        "harborLabels", "createProject", "verbosity");
    List<String> missing = j.executeOnServer(() -> fields.stream()
        .filter(f -> step.getHelpFile(f) == null || !step.getHelpFile(f).equals(settings.getHelpFile(f))).toList());
    assertThat(missing, equalTo(List.of()));
    String own = j.executeOnServer(step::getHelpFile);
    String server = j.executeOnServer(() -> step.getHelpFile("server"));
    try (JenkinsRule.WebClient web = j.createWebClient()) {
      assertThat(web.goTo(own.substring(1)).getWebResponse().getContentAsString(), containsString("Jib"));
      assertThat(web.goTo(server.substring(1)).getWebResponse().getContentAsString(), containsString("Harbor server"));
    }
  }

  /** The step the Pipeline DSL made of a call, caught before it runs. */
  private HarborPushStep bind(String call) throws Exception {
    Capture.steps.clear();
    WorkflowJob job = j.createProject(WorkflowJob.class);
    job.setDefinition(new CpsFlowDefinition("node {\n" + call + "\n}", true));
    WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, job);
    j.assertLogContains(Capture.CAUGHT, run);
    assertThat(Capture.steps.size(), equalTo(1));
    return Capture.steps.get(0);
  }

  @Test
  void readsTheFlatPipelineSyntaxWithFromForTheBaseImage() throws Exception {
    HarborPushStep step = bind("harborPush server: 'harbor', project: 'app', repository: 'demo',\n"
        + "  tags: [env.BUILD_NUMBER, 'latest'], from: 'base/jre17:17'");

    HarborPushSettings s = step.getSettings();
    assertThat(s.getServer(), equalTo("harbor"));
    assertThat(s.getProject(), equalTo("app"));
    assertThat(s.getRepository(), equalTo("demo"));
    assertThat(s.getTags(), equalTo(List.of("1", "latest")));
    assertThat(s.getBaseImage(), equalTo("base/jre17:17"));
  }

  @Test
  void takesASingleTagAsAListOfOneAndTheRepositoryAlone() throws Exception {
    assertThat(bind("harborPush repository: 'demo', tags: 'latest', ports: '8080'").getSettings().getTags(),
        equalTo(List.of("latest")));
    assertThat(bind("harborPush 'demo'").getSettings().getRepository(), equalTo("demo"));
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
    assertThat(snippet, not(containsString("from")));
  }

  @Test
  void whatTheSnippetGeneratorWritesBindsBackThroughThePipelineDsl() throws Exception {
    HarborPushStep before = new HarborPushStep(everySetting());
    String snippet = Snippetizer.object2Groovy(before);

    j.assertEqualDataBoundBeans(before, bind(snippet));
  }

  /** Catches each {@code harborPush} the DSL instantiated and ends it before it starts. */
  @TestExtension
  public static final class Capture implements StepListener {
    static final String CAUGHT = "caught by the test before it ran";
    static final List<HarborPushStep> steps = new CopyOnWriteArrayList<>();

    @Override
    public void notifyOfNewStep(Step step, StepContext context) {
      if (step instanceof HarborPushStep push) {
        steps.add(push);
        context.onFailure(new AbortException(CAUGHT));
      }
    }
  }

  /** A freestyle build step that holds a {@code harborPush} step, to show the step's form. */
  public static final class StepHolder extends Builder {
    private final HarborPushStep step;

    @DataBoundConstructor
    public StepHolder(HarborPushStep step) {
      this.step = step;
    }

    public HarborPushStep getStep() {
      return step;
    }

    @TestExtension
    public static final class DescriptorImpl extends BuildStepDescriptor<Builder> {
      @Override
      @SuppressWarnings("rawtypes")
      public boolean isApplicable(Class<? extends AbstractProject> jobType) {
        return true;
      }
    }
  }
}
