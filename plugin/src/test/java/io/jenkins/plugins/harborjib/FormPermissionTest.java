package io.jenkins.plugins.harborjib;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
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
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;
import org.htmlunit.FailingHttpStatusCodeException;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.util.NameValuePair;
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
    server.setHarborApi(false); // the project list then answers the default project without asking anyone
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
        HarborPushStep.DescriptorImpl.class, ScanGate.DescriptorImpl.class)) {
      for (Method m : descriptor.getDeclaredMethods()) {
        if (m.getName().startsWith("do") && java.lang.reflect.Modifier.isPublic(m.getModifiers())) {
          assertThat(descriptor.getSimpleName() + "." + m.getName() + " is @POST", m.isAnnotationPresent(POST.class),
              is(true));
        }
      }
    }
  }

  /**
   * {@code @POST} is Stapler's {@code HttpVerbInterceptor}: on another verb it cancels this route and Stapler looks for
   * another, finds none and answers 404 (405 is {@code @RequirePOST}'s answer). A POST with a crumb reaches it.
   */
  @Test
  void testConnectionAnswersPostOnly() throws Exception {
    try (JenkinsRule.WebClient web = j.createWebClient().login("admin")) {
      String path = "descriptorByName/" + HarborServer.class.getName() + "/testConnection";
      FailingHttpStatusCodeException e = assertThrows(FailingHttpStatusCodeException.class,
          () -> web.goTo(path + "?url=https://169.254.169.254/"));
      assertThat(e.getStatusCode(), equalTo(404));

      WebRequest post = new WebRequest(new URL(j.getURL(), path), HttpMethod.POST);
      post.setRequestParameters(new ArrayList<>(List.of(new NameValuePair("id", "x"),
          new NameValuePair("url", "https://127.0.0.1:1"), new NameValuePair("connectTimeoutSeconds", "1"),
          new NameValuePair("readTimeoutSeconds", "1"), new NameValuePair("harborApi", "true"))));
      Page answer = web.getPage(web.addCrumb(post));
      assertThat(answer.getWebResponse().getStatusCode(), equalTo(200));
      assertThat(answer.getWebResponse().getContentAsString(), containsString("error"));
    }
  }

  /**
   * The Pipeline step's form (the Snippet Generator) asks the step's own descriptor, under the job: its URLs answer a
   * POST with a crumb, only with what the user may see, and a GET not at all.
   */
  @Test
  void theStepsOwnFormUrlsAnswerByPostForWhoMayConfigureTheJob() throws Exception {
    String step = "job/app/descriptorByName/" + HarborPushStep.class.getName() + "/";
    String servers = step + "fillServerItems";
    String repository = step + "checkRepository?value=Bad+Name&project=app";
    try (JenkinsRule.WebClient web = j.createWebClient().login("configurer")) {
      FailingHttpStatusCodeException e = assertThrows(FailingHttpStatusCodeException.class, () -> web.goTo(servers));
      assertThat(e.getStatusCode(), equalTo(404));
      assertThat(post(web, servers), containsString("\"value\":\"harbor\""));
      assertThat(post(web, repository), containsString("error"));
    }
    try (JenkinsRule.WebClient web = j.createWebClient().login("reader")) {
      assertThat(post(web, servers), not(containsString("\"value\":\"harbor\"")));
      assertThat(post(web, repository), not(containsString("error")));
    }
  }

  private String post(JenkinsRule.WebClient web, String path) throws Exception {
    Page answer = web.getPage(web.addCrumb(new WebRequest(new URL(j.getURL(), path), HttpMethod.POST)));
    assertThat(path, answer.getWebResponse().getStatusCode(), equalTo(200));
    return answer.getWebResponse().getContentAsString();
  }

  /** Every form method, called by who may not use it, answers nothing: no list, no check, no connection. */
  @Test
  void everyFormMethodRefusesWhoMayNotUseIt() throws Exception {
    assertRefused(HarborServer.DescriptorImpl.class, "configurer", null);
    assertRefused(HarborPushSettings.DescriptorImpl.class, "reader", job);
    assertRefused(HarborPushStep.DescriptorImpl.class, "reader", job);
    assertRefused(ScanGate.DescriptorImpl.class, "reader", job);
    // Without a job (the Snippet Generator at the root): administrators only.
    assertRefused(HarborPushSettings.DescriptorImpl.class, "configurer", null);
    assertRefused(HarborPushStep.DescriptorImpl.class, "configurer", null);
    assertRefused(ScanGate.DescriptorImpl.class, "configurer", null);
  }

  /** The same calls by who may use them do answer: the refusal above is the permission check, not the input. */
  @Test
  void everyFormMethodAnswersWhoMayUseIt() throws Exception {
    assertAnswered(HarborServer.DescriptorImpl.class, "admin", null);
    assertAnswered(HarborPushSettings.DescriptorImpl.class, "configurer", job);
    assertAnswered(HarborPushStep.DescriptorImpl.class, "configurer", job);
    assertAnswered(ScanGate.DescriptorImpl.class, "configurer", job);
    assertAnswered(HarborPushSettings.DescriptorImpl.class, "admin", null);
    assertAnswered(HarborPushStep.DescriptorImpl.class, "admin", null);
  }

  /** Input every check refuses and every list answers, passed to each parameter by type. */
  private static final String BAD = "-Bad Value!";

  /** Where {@link #BAD} is acceptable input, input that method refuses. */
  private static final java.util.Map<String, String> BAD_FOR = java.util.Map.of(
      "doCheckBuildOutput", "../outside", "doCheckJvmFlags", "Xmx1g", "doCheckHarborLabels", "x".repeat(129));

  private Object call(Class<?> type, Method m, @edu.umd.cs.findbugs.annotations.CheckForNull Item item)
      throws Exception {
    Object[] args = new Object[m.getParameterCount()];
    for (int i = 0; i < args.length; i++) {
      Class<?> p = m.getParameterTypes()[i];
      args[i] = p == boolean.class ? Boolean.FALSE : Item.class.isAssignableFrom(p) ? item
          : m.getParameters()[i].getName().equals("server") ? "harbor"
          : BAD_FOR.getOrDefault(m.getName(), BAD);
    }
    try {
      return m.invoke(j.jenkins.getDescriptorByType(type.asSubclass(hudson.model.Descriptor.class)), args);
    } catch (java.lang.reflect.InvocationTargetException e) {
      if (e.getCause() instanceof AccessDeniedException denied) {
        return denied;
      }
      throw e;
    }
  }

  private static List<Method> formMethods(Class<?> descriptor) {
    return java.util.Arrays.stream(descriptor.getDeclaredMethods())
        .filter(m -> m.getName().startsWith("do") && java.lang.reflect.Modifier.isPublic(m.getModifiers()))
        .sorted(java.util.Comparator.comparing(Method::getName)).toList();
  }

  private void assertRefused(Class<?> descriptor, String user, @edu.umd.cs.findbugs.annotations.CheckForNull Item item)
      throws Exception {
    try (ACLContext ignored = as(user)) {
      for (Method m : formMethods(descriptor)) {
        Object answer = call(descriptor, m, item);
        String what = descriptor.getSimpleName() + "." + m.getName() + " as " + user;
        if (answer instanceof FormValidation v) {
          assertThat(what, v.kind, equalTo(FormValidation.Kind.OK));
          assertThat(what, v.getMessage(), is((String) null));
        } else if (answer instanceof ListBoxModel l) {
          // At most what the form already holds (the current value), never what Jenkins has.
          assertThat(what, values(l).stream().allMatch(v -> v.equals(BAD) || v.equals("harbor")), is(true));
        } else if (answer instanceof hudson.util.ComboBoxModel c) {
          assertThat(what, c, empty());
        } else {
          assertThat(what, answer, org.hamcrest.Matchers.instanceOf(AccessDeniedException.class));
        }
      }
    }
  }

  private void assertAnswered(Class<?> descriptor, String user, @edu.umd.cs.findbugs.annotations.CheckForNull Item item)
      throws Exception {
    List<String> unanswered = new ArrayList<>();
    try (ACLContext ignored = as(user)) {
      for (Method m : formMethods(descriptor)) {
        Object answer = call(descriptor, m, item);
        String what = descriptor.getSimpleName() + "." + m.getName() + " as " + user;
        assertThat(what, answer, not(org.hamcrest.Matchers.instanceOf(AccessDeniedException.class)));
        if (answer instanceof FormValidation v) {
          if (v.kind == FormValidation.Kind.OK) {
            unanswered.add(what);
          }
        } else if (answer instanceof ListBoxModel l) {
          assertThat(what, values(l).stream().anyMatch(v -> !v.equals(BAD) && !v.equals("harbor")), is(true));
        } else if (answer instanceof hudson.util.ComboBoxModel c) {
          assertThat(what, c, not(empty()));
        }
      }
    }
    assertThat(unanswered, empty());
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
      assertThat(values(d.doFillServerItems(job, "")), equalTo(List.of("", "harbor")));
      assertThat(values(d.doFillCredentialsIdItems(job, "harbor", "")), hasItem("harbor-robot"));
      assertThat(d.doCheckRepository(job, "Bad Name", "app").kind, equalTo(FormValidation.Kind.ERROR));
      assertThat(d.doCheckTags(job, "latest\n-bad").kind, equalTo(FormValidation.Kind.ERROR));
      assertThat(d.doCheckProject(job, "", "harbor").kind, equalTo(FormValidation.Kind.OK));
    }
  }
}
