package io.jenkins.plugins.harborjib;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import static org.junit.jupiter.api.Assertions.assertThrows;

import hudson.model.Descriptor.FormException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.sf.json.JSONObject;
import org.htmlunit.html.HtmlForm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;
import org.kohsuke.stapler.Stapler;

/** The Harbor servers survive the configuration page and a restart. */
class HarborGlobalConfigurationTest {
  /** Tag of tests that need Jenkins' own JEXL (null-based {@code ?:}) to render a form: they fail on jenkins-run. */
  static final String NEEDS_JENKINS_JEXL = "needs-jenkins-jexl";

  @RegisterExtension private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

  /**
   * Through the real configuration page. Tagged {@value #NEEDS_JENKINS_JEXL}: on jenkins-run the page cannot make the
   * round trip, whatever the plugin does. Jelly's {@code x ?: y} there is Apache JEXL 2.1.1's, which takes
   * {@code x} only when it is "true" (a non-empty String, a non-zero number, {@code true}); Jenkins' own JEXL fork
   * (jenkinsci/jexl, {@code ASTElvisNode}) takes any non-null {@code x}. So core's {@code f:repeatable} renders none
   * of the saved servers ({@code items = instance[name] ?: attrs.default}: a List is not "true"), {@code f:number}
   * renders core's SCM retry count 0 as empty and configSubmit answers 400 "JSONObject["scmCheckoutRetryCount"] is
   * not a number", and without the JS bundle the metrics plugin's hidden access-key template is submitted (400
   * "Metrics access key cannot be empty"). {@link #serversSurviveConfigureAndARestart} covers the binding on
   * jenkins-run.
   */
  @Test
  @Tag(NEEDS_JENKINS_JEXL)
  @DisabledIf(value = "withoutJenkinsJexl", disabledReason = "Jenkins' JEXL fork is not on the class path (jenkins-run):"
      + " its f:repeatable renders no saved server and core's own fields break configSubmit")
  void serversSurviveTheFormAndARestart() throws Throwable {
    sessions.then(j -> {
      HarborServer server = new HarborServer("harbor", "https://harbor.example.com");
      server.setCredentialsId("harbor-robot");
      server.setDefaultProject("app");
      server.setDefaultBaseImage("base/jre17:17");
      server.setCaCertificate("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----");
      server.setReadTimeoutSeconds(120);
      HarborServer test = new HarborServer("test", "http://127.0.0.1:5000");
      test.setInsecure(true);
      test.setHarborApi(false);
      HarborGlobalConfiguration.get().setServers(List.of(server, test));

      try (var web = j.createWebClient()) {
        HtmlForm form = web.goTo("configure").getFormByName("config");
        j.submit(form);
      }
    });
    sessions.then(j -> {
      List<HarborServer> servers = HarborGlobalConfiguration.get().getServers();
      assertThat(servers, hasSize(2));
      HarborServer server = servers.get(0);
      assertThat(server.getId(), equalTo("harbor"));
      assertThat(server.getUrl(), equalTo("https://harbor.example.com"));
      assertThat(server.getCredentialsId(), equalTo("harbor-robot"));
      assertThat(server.getDefaultProject(), equalTo("app"));
      assertThat(server.getDefaultBaseImage(), equalTo("base/jre17:17"));
      assertThat(server.getCaCertificate(), containsString("BEGIN CERTIFICATE"));
      assertThat(server.getReadTimeoutSeconds(), is(120));
      assertThat(server.isHarborApi(), is(true));
      assertThat(servers.get(1).isInsecure(), is(true));
      assertThat(servers.get(1).isHarborApi(), is(false));
      assertThat(HarborGlobalConfiguration.get().findServer("test").orElseThrow().getUrl(),
          equalTo("http://127.0.0.1:5000"));
      String xml = Files.readString(j.jenkins.getRootDir().toPath()
          .resolve(HarborGlobalConfiguration.class.getName() + ".xml"), StandardCharsets.UTF_8);
      assertThat(xml, containsString("<credentialsId>harbor-robot</credentialsId>"));
    });
  }

  /** Whether Jelly runs on something else than Jenkins' JEXL fork, whose null-based {@code ?:} is its ASTElvisNode. */
  static boolean withoutJenkinsJexl() {
    try {
      Class.forName("org.apache.commons.jexl.parser.ASTElvisNode");
      return false;
    } catch (ClassNotFoundException e) {
      return true;
    }
  }

