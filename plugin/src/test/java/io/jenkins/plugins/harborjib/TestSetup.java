package io.jenkins.plugins.harborjib;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.FilePath;
import hudson.model.Job;
import hudson.slaves.DumbSlave;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.Samples;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import io.jenkins.plugins.harborjib.testkit.harbor.Access;
import io.jenkins.plugins.harborjib.testkit.harbor.HarborStandIn;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the push tests share: credentials in Jenkins, a server for a test registry, the sample app in a workspace. */
final class TestSetup {
  /** A Harbor-style robot name: it must reach the registry untouched. */
  static final String ROBOT = "robot$app+ci";

  private TestSetup() {}

  static void addCredentials(String id, String username, String password) throws Exception {
    SystemCredentialsProvider store = SystemCredentialsProvider.getInstance();
    store.getCredentials().add(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, id,
        "Harbor robot account", username, password));
    store.save();
  }

  /** A server for the test registry: its private CA trusted for it alone, no Harbor API (a plain registry). */
  static HarborServer serverFor(TestRegistry registry, String credentialsId) {
    return serverFor(registry, "test", credentialsId);
  }

  /** {@link #serverFor(TestRegistry, String)} with another id, e.g. the docs' {@code harbor}. */
  static HarborServer serverFor(TestRegistry registry, String id, String credentialsId) {
    HarborServer server = new HarborServer(id, registry.url());
    server.setCredentialsId(credentialsId);
    server.setDefaultProject("app");
    server.setDefaultBaseImage("base/jre17:17");
    if (registry.isHttps()) {
      server.setCaCertificate(registry.caPem());
    } else {
      server.setInsecure(true);
    }
    server.setHarborApi(false);
    HarborGlobalConfiguration.get().setServers(List.of(server));
    return server;
  }

  /**
   * The Harbor stand-in with projects {@code base} (holding {@code base/jre17:17}) and {@code app}, and the server
   * {@code harbor} whose robot has the admin guide's recipe for the vulnerability gate, nothing more: Repository Push
   * and Pull, Artifact: Read, Artifact Addition: Read and Scan: Create on {@code app}; Pull on {@code base}.
   */
  static HarborServer harborForTheGate(HarborStandIn harbor, String secret) throws Exception {
    harbor.addProject("base");
    harbor.addProject("app");
    BaseImageFixture.push(harbor.registryHost() + "/base/jre17:17", HarborStandIn.ADMIN, harbor.adminPassword(), true);
    harbor.addRobot(ROBOT, secret, Map.of(
        "app", Set.of(Access.PUSH, Access.PULL, Access.READ_ARTIFACT, Access.READ_ADDITION, Access.CREATE_SCAN),
        "base", Set.of(Access.PULL)), false);
    addCredentials("harbor-robot", ROBOT, secret);
    HarborServer server = new HarborServer("harbor", harbor.url());
    server.setCredentialsId("harbor-robot");
    server.setDefaultProject("app");
    server.setDefaultBaseImage("base/jre17:17");
    server.setCaCertificate(harbor.caPem());
    HarborGlobalConfiguration.get().setServers(List.of(server));
    return server;
  }

  /** Puts the built sample app (samples/hello-app with its target/) into the job's workspace on the agent. */
  static FilePath sampleAppIn(DumbSlave agent, Job<?, ?> job) throws IOException, InterruptedException {
    FilePath workspace = agent.getWorkspaceFor((hudson.model.TopLevelItem) job);
    if (workspace == null) {
      throw new IllegalStateException("agent " + agent.getNodeName() + " is offline");
    }
    workspace.mkdirs();
    new FilePath(Samples.helloApp().toFile()).copyRecursiveTo(workspace);
    return workspace;
  }
}
