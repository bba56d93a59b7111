package io.jenkins.plugins.harborjib;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The server's credentials are those a build can use: System-scoped credentials are Jenkins' own, never handed to a
 * build (credentials-plugin {@code SystemCredentialsProvider}), so the form must not offer them and "Test connection"
 * must not pass with them while every push then fails "not found".
 */
@WithJenkins
class ServerCredentialsTest {
  private JenkinsRule j;

  @BeforeEach
  void setUp(JenkinsRule rule) throws Exception {
    j = rule;
    TestSetup.addCredentials("harbor-robot", TestSetup.ROBOT, "global-secret");
    SystemCredentialsProvider store = SystemCredentialsProvider.getInstance();
    store.getCredentials().add(new UsernamePasswordCredentialsImpl(CredentialsScope.SYSTEM, "jenkins-only",
        "for Jenkins itself", "robot$app+system", "system-secret"));
    store.save();
  }

  private static List<String> values(ListBoxModel model) {
    return model.stream().map(o -> o.value).toList();
  }

  @Test
  void theServersFormOffersAndAcceptsOnlyWhatBuildsCanUse() {
    HarborServer.DescriptorImpl d = j.jenkins.getDescriptorByType(HarborServer.DescriptorImpl.class);
    String url = "https://harbor.example.com";

    assertThat(values(d.doFillCredentialsIdItems(url, "")), hasItem("harbor-robot"));
    assertThat(values(d.doFillCredentialsIdItems(url, "")), not(hasItem("jenkins-only")));
    assertThat(d.doCheckCredentialsId("harbor-robot", url).kind, equalTo(FormValidation.Kind.OK));
    FormValidation system = d.doCheckCredentialsId("jenkins-only", url);
    assertThat(system.kind, equalTo(FormValidation.Kind.ERROR));
    assertThat(system.getMessage(), containsString("System scope"));
    assertThat(system.getMessage(), containsString("Global scope"));

    // Refused before anything is contacted: nothing listens on 127.0.0.1:1.
    FormValidation test = d.doTestConnection("harbor", "https://127.0.0.1:1", "jenkins-only", "", "", false, "1", "1",
        true);
    assertThat(test.kind, equalTo(FormValidation.Kind.ERROR));
    assertThat(test.getMessage(), containsString("System scope"));
  }

  @Test
  void thePushFormOffersOnlyWhatBuildsCanUseToo() throws Exception {
    HarborGlobalConfiguration.get().setServers(List.of(new HarborServer("harbor", "https://harbor.example.com")));
    HarborPushSettings.DescriptorImpl d = j.jenkins.getDescriptorByType(HarborPushSettings.DescriptorImpl.class);
    FreeStyleProject job = j.createFreeStyleProject("app");

    assertThat(values(d.doFillCredentialsIdItems(null, "harbor", "")), hasItem("harbor-robot"));
    assertThat(values(d.doFillCredentialsIdItems(null, "harbor", "")), not(hasItem("jenkins-only")));
    assertThat(values(d.doFillCredentialsIdItems(job, "harbor", "")), not(hasItem("jenkins-only")));
    assertThat(d.doCheckCredentialsId(null, "jenkins-only", "harbor").getMessage(), containsString("System scope"));
    assertThat(d.doCheckCredentialsId(job, "jenkins-only", "harbor").getMessage(), containsString("System scope"));
  }

  /** What the form now says is what a build finds: System-scoped credentials are not found from a build. */
  @Test
  void aBuildCannotUseSystemScopedCredentials() throws Exception {
    HarborServer server = new HarborServer("harbor", "https://harbor.example.com");
    server.setCredentialsId("jenkins-only");
    HarborGlobalConfiguration.get().setServers(List.of(server));
    FreeStyleProject job = j.createFreeStyleProject("app");
    job.getBuildersList().add(new HarborPushBuilder(new HarborPushSettings("demo")));

    j.assertLogContains("The credentials 'jenkins-only' for Harbor server 'harbor' cannot be found from this build",
        j.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0)));
  }
}
