package io.jenkins.plugins.harborjib;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import hudson.FilePath;
import hudson.model.Executor;
import hudson.model.Label;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.Skopeo;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import io.jenkins.plugins.harborjib.testkit.fault.Fault;
import io.jenkins.plugins.harborjib.testkit.fault.FaultProxy;
import io.jenkins.plugins.harborjib.testkit.fault.FaultRule;
import io.jenkins.plugins.harborjib.testkit.harbor.HarborStandIn;
import io.jenkins.plugins.harborjib.testkit.harbor.ScanResult;
import io.jenkins.plugins.harborjib.testkit.harbor.Vuln;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jenkinsci.plugins.workflow.actions.ArgumentsAction;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.graphanalysis.DepthFirstScanner;
import org.jenkinsci.plugins.workflow.graphanalysis.NodeStepTypePredicate;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Pipelines on an agent push the sample app to a real registry (the CNCF distribution registry on loopback, over
 * HTTPS with its own CA, basic auth for a robot-style user) through the documented syntax, and get back the digest the
 * registry has.
 */
@WithJenkins
class PipelinePushTest {
  private static final String SECRET = "robot-" + UUID.randomUUID();

  @RegisterExtension static BuildWatcherExtension buildWatcher = new BuildWatcherExtension();
  @RegisterExtension static TestRegistry registry = TestRegistry.builder().https().htpasswd(TestSetup.ROBOT, SECRET)
      .build();

  private static DumbSlave agentWithTheSampleApp(JenkinsRule j, WorkflowJob job) throws Exception {
    BaseImageFixture.pushJre17(registry);
    TestSetup.addCredentials("harbor-robot", TestSetup.ROBOT, SECRET);
    TestSetup.serverFor(registry, "harbor-robot");
    DumbSlave agent = j.createOnlineSlave(Label.get("pusher"));
    TestSetup.sampleAppIn(agent, job);
    return agent;
  }

  private static List<FlowNode> harborPushNodes(WorkflowRun run) {
    return new DepthFirstScanner().filteredNodes(run.getExecution(), new NodeStepTypePredicate("harborPush"));
  }

  @Test
  void pushesFromTheAgentAndReturnsTheDigestTheRegistryHas(JenkinsRule j) throws Exception {
    WorkflowJob job = j.createProject(WorkflowJob.class, "hello");
    DumbSlave agent = agentWithTheSampleApp(j, job);
    // from: must win over the server's default, which does not exist
    HarborGlobalConfiguration.get().getServers().get(0).setDefaultBaseImage("base/absent:0");
    job.setDefinition(new CpsFlowDefinition("""
        node('pusher') {
          def image = harborPush server: 'test', repository: 'hello', tags: [env.BUILD_NUMBER, 'latest'],
                                 from: 'base/jre17:17'
          echo "digest=${image.digest}"
          echo "reference=${image.reference}"
          echo "tags=${image.tags}"
        }""", true));

    WorkflowRun run = j.assertBuildStatusSuccess(job.scheduleBuild2(0));

    String digest = Skopeo.of(registry).inspect("app/hello:1").digest();
    assertThat(Skopeo.of(registry).inspect("app/hello:latest").digest(), equalTo(digest));
    j.assertLogContains("digest=" + digest, run);
    j.assertLogContains("reference=" + registry.host() + "/app/hello@" + digest, run);
    j.assertLogContains("tags=[1, latest]", run);
    j.assertLogContains("[harbor-jib] pushed " + registry.host() + "/app/hello@" + digest, run);
    j.assertLogContains("base/jre17:17", run);
    j.assertLogNotContains("base/absent", run);
    // Java 24+ agents: the engine's libraries' sun.misc.Unsafe warnings stay out of the log.
    j.assertLogNotContains("sun.misc.Unsafe", run);
    HarborPushAction action = run.getAction(HarborPushAction.class);
    assertThat(action, notNullValue());
    assertThat(action.getDigest(), equalTo(digest));
    assertThat(action.getTags(), equalTo(List.of("1", "latest")));
    // The step's views name it by its repository.
    FlowNode step = harborPushNodes(run).get(0);
    assertThat(ArgumentsAction.getStepArgumentsAsString(step), equalTo("hello"));
    assertThat(step.getPersistentAction(WarningAction.class), nullValue());
    // The build page shows the push.
    String page = j.createWebClient().getPage(run).asNormalizedText();
    assertThat(page, containsString("Pushed to Harbor"));
    assertThat(page, containsString(registry.host() + "/app/hello@" + digest));

    // The secret never reaches the log, the build record or the agent's files.
    j.assertLogNotContains(SECRET, run);
    String buildXml = Files.readString(run.getRootDir().toPath().resolve("build.xml"), StandardCharsets.UTF_8);
    assertThat(buildXml, containsString(digest));
    assertThat(buildXml, not(containsString(SECRET)));
    FilePath engine = agent.getRootPath().child("harbor-jib/engine");
    assertThat(engine.list().size(), equalTo(1)); // one folder: this plugin's engine, by hash
  }

