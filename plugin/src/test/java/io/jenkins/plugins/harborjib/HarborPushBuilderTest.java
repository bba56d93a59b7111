package io.jenkins.plugins.harborjib;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The freestyle step's configuration: the same settings as the Pipeline step, through the job's form. */
@WithJenkins
class HarborPushBuilderTest {
  @Test
  void everySettingSurvivesTheJobsForm(JenkinsRule j) throws Exception {
    HarborGlobalConfiguration.get().setServers(List.of(new HarborServer("harbor", "https://harbor.example.com")));
    HarborPushBuilder before = new HarborPushBuilder(HarborPushStepTest.everySetting());

    HarborPushBuilder after = j.configRoundtrip(before);

    j.assertEqualDataBoundBeans(before, after);
  }

  @Test
  void aPushWithoutGateKeepsNoGate(JenkinsRule j) throws Exception {
    HarborGlobalConfiguration.get().setServers(List.of(new HarborServer("harbor", "https://harbor.example.com")));
    HarborPushSettings s = new HarborPushSettings("demo");
    s.setServer("harbor");
    HarborPushBuilder before = new HarborPushBuilder(s);

    j.assertEqualDataBoundBeans(before, j.configRoundtrip(before));
  }
}
