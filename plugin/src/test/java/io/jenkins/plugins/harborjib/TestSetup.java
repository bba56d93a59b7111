package io.jenkins.plugins.harborjib;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.FilePath;
import hudson.model.Job;
import hudson.slaves.DumbSlave;
import io.jenkins.plugins.harborjib.testkit.Samples;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import java.io.IOException;
import java.util.List;

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