  @Test
  void takesTheRepositoryAloneAndOneTagAsAString(JenkinsRule j) throws Exception {
    WorkflowJob job = j.createProject(WorkflowJob.class, "short");
    agentWithTheSampleApp(j, job);
    job.setDefinition(new CpsFlowDefinition("""
        node('pusher') {
          harborPush 'solo'
          def image = harborPush repository: 'single', tags: 'latest'
          echo "tags=${image.tags}"
        }""", true));

    WorkflowRun run = j.assertBuildStatusSuccess(job.scheduleBuild2(0));

    assertThat(Skopeo.of(registry).listTags("app/solo"), equalTo(List.of("1"))); // the default tag: BUILD_NUMBER
    assertThat(Skopeo.of(registry).listTags("app/single"), equalTo(List.of("latest")));
    j.assertLogContains("tags=[latest]", run);
    List<String> labels = harborPushNodes(run).stream().map(ArgumentsAction::getStepArgumentsAsString).toList();
    assertThat(labels, containsInAnyOrder("solo", "single"));
  }

  @Test
  void theSecondPushOnAnAgentReusesItsEngineJar(JenkinsRule j) throws Exception {
    WorkflowJob job = j.createProject(WorkflowJob.class, "twice");
    agentWithTheSampleApp(j, job);
    job.setDefinition(new CpsFlowDefinition(
        "node('pusher') { harborPush repository: 'twice', tags: ['${BUILD_NUMBER}'] }", true));

    WorkflowRun first = j.assertBuildStatusSuccess(job.scheduleBuild2(0));
    WorkflowRun second = j.assertBuildStatusSuccess(job.scheduleBuild2(0));

    j.assertLogContains("Copying the engine jar to this agent", first);
    j.assertLogNotContains("Copying the engine jar to this agent", second);
    // The registry lists tags in its own order (lexical, not by push time).
    assertThat(Skopeo.of(registry).listTags("app/twice"), containsInAnyOrder("1", "2"));
  }

