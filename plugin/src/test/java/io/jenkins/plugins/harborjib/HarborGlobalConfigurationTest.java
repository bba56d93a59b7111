package io.jenkins.plugins.harborjib;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.htmlunit.html.HtmlForm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/** The Harbor servers survive the configuration page and a restart. */
class HarborGlobalConfigurationTest {
  @RegisterExtension private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

  @Test
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
