package io.jenkins.plugins.harborjib.bridge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.bridge.BuildFacts;
import io.jenkins.plugins.harborjib.bridge.ImageSettings;
import io.jenkins.plugins.harborjib.bridge.ProxySettings;
import io.jenkins.plugins.harborjib.bridge.PushOutcome;
import io.jenkins.plugins.harborjib.bridge.RequestFactory;
import io.jenkins.plugins.harborjib.bridge.ScanGateSettings;
import io.jenkins.plugins.harborjib.bridge.ServerSettings;
import io.jenkins.plugins.harborjib.bridge.log.EventFormatter;
import io.jenkins.plugins.harborjib.protocol.Verbosity;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.Samples;
import io.jenkins.plugins.harborjib.testkit.harbor.Access;
import io.jenkins.plugins.harborjib.testkit.harbor.HarborStandIn;
import io.jenkins.plugins.harborjib.testkit.harbor.ScanResult;
import io.jenkins.plugins.harborjib.testkit.harbor.Vuln;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-off against Harbor (the stand-in: Harbor's API and token service in front of a real registry, over HTTPS
 * with its own CA): a robot account pushes the sample app with the server's CA trusted for this push alone.
 */
class HarborHandOffIT {
  private static final String ROBOT = "robot$app+ci";
  private static final String SECRET = "Robot-Secret-4711";

  @RegisterExtension HarborStandIn harbor = HarborStandIn.create();
  @TempDir Path agentRoot;
  final List<String> log = new CopyOnWriteArrayList<>();

  private void harborWithRobot() {
    harbor.addProject("base");
    harbor.addProject("app");
    BaseImageFixture.push(harbor.registryHost() + "/base/jre17:17", HarborStandIn.ADMIN, harbor.adminPassword(),
        true);
    harbor.addRobot(ROBOT, SECRET, Map.of(
        "app", Set.of(Access.READ_PROJECT, Access.PUSH, Access.PULL, Access.READ_QUOTA, Access.READ_ARTIFACT,
            Access.CREATE_SCAN, Access.READ_ADDITION),
        "base", Set.of(Access.READ_PROJECT, Access.PULL)), false);
  }

  private PushOutcome push(ImageSettings settings) throws Exception {
    ServerSettings server = ServerSettings.of("harbor", harbor.url()).withTls(harbor.caPem(), false)
        .withDefaults("app", "base/jre17:17");
    char[] request = RequestFactory.create(settings, server, Optional.of(Credentials.of(ROBOT, SECRET.toCharArray())),
        ProxySettings.NONE, BuildFacts.of(Map.of("BUILD_NUMBER", "7"))
            .withCacheDirectory(agentRoot.resolve("cache").toString()))
        .toJsonChars();
    Path jar = EngineHandOffIT.realEngineJar();
    Path engine;
    try (InputStream in = Files.newInputStream(jar)) {
      engine = new EngineJarCache(agentRoot.resolve("engine")).install(in, EngineJarCache.sha256(jar));
    }
    try {
      PushOutcome outcome = EngineProcess.builder(engine, Samples.helloApp()).sink(log::add).build().run(request);
      log.addAll(new EventFormatter(Verbosity.NORMAL).summary(outcome, harbor.url()));
      return outcome;
    } finally {
      Arrays.fill(request, '\0');
    }
  }

  @Test
  void aRobotAccountPushesToHarborThroughItsPrivateCaAndGetsTheArtifactsLink() throws Exception {
    harborWithRobot();

    PushOutcome outcome = push(ImageSettings.builder("hello").tags(List.of("${BUILD_NUMBER}")).build());

    assertThat(outcome.status()).as(String.join("\n", log)).isEqualTo(PushOutcome.Status.PUSHED);
    assertThat(outcome.reference()).isEqualTo(harbor.registryHost() + "/app/hello@" + outcome.digest());
    assertThat(outcome.tags()).containsExactly("7");
    assertThat(outcome.harborUrl("")).startsWith(harbor.url() + "/harbor/projects/").endsWith(outcome.digest());
    assertThat(String.join("\n", log)).doesNotContain(SECRET);
    harbor.assertNoValidationFailures();
  }

  @Test
  void aGateThatFindsAHighVulnerabilityStopsTheBuildButTheImageIsThere() throws Exception {
    harborWithRobot();
    harbor.setScanResult("app", "gated", ScanResult.finding(
        Vuln.fixable("CVE-2024-0001", "High", "openssl", "3.0.1", "3.0.2")));

    PushOutcome outcome = push(ImageSettings.builder("gated").scanGate(ScanGateSettings.DEFAULT).build());

    assertThat(outcome.status()).as(String.join("\n", log)).isEqualTo(PushOutcome.Status.GATE_FAILED);
    assertThat(outcome.imagePushed()).isTrue();
    assertThat(outcome.scanOutcome()).contains("FAIL");
    assertThat(outcome.harbor().orElseThrow().scanCounts()).containsEntry("High", 1L);
    assertThat(log).anySatisfy(l -> assertThat(l).startsWith("[harbor-jib] vulnerability scan: FAIL"));
    harbor.assertNoValidationFailures();
  }

  @Test
  void anUnstableGateStillReturnsThePush() throws Exception {
    harborWithRobot();
    harbor.setScanResult("app", "soft", ScanResult.finding(
        Vuln.unfixed("CVE-2024-0002", "Critical", "zlib", "1.2.11")));

    PushOutcome outcome = push(ImageSettings.builder("soft")
        .scanGate(new ScanGateSettings("HIGH", "UNSTABLE", List.of(), 60, true, false)).build());

    assertThat(outcome.status()).as(String.join("\n", log)).isEqualTo(PushOutcome.Status.PUSHED);
    assertThat(outcome.scanOutcome()).contains("UNSTABLE");
  }

  @Test
  void theAllowListLetsAnAcceptedVulnerabilityPass() throws Exception {
    harborWithRobot();
    harbor.setScanResult("app", "allowed", ScanResult.finding(
        Vuln.fixable("CVE-2023-44487", "High", "netty", "4.1.0", "4.1.100")));

    PushOutcome outcome = push(ImageSettings.builder("allowed")
        .scanGate(new ScanGateSettings("HIGH", "FAIL", List.of("CVE-2023-44487"), 60, true, false)).build());

    assertThat(outcome.status()).as(String.join("\n", log)).isEqualTo(PushOutcome.Status.PUSHED);
    assertThat(outcome.scanOutcome()).contains("PASS");
  }
}