  @Test
  void badSettingsFailTheBuildNamingFieldValueAndFix(JenkinsRule j) throws Exception {
    WorkflowJob job = j.createProject(WorkflowJob.class, "bad");
    agentWithTheSampleApp(j, job);
    job.setDefinition(new CpsFlowDefinition(
        "node('pusher') { harborPush repository: 'Hello', tags: ['-x'] }", true));

    WorkflowRun run = j.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0));

    j.assertLogContains("repository 'Hello' is not a valid repository name", run);
    j.assertLogContains("(uppercase is not allowed: 'hello' would do)", run);
    j.assertLogContains("tags[0] '-x' is not a valid tag", run);
    j.assertLogNotContains(SECRET, run);
  }

  @Test
  void fromAndADifferentBaseImageAreRefused(JenkinsRule j) throws Exception {
    WorkflowJob job = j.createProject(WorkflowJob.class, "both");
    agentWithTheSampleApp(j, job);
    job.setDefinition(new CpsFlowDefinition(
        "node('pusher') { harborPush repository: 'both', from: 'base/jre17:17', baseImage: 'base/jre21:21' }", true));

    WorkflowRun run = j.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0));

    j.assertLogContains("harborPush got from: 'base/jre17:17' and baseImage: 'base/jre21:21'", run);
  }

  @Test
  void aMissingWorkspaceFolderIsNamedNotBlamedOnJava(JenkinsRule j) throws Exception {
    WorkflowJob job = j.createProject(WorkflowJob.class, "nowhere");
    agentWithTheSampleApp(j, job);
    job.setDefinition(new CpsFlowDefinition(
        "node('pusher') { dir('not-built-yet') { harborPush 'demo' } }", true));

    WorkflowRun run = j.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0));

    j.assertLogContains("not-built-yet does not exist on", run);
    j.assertLogContains("Push after the build that fills it", run);
    j.assertLogNotContains("could not start the engine", run);
  }

  @Test
  void anAbortWaitsForTheEngineToSayWhatMayBeInTheRegistry(JenkinsRule j) throws Exception {
    try (TestRegistry plain = TestRegistry.builder().htpasswd(TestSetup.ROBOT, SECRET).build().start();
        FaultProxy proxy = FaultProxy.to(plain).start()) {
      BaseImageFixture.pushJre17(plain);
      TestSetup.addCredentials("harbor-robot", TestSetup.ROBOT, SECRET);
      HarborServer server = new HarborServer("test", proxy.url());
      server.setCredentialsId("harbor-robot");
      server.setDefaultProject("app");
      server.setDefaultBaseImage("base/jre17:17");
      server.setInsecure(true);
      server.setHarborApi(false);
      HarborGlobalConfiguration.get().setServers(List.of(server));
      DumbSlave agent = j.createOnlineSlave(Label.get("pusher"));
      WorkflowJob job = j.createProject(WorkflowJob.class, "aborted");
      TestSetup.sampleAppIn(agent, job);
      FaultRule hang = proxy.when("PUT", "/manifests/").always().then(Fault.hang());
      job.setDefinition(new CpsFlowDefinition(
          "node('pusher') { harborPush repository: 'aborted' }\necho 'after the node'", true));

      WorkflowRun run = job.scheduleBuild2(0).waitForStart();
      assertThat("the engine reached the manifest", hang.awaitApplied(1, Duration.ofMinutes(2)), equalTo(true));
      Executor executor = run.getExecutor();
      assertThat(executor, notNullValue());
      executor.interrupt();
      j.waitForCompletion(run);

      j.assertBuildStatus(Result.ABORTED, run);
      String log = JenkinsRule.getLog(run);
      int stopped = log.indexOf("[harbor-jib] cancelled: stopped the engine");
      assertThat(log, stopped, greaterThan(0));
      // ... before the step ended: the node block closes after it
      assertThat(log, stopped, lessThan(log.indexOf("[Pipeline] // node")));
      j.assertLogNotContains("after the node", run);
    }
  }

  @Test
  void anUnstableScanPutsAWarningOnTheStep(JenkinsRule j) throws Exception {
    try (HarborStandIn harbor = HarborStandIn.create().start()) {
      TestSetup.harborForTheGate(harbor, SECRET);
      harbor.setScanResult("app", "gated", ScanResult.finding(
          Vuln.unfixed("CVE-2024-0002", "Critical", "zlib", "1.2.11")));
      DumbSlave agent = j.createOnlineSlave(Label.get("pusher"));
      WorkflowJob job = j.createProject(WorkflowJob.class, "gated");
      TestSetup.sampleAppIn(agent, job);
      job.setDefinition(new CpsFlowDefinition("""
          node('pusher') {
            harborPush repository: 'gated', scanGate: [threshold: 'HIGH', onViolation: 'UNSTABLE']
            echo 'went on'
          }""", true));

      WorkflowRun run = j.assertBuildStatus(Result.UNSTABLE, job.scheduleBuild2(0));

      j.assertLogContains("went on", run);
      WarningAction warning = harborPushNodes(run).get(0).getPersistentAction(WarningAction.class);
      assertThat(warning, notNullValue());
      assertThat(warning.getResult(), equalTo(Result.UNSTABLE));
      assertThat(warning.getMessage(), containsString("/app/gated@sha256:"));
      harbor.assertNoValidationFailures();
    }
  }
}
