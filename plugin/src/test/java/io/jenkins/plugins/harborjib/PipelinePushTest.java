package io.jenkins.plugins.harborjib;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import hudson.FilePath;
import hudson.model.Label;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.Skopeo;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A Pipeline on an agent pushes the sample app to a real registry (the CNCF distribution registry on loopback, over
 * HTTPS with its own CA, basic auth for a robot-style user) and gets back the digest the registry has.
 */
@WithJenkins
class PipelinePushTest {
  private static final String SECRET = "robot-" + UUID.randomUUID();

  @RegisterExtension static BuildWatcherExtension buildWatcher = new BuildWatcherExtension();
  @RegisterExtension static TestRegistry registry = TestRegistry.builder().https().htpasswd(TestSetup.ROBOT, SECRET)
      .build();

  @Test
  void pushesFromTheAgentAndReturnsTheDigestTheRegistryHas(JenkinsRule j) throws Exception {
    BaseImageFixture.pushJre17(registry);
    TestSetup.addCredentials("harbor-robot", TestSetup.ROBOT, SECRET);
    TestSetup.serverFor(registry, "harbor-robot");
    DumbSlave agent = j.createOnlineSlave(Label.get("pusher"));
    WorkflowJob job = j.createProject(WorkflowJob.class, "hello");
    TestSetup.sampleAppIn(agent, job);
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
    HarborPushAction action = run.getAction(HarborPushAction.class);
    assertThat(action, notNullValue());
    assertThat(action.getDigest(), equalTo(digest));
    assertThat(action.getTags(), equalTo(List.of("1", "latest")));

    // The secret never reaches the log, the build record or the agent's files.
    j.assertLogNotContains(SECRET, run);
    String buildXml = Files.readString(run.getRootDir().toPath().resolve("build.xml"), StandardCharsets.UTF_8);
    assertThat(buildXml, containsString(digest));
    assertThat(buildXml, not(containsString(SECRET)));
    FilePath engine = agent.getRootPath().child("harbor-jib/engine");
    assertThat(engine.list().size(), equalTo(1)); // one folder: this plugin's engine, by hash
  }

  @Test
  void theSecondPushOnAnAgentReusesItsEngineJar(JenkinsRule j) throws Exception {
    BaseImageFixture.pushJre17(registry);
    TestSetup.addCredentials("harbor-robot", TestSetup.ROBOT, SECRET);
    TestSetup.serverFor(registry, "harbor-robot");
    DumbSlave agent = j.createOnlineSlave(Label.get("pusher"));
    WorkflowJob job = j.createProject(WorkflowJob.class, "twice");
    TestSetup.sampleAppIn(agent, job);
    job.setDefinition(new CpsFlowDefinition(
        "node('pusher') { harborPush repository: 'twice', tags: ['${BUILD_NUMBER}'] }", true));

    WorkflowRun first = j.assertBuildStatusSuccess(job.scheduleBuild2(0));
    WorkflowRun second = j.assertBuildStatusSuccess(job.scheduleBuild2(0));

    j.assertLogContains("Copying the engine jar to this agent", first);
    j.assertLogNotContains("Copying the engine jar to this agent", second);
    assertThat(Skopeo.of(registry).listTags("app/twice"), equalTo(List.of("1", "2")));
  }

  @Test
  void badSettingsFailTheBuildNamingFieldValueAndFix(JenkinsRule j) throws Exception {
    TestSetup.addCredentials("harbor-robot", TestSetup.ROBOT, SECRET);
    TestSetup.serverFor(registry, "harbor-robot");
    DumbSlave agent = j.createOnlineSlave(Label.get("pusher"));
    WorkflowJob job = j.createProject(WorkflowJob.class, "bad");
    TestSetup.sampleAppIn(agent, job);
    job.setDefinition(new CpsFlowDefinition(
        "node('pusher') { harborPush repository: 'Hello', tags: ['-x'] }", true));

    WorkflowRun run = j.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0));

    j.assertLogContains("repository 'Hello' is not a valid repository name", run);
    j.assertLogContains("(uppercase is not allowed: 'hello' would do)", run);
    j.assertLogContains("tags[0] '-x' is not a valid tag", run);
    j.assertLogNotContains(SECRET, run);
  }
}
