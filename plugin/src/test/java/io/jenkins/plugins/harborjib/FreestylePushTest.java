package io.jenkins.plugins.harborjib;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Label;
import hudson.model.ParametersDefinitionProperty;
import hudson.model.StringParameterDefinition;
import hudson.slaves.DumbSlave;
import hudson.tasks.Shell;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.Skopeo;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The freestyle step pushes from an agent, and the next build step reads what was pushed from the environment. */
@WithJenkins
class FreestylePushTest {
  private static final String SECRET = "robot-" + UUID.randomUUID();

  @RegisterExtension static BuildWatcherExtension buildWatcher = new BuildWatcherExtension();
  @RegisterExtension static TestRegistry registry = TestRegistry.builder().https().htpasswd(TestSetup.ROBOT, SECRET)
      .build();

  @Test
  void laterBuildStepsSeeTheImageDigestAndTags(JenkinsRule j) throws Exception {
    BaseImageFixture.pushJre17(registry);
    TestSetup.addCredentials("harbor-robot", TestSetup.ROBOT, SECRET);
    TestSetup.serverFor(registry, "harbor-robot");
    DumbSlave agent = j.createOnlineSlave(Label.get("pusher"));
    FreeStyleProject job = j.createFreeStyleProject("hello");
    job.setAssignedLabel(Label.get("pusher"));
    TestSetup.sampleAppIn(agent, job);
    HarborPushSettings settings = new HarborPushSettings("hello");
    settings.setServer("test");
    settings.setTags(List.of("${BUILD_NUMBER}", "latest"));
    job.getBuildersList().add(new HarborPushBuilder(settings));
    job.getBuildersList().add(new Shell("echo \"image=$HARBOR_IMAGE digest=$HARBOR_DIGEST tags=$HARBOR_TAGS\"\n"
        + "echo \"deploy=$HARBOR_REFERENCE\""));

    FreeStyleBuild build = j.buildAndAssertSuccess(job);

    String digest = Skopeo.of(registry).inspect("app/hello:1").digest();
    j.assertLogContains("image=" + registry.host() + "/app/hello digest=" + digest + " tags=1,latest", build);
    j.assertLogContains("deploy=" + registry.host() + "/app/hello@" + digest, build);
    j.assertLogNotContains(SECRET, build);

    // Nor in any file Jenkins keeps of the job, the build or the configuration, but the encrypted credentials store.
    try (Stream<Path> files = Files.walk(j.jenkins.getRootDir().toPath())) {
      List<Path> withSecret = files.filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().equals("credentials.xml"))
          .filter(f -> contains(f, SECRET)).toList();
      assertThat(withSecret, empty());
    }
  }

  /**
   * The freestyle settings of docs/freestyle.md that a plain registry takes, each seen in the pushed image or the
   * build: project, tags with variables (a build parameter, {@code $BUILD_NUMBER}, {@code ${MAVEN_VERSION}}), base image,
   * the step's own credentials, build output type and path, JVM flags, environment, ports, image labels, platforms and
   * log detail. (Harbor labels, project creation and the vulnerability gate need Harbor's API: not here.)
   */
  @Test
  void everyFreestyleSettingReachesTheImage(JenkinsRule j) throws Exception {
    BaseImageFixture.pushJre17(registry);
    TestSetup.addCredentials("step-robot", TestSetup.ROBOT, SECRET);
    TestSetup.serverFor(registry, "");
    DumbSlave agent = j.createOnlineSlave(Label.get("pusher"));
    FreeStyleProject job = j.createFreeStyleProject("all");
    job.setAssignedLabel(Label.get("pusher"));
    job.addProperty(new ParametersDefinitionProperty(new StringParameterDefinition("RELEASE", "rc1")));
    TestSetup.sampleAppIn(agent, job);
    HarborPushSettings s = new HarborPushSettings("hello");
    s.setServer("test");
    s.setProject("team");
    s.setTags(List.of("${MAVEN_VERSION}", "$BUILD_NUMBER", "${RELEASE}"));
    s.setBaseImage("base/jre17:17");
    s.setCredentialsId("step-robot");
    s.setBuildOutputType("auto");
    s.setBuildOutput(".");
    s.setJvmFlags(List.of("-Xmx128m"));
    s.setEnvironment(List.of("TZ=UTC"));
    s.setPorts(List.of("8080"));
    s.setLabels(List.of("team=payments"));
    s.setPlatforms(List.of("linux/amd64"));
    s.setVerbosity("verbose");
    job.getBuildersList().add(new HarborPushBuilder(s));
    job.getBuildersList().add(new Shell("echo \"tags=$HARBOR_TAGS\""));

    FreeStyleBuild build = j.buildAndAssertSuccess(job);

    Skopeo skopeo = Skopeo.of(registry);
    assertThat(skopeo.listTags("team/hello"), containsInAnyOrder("1.0.0", "1", "rc1"));
    Skopeo.ImageConfig config = skopeo.inspectConfig("team/hello:rc1");
    assertThat(config.env("TZ").orElseThrow(), equalTo("UTC"));
    assertThat(config.labels().get("team"), equalTo("payments"));
    assertThat(config.exposedPorts(), hasItem("8080/tcp"));
    assertThat(config.entrypoint(), hasItem("-Xmx128m"));
    assertThat(config.architecture(), equalTo("amd64"));
    j.assertLogContains("tags=1.0.0,1,rc1", build);
    j.assertLogNotContains(SECRET, build);
  }

  private static boolean contains(Path file, String text) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
    } catch (IOException e) {
      return false;
    }
  }
}
