package io.jenkins.plugins.harborjib;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hudson.model.FreeStyleProject;
import hudson.model.Item;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.lang.reflect.Method;
import java.util.List;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;
import org.htmlunit.FailingHttpStatusCodeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.kohsuke.stapler.verb.POST;
import org.springframework.security.access.AccessDeniedException;

/** Every form method answers only by POST and only to whom may see or change what it is about. */
@WithJenkins
class FormPermissionTest {
  private JenkinsRule j;
  private FreeStyleProject job;

  @BeforeEach
  void setUp(JenkinsRule rule) throws Exception {
    j = rule;
    j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
    j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
        .grant(Jenkins.ADMINISTER).everywhere().to("admin")
        .grant(Jenkins.READ, Item.READ).everywhere().to("reader")
        .grant(Jenkins.READ, Item.READ, Item.EXTENDED_READ, Item.CONFIGURE).everywhere().to("configurer"));
    HarborServer server = new HarborServer("harbor", "https://harbor.example.com");
    server.setDefaultProject("app");
    HarborGlobalConfiguration.get().setServers(List.of(server));
    TestSetup.addCredentials("harbor-robot", TestSetup.ROBOT, "robot-secret-for-forms");
    job = j.createFreeStyleProject("app");
  }

  private static ACLContext as(String user) {
    return ACL.as2(User.getById(user, true).impersonate2());
  }

  private static List<String> values(ListBoxModel model) {
    return model.stream().map(o -> o.value).collect(Collectors.toList());
  }

  @Test
  void everyFormMethodIsPostOnly() {
    for (Class<?> descriptor : List.of(HarborServer.DescriptorImpl.class, HarborPushSettings.DescriptorImpl.class,
        ScanGate.DescriptorImpl.class)) {
      for (Method m : descriptor.getDeclaredMethods()) {
        if (m.getName().startsWith("do") && java.lang.reflect.Modifier.isPublic(m.getModifiers())) {
          assertThat(descriptor.getSimpleName() + "." + m.getName() + " is @POST", m.isAnnotationPresent(POST.class),
              is(true));
        }
      }
    }
  }

  @Test
  void testConnectionRefusesGetRequests() throws Exception {
    try (JenkinsRule.WebClient web = j.createWebClient().login("admin")) {
      FailingHttpStatusCodeException e = assertThrows(FailingHttpStatusCodeException.class, () -> web.goTo(
          "descriptorByName/" + HarborServer.class.getName() + "/testConnection?url=https://169.254.169.254/"));
      assertThat(e.getStatusCode(), equalTo(405));
    }
  }

  @Test
  void testConnectionIsForAdministratorsOnly() {
    HarborServer.DescriptorImpl d = j.jenkins.getDescriptorByType(HarborServer.DescriptorImpl.class);
    try (ACLContext ignored = as("configurer")) {
      assertThrows(AccessDeniedException.class, () -> d.doTestConnection("x", "https://169.254.169.254", "", "", "",
          false, "1", "1", true));
    }
  }

  @Test
  void theServersCredentialsListIsForAdministratorsOnly() {
    HarborServer.DescriptorImpl d = j.jenkins.getDescriptorByType(HarborServer.DescriptorImpl.class);
    try (ACLContext ignored = as("configurer")) {
      assertThat(values(d.doFillCredentialsIdItems("https://harbor.example.com", "")), not(hasItem("harbor-robot")));
      assertThat(d.doCheckUrl("not a url", false).kind, equalTo(FormValidation.Kind.OK));
    }
    try (ACLContext ignored = as("admin")) {
      assertThat(values(d.doFillCredentialsIdItems("https://harbor.example.com", "")), hasItem("harbor-robot"));
      assertThat(d.doCheckUrl("not a url", false).kind, equalTo(FormValidation.Kind.ERROR));
    }
  }

  @Test
  void aReaderOfTheJobGetsNoListsAndNoChecks() {
    HarborPushSettings.DescriptorImpl d = j.jenkins.getDescriptorByType(HarborPushSettings.DescriptorImpl.class);
    try (ACLContext ignored = as("reader")) {
      assertThat(values(d.doFillServerItems(job, "")), empty());
      assertThat(values(d.doFillCredentialsIdItems(job, "harbor", "")), not(hasItem("harbor-robot")));
      assertThat(d.doFillProjectItems(job, "harbor", "").size(), is(0));
      assertThat(d.doCheckRepository(job, "Bad Name", "app").kind, equalTo(FormValidation.Kind.OK));
    }
  }

  @Test
  void whoMayConfigureTheJobGetsListsAndChecks() {
    HarborPushSettings.DescriptorImpl d = j.jenkins.getDescriptorByType(HarborPushSettings.DescriptorImpl.class);
    try (ACLContext ignored = as("configurer")) {
      assertThat(values(d.doFillServerItems(job, "")), equalTo(List.of("harbor")));
      assertThat(values(d.doFillCredentialsIdItems(job, "harbor", "")), hasItem("harbor-robot"));
      assertThat(d.doCheckRepository(job, "Bad Name", "app").kind, equalTo(FormValidation.Kind.ERROR));
      assertThat(d.doCheckTags(job, "latest\n-bad").kind, equalTo(FormValidation.Kind.ERROR));
      assertThat(d.doCheckProject(job, "", "harbor").kind, equalTo(FormValidation.Kind.OK));
    }
  }
}