  /** What the page submits, bound by {@code configure} in a real request, then saved and loaded after a restart. */
  @Test
  void serversSurviveConfigureAndARestart() throws Throwable {
    sessions.then(j -> configure(j, """
        {"servers": [{"id": "harbor", "url": "https://harbor.example.com", "credentialsId": "harbor-robot",
          "defaultProject": "app", "defaultBaseImage": "base/jre17:17", "caCertificate": "",
          "insecure": false, "harborApi": true, "connectTimeoutSeconds": "10", "readTimeoutSeconds": "120"},
          {"id": "test", "url": "http://127.0.0.1:5000", "insecure": true, "harborApi": false,
          "connectTimeoutSeconds": "10", "readTimeoutSeconds": "60"}]}"""));
    sessions.then(j -> {
      List<HarborServer> servers = HarborGlobalConfiguration.get().getServers();
      assertThat(servers, hasSize(2));
      assertThat(servers.get(0).getCredentialsId(), equalTo("harbor-robot"));
      assertThat(servers.get(0).getReadTimeoutSeconds(), is(120));
      assertThat(servers.get(0).isHarborApi(), is(true));
      assertThat(servers.get(1).isInsecure(), is(true));
      assertThat(servers.get(1).isHarborApi(), is(false));
      // No "servers" at all is what the page sends once the last one is deleted.
      configure(j, "{}");
      assertThat(HarborGlobalConfiguration.get().getServers(), empty());
    });
  }

  /** Two servers with one id: refused, and neither memory nor disk changes (they used to be saved first). */
  @Test
  void aRefusedConfigurationChangesNothing() throws Throwable {
    sessions.then(j -> {
      HarborGlobalConfiguration.get().setServers(List.of(new HarborServer("harbor", "https://harbor.example.com")));
      Path file = j.jenkins.getRootDir().toPath().resolve(HarborGlobalConfiguration.class.getName() + ".xml");
      String before = Files.readString(file, StandardCharsets.UTF_8);

      FormException e = assertThrows(FormException.class, () -> configure(j, """
          {"servers": [{"id": "a", "url": "https://a.example.com"}, {"id": "a", "url": "https://b.example.com"}]}"""));

      assertThat(e.getMessage(), containsString("'a'"));
      assertThat(Files.readString(file, StandardCharsets.UTF_8), equalTo(before));
      assertThat(HarborGlobalConfiguration.get().getServers().get(0).getId(), equalTo("harbor"));
      IllegalArgumentException byCode = assertThrows(IllegalArgumentException.class,
          () -> HarborGlobalConfiguration.get().setServers(List.of(new HarborServer("a", "https://a.example.com"),
              new HarborServer("a", "https://b.example.com"))));
      assertThat(byCode.getMessage(), containsString("'a'"));
      assertThat(Files.readString(file, StandardCharsets.UTF_8), equalTo(before));
    });
  }

  /** XStream runs no field initialiser: a server saved before a setting existed gets that setting's default. */
  @Test
  void aServerSavedWithoutNewerSettingsGetsTheirDefaults() throws Throwable {
    sessions.then(j -> {
      Path file = j.jenkins.getRootDir().toPath().resolve(HarborGlobalConfiguration.class.getName() + ".xml");
      Files.writeString(file, """
          <?xml version='1.1' encoding='UTF-8'?>
          <io.jenkins.plugins.harborjib.HarborGlobalConfiguration>
            <servers>
              <io.jenkins.plugins.harborjib.HarborServer>
                <id>harbor</id>
                <url>https://harbor.example.com</url>
              </io.jenkins.plugins.harborjib.HarborServer>
            </servers>
          </io.jenkins.plugins.harborjib.HarborGlobalConfiguration>
          """, StandardCharsets.UTF_8);
      HarborGlobalConfiguration.get().load();

      HarborServer server = HarborGlobalConfiguration.get().getServers().get(0);
      assertThat(server.isHarborApi(), is(true));
      assertThat(server.isInsecure(), is(false));
      assertThat(server.getConnectTimeoutSeconds(), is(10));
      assertThat(server.getReadTimeoutSeconds(), is(60));
      assertThat(server.getCredentialsId(), equalTo(""));
      assertThat(server.getDefaultProject(), equalTo(""));
      assertThat(server.toSettings().harborApi(), is(true));
    });
  }

  /** {@code configure} as the configuration page's submission calls it: in a real Stapler request. */
  private static void configure(JenkinsRule j, String json) throws Exception {
    j.executeOnServer(() -> {
      HarborGlobalConfiguration.get().configure(Stapler.getCurrentRequest2(), JSONObject.fromObject(json));
      return null;
    });
  }

  @Test
  void withOneServerStepsNeedNotNameIt() throws Throwable {
    sessions.then(j -> {
      HarborGlobalConfiguration.get().setServers(List.of(new HarborServer("only", "https://harbor.example.com")));
      assertThat(HarborGlobalConfiguration.get().findServer("").orElseThrow().getId(), equalTo("only"));
      HarborGlobalConfiguration.get().setServers(List.of(new HarborServer("a", "https://a.example.com"),
          new HarborServer("b", "https://b.example.com")));
      assertThat(HarborGlobalConfiguration.get().findServer("").isPresent(), is(false));
      assertThat(HarborGlobalConfiguration.get().getServers(), not(empty()));
    });
  }
}
