package io.jenkins.plugins.harborjib;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.cloudbees.plugins.credentials.casc.CredentialsRootConfigurator;
import hudson.ExtensionList;
import io.jenkins.plugins.casc.ConfigurationAsCode;
import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.Util;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import io.jenkins.plugins.casc.model.CNode;
import io.jenkins.plugins.casc.yaml.YamlSource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Harbor servers from Configuration as Code, and back out of it, with no secret in clear. */
@WithJenkinsConfiguredWithCode
class ConfigurationAsCodeTest {
  private static final String SECRET = "casc-robot-s3cret";

  @Test
  @ConfiguredWithCode("ConfigurationAsCodeTest/configuration-as-code.yml")
  void importsTheServers(JenkinsConfiguredWithCodeRule j) {
    List<HarborServer> servers = HarborGlobalConfiguration.get().getServers();

    assertThat(servers, hasSize(2));
    HarborServer harbor = servers.get(0);
    assertThat(harbor.getId(), equalTo("harbor"));
    assertThat(harbor.getUrl(), equalTo("https://harbor.example.com"));
    assertThat(harbor.getCredentialsId(), equalTo("harbor-robot"));
    assertThat(harbor.getDefaultProject(), equalTo("app"));
    assertThat(harbor.getDefaultBaseImage(), equalTo("base/jre17:17"));
    assertThat(harbor.getReadTimeoutSeconds(), is(120));
    assertThat(harbor.isInsecure(), is(false));
    assertThat(servers.get(1).isInsecure(), is(true));
    assertThat(servers.get(1).isHarborApi(), is(false));
  }

  @Test
  @ConfiguredWithCode("ConfigurationAsCodeTest/configuration-as-code.yml")
  void exportsTheServersAndNoSecretInClear(JenkinsConfiguredWithCodeRule j) throws Exception {
    ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());

    CNode harborJib = Util.getUnclassifiedRoot(context).get("harborJib");
    String exported = Util.toYamlString(harborJib);

    assertThat(exported, containsString("id: \"harbor\""));
    assertThat(exported, containsString("url: \"https://harbor.example.com\""));
    assertThat(exported, containsString("credentialsId: \"harbor-robot\""));
    assertThat(exported, containsString("defaultBaseImage: \"base/jre17:17\""));
    assertThat(exported, not(containsString(SECRET)));

    CredentialsRootConfigurator credentials = ExtensionList.lookupSingleton(CredentialsRootConfigurator.class);
    String credentialsYaml = Util.toYamlString(credentials.describe(credentials.getTargetComponent(context), context));
    assertThat(credentialsYaml, containsString("robot$app+ci"));
    assertThat(credentialsYaml, not(containsString(SECRET)));
  }

  /** The export, imported again, gives the same servers: it says every setting, the switches that are off too. */
  @Test
  @ConfiguredWithCode("ConfigurationAsCodeTest/configuration-as-code.yml")
  void theExportImportsBackToTheSameServers(JenkinsConfiguredWithCodeRule j) throws Exception {
    ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
    String exported = "unclassified:\n  harborJib:\n" + Util.toYamlString(Util.getUnclassifiedRoot(context)
        .get("harborJib")).lines().map(l -> "    " + l).collect(Collectors.joining("\n"));
    assertThat(exported, containsString("harborApi: false"));
    List<HarborServer> before = HarborGlobalConfiguration.get().getServers();
    HarborGlobalConfiguration.get().setServers(List.of());

    ConfigurationAsCode.get().configureWith(YamlSource.of(
        new ByteArrayInputStream(exported.getBytes(StandardCharsets.UTF_8))));

    List<HarborServer> after = HarborGlobalConfiguration.get().getServers();
    assertThat(after, hasSize(2));
    for (int i = 0; i < 2; i++) {
      j.assertEqualDataBoundBeans(before.get(i), after.get(i));
    }
  }

  /** Two servers with one id are refused by Configuration as Code too, and the servers stay as they were. */
  @Test
  @ConfiguredWithCode("ConfigurationAsCodeTest/configuration-as-code.yml")
  void refusesTwoServersWithOneId(JenkinsConfiguredWithCodeRule j) {
    String yaml = """
        unclassified:
          harborJib:
            servers:
              - id: a
                url: https://a.example.com
              - id: a
                url: https://b.example.com
        """;

    Exception e = assertThrows(Exception.class, () -> ConfigurationAsCode.get().configureWith(YamlSource.of(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))));

    assertThat(Stream.iterate((Throwable) e, t -> t != null, Throwable::getCause).map(Throwable::getMessage)
        .filter(m -> m != null && m.contains("'a'")).findAny().isPresent(), is(true));
    assertThat(HarborGlobalConfiguration.get().getServers().get(0).getId(), equalTo("harbor"));
  }
}
