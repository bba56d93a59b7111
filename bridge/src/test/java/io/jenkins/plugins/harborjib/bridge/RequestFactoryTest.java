package io.jenkins.plugins.harborjib.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.harborjib.protocol.ProtocolRequest;
import io.jenkins.plugins.harborjib.protocol.RequestJson;
import io.jenkins.plugins.harborjib.protocol.Verbosity;
import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.HarborSettings;
import io.jenkins.plugins.harborjib.engine.harbor.Severity;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestFactoryTest {
  private static final String TOKEN = "hunter2-robot-token";
  private static final ServerSettings HARBOR = ServerSettings.of("harbor", "https://harbor.example.com")
      .withDefaults("app", "base/jre17:17");
  private static final Map<String, String> ENV = Map.of("BUILD_NUMBER", "42",
      "GIT_COMMIT", "0123456789abcdef0123456789abcdef01234567", "GIT_URL", "https://ci:ghp_secret@git.example.com/app/demo.git");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Optional<Credentials> robot() {
    return Optional.of(Credentials.of("robot$app+ci", TOKEN.toCharArray()));
  }

  private static EngineRequest create(ImageSettings settings) throws Exception {
    return RequestFactory.create(settings, HARBOR, robot(), ProxySettings.NONE, BuildFacts.of(ENV));
  }

  private static String json(EngineRequest request) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    request.writeTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void keepsTheRobotAccountNameExactlyAsGiven() throws Exception {
    EngineRequest request = create(ImageSettings.builder("demo").build());

    JsonNode credentials = JSON.readTree(json(request)).path("credentials");
    assertThat(credentials.path("username").asText()).isEqualTo("robot$app+ci");
    assertThat(credentials.path("password").asText()).isEqualTo(TOKEN);
    assertThat(request.protocol().push().credentials().orElseThrow().username()).isEqualTo("robot$app+ci");
  }

  @Test
  void neverShowsTheSecretInToStringOfAnythingItBuilds() throws Exception {
    ProxySettings proxy = ProxySettings.of("proxy.example.com", 3128, "", "proxyuser", "proxy-pass-123".toCharArray());
    EngineRequest request = RequestFactory.create(ImageSettings.builder("demo").build(), HARBOR, robot(), proxy,
        BuildFacts.of(ENV));

    assertThat(request.toString()).contains("robot$app+ci").doesNotContain(TOKEN);
    assertThat(request.protocol().toString()).doesNotContain(TOKEN).doesNotContain("proxy-pass-123");
    assertThat(proxy.toString()).doesNotContain("proxy-pass-123");
    assertThat(proxy.systemProperties().toString()).doesNotContain("proxy-pass-123").doesNotContain("proxyuser");
    assertThat(JSON.readTree(json(request)).path("proxy").path("password").asText()).isEqualTo("proxy-pass-123");
  }

  @Test
  void takesProjectAndBaseImageFromTheServerAndTheBaseImageRegistryFromTheServerUrl() throws Exception {
    EngineRequest request = create(ImageSettings.builder("demo").tags(List.of("1.0")).build());

    var push = request.protocol().push();
    assertThat(push.target().registry()).isEqualTo("harbor.example.com");
    assertThat(push.target().project()).isEqualTo("app");
    assertThat(push.target().repository()).isEqualTo("demo");
    assertThat(push.baseImage().reference()).isEqualTo("harbor.example.com/base/jre17:17");
    assertThat(push.buildOutput()).isEqualTo(new BuildOutput.AutoDetect(Path.of(".")));
  }

  @Test
  void keepsABaseImageFromAnotherRegistryAsItIs() throws Exception {
    EngineRequest request = create(ImageSettings.builder("demo")
        .baseImage("docker.io/library/eclipse-temurin:17-jre").build());

    assertThat(request.protocol().push().baseImage().reference())
        .isEqualTo("docker.io/library/eclipse-temurin:17-jre");
  }

  @Test
  void expandsBuildNumberShortCommitAndMavenVersionInTags() throws Exception {
    BuildFacts facts = BuildFacts.of(ENV).withPom(module -> Optional.of(
        "<project><modelVersion>4.0.0</modelVersion><version>${revision}${changelist}</version>"
            + "<properties><revision>1.4.0</revision><changelist>-SNAPSHOT</changelist></properties></project>"));
    EngineRequest request = RequestFactory.create(ImageSettings.builder("demo")
        .tags(List.of("${BUILD_NUMBER}", "$GIT_COMMIT_SHORT", "${MAVEN_VERSION}", "latest")).build(), HARBOR, robot(),
        ProxySettings.NONE, facts);

    assertThat(request.protocol().push().target().tags())
        .containsExactly("42", "0123456", "1.4.0-SNAPSHOT", "latest");
  }

  @Test
  void tagsTheBuildNumberWhenNoTagIsGiven() throws Exception {
    assertThat(create(ImageSettings.builder("demo").build()).protocol().push().target().tags()).containsExactly("42");
  }

  @Test
  void namesTheTagAndTheVariableThatHasNoValue() {
    assertThatThrownBy(() -> create(ImageSettings.builder("demo").tags(List.of("latest", "${BRANCH_NAME}")).build()))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("tags[1] '${BRANCH_NAME}': BRANCH_NAME is not set in this build's environment");
  }

  @Test
  void reportsATagThatBecomesInvalidAfterExpansionWithTheTemplate() {
    BuildFacts facts = BuildFacts.of(Map.of("BRANCH", "feature/login"));
    assertThatThrownBy(() -> RequestFactory.create(ImageSettings.builder("demo").tags(List.of("${BRANCH}")).build(),
        HARBOR, robot(), ProxySettings.NONE, facts))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("tags[0] 'feature/login' is not a valid tag")
        .hasMessageContaining("(for example 'feature-login')")
        .hasMessageContaining("(from '${BRANCH}')");
  }

  @Test
  void reportsEveryProblemAtOnceEachNamingFieldValueAndFix() {
    ImageSettings bad = ImageSettings.builder("Demo").project("My_Project!").tags(List.of("-bad"))
        .baseImage("https://harbor.example.com/base/jre17").ports(List.of("http")).platforms(List.of("amd64"))
        .buildOutputType("fat-jar").build();

    SettingsException e = org.junit.jupiter.api.Assertions.assertThrows(SettingsException.class, () -> create(bad));

    assertThat(e.problems()).extracting(SettingsException.Problem::field)
        .contains("project", "repository", "tags[0]", "baseImage", "ports[0]", "platforms[0]", "buildOutputType");
    assertThat(e.getMessage())
        .contains("project 'My_Project!' is not a valid Harbor project name")
        .contains("repository 'Demo' is not a valid repository name")
        .contains("(uppercase is not allowed: 'demo' would do)")
        .contains("baseImage 'https://harbor.example.com/base/jre17' must not have a scheme: write"
            + " 'harbor.example.com/base/jre17'")
        .contains("ports[0] 'http' is not a port: write 8080, 8080/tcp, 53/udp or a range such as 9000-9002")
        .contains("platforms[0] 'amd64' is not os/architecture")
        .contains("buildOutputType 'fat-jar' is not one of auto, exploded, thin-jar, spring-boot-jar, war");
  }

  @Test
  void refusesAnInsecureServerWithABaseImageFromElsewhere() {
    ServerSettings insecure = ServerSettings.of("test", "http://127.0.0.1:5000").withTls("", true)
        .withDefaults("app", "");
    assertThatThrownBy(() -> RequestFactory.create(ImageSettings.builder("demo")
        .baseImage("docker.io/library/eclipse-temurin:17").build(), insecure, robot(), ProxySettings.NONE,
        BuildFacts.of(ENV)))
        .hasMessageContaining("server 'test' is insecure, but the base image docker.io/library/eclipse-temurin:17"
            + " comes from docker.io, which would lose TLS verification too");
  }

  @Test
  void refusesPlainHttpUnlessTheServerIsInsecure() {
    ServerSettings http = ServerSettings.of("test", "http://registry.example.com").withDefaults("app", "base/j:1");
    assertThatThrownBy(() -> RequestFactory.create(ImageSettings.builder("demo").build(), http, robot(),
        ProxySettings.NONE, BuildFacts.of(ENV)))
        .hasMessageContaining("url 'http://registry.example.com' is plain HTTP");
  }

  @Test
  void writesJsonThatTheCliReadsBackToTheSameRequest() throws Exception {
    ServerSettings plain = HARBOR.withHarborApi(false).withTls("", false);
    ImageSettings settings = ImageSettings.builder("team/demo").tags(List.of("1", "latest")).mainClass("com.example.Main")
        .jvmFlags(List.of("-Xmx256m", "-XX:+UseZGC")).environment(List.of("TZ=UTC", "GREETING=a=b"))
        .ports(List.of("8080", "9000-9002/udp")).labels(List.of("team=payments")).platforms(List.of("linux/arm64"))
        .buildOutput("target/app.jar").buildOutputType("spring-boot-jar").verbosity("verbose").build();
    EngineRequest request = RequestFactory.create(settings, plain, robot(), ProxySettings.NONE,
        BuildFacts.of(ENV).withCacheDirectory("/agent/harbor-jib/cache"));

    ProtocolRequest read = RequestJson.read(json(request).getBytes(StandardCharsets.UTF_8));

    var push = read.push();
    assertThat(push.target().repositoryReference()).isEqualTo("harbor.example.com/app/team/demo");
    assertThat(push.target().tags()).containsExactly("1", "latest");
    assertThat(push.credentials()).contains(Credentials.of("robot$app+ci", TOKEN.toCharArray()));
    assertThat(push.buildOutput()).isEqualTo(new BuildOutput.SpringBootJar(Path.of("target/app.jar")));
    assertThat(push.container().mainClass()).contains("com.example.Main");
    assertThat(push.container().jvmFlags()).containsExactly("-Xmx256m", "-XX:+UseZGC");
    assertThat(push.container().environment()).containsExactly(Map.entry("TZ", "UTC"), Map.entry("GREETING", "a=b"));
    assertThat(push.container().ports()).containsExactly("8080", "9000-9002/udp");
    assertThat(push.container().labels()).containsExactly(Map.entry("team", "payments"));
    assertThat(push.container().platforms()).containsExactly("linux/arm64");
    assertThat(push.cacheDirectory()).contains(Path.of("/agent/harbor-jib/cache"));
    assertThat(read.verbosity()).isEqualTo(Verbosity.VERBOSE);
    assertThat(push.metadata().revision()).contains("0123456789abcdef0123456789abcdef01234567");
  }

  @Test
  void dropsTheUserAndTokenOfTheCloneUrlFromTheSourceLabel() throws Exception {
    EngineRequest request = create(ImageSettings.builder("demo").build());

    assertThat(request.protocol().push().metadata().source()).contains("https://git.example.com/app/demo.git");
    assertThat(json(request)).doesNotContain("ghp_secret");
  }

  @Test
  void writesTheHarborBlockWithTheProtocolsNames() throws Exception {
    ImageSettings settings = ImageSettings.builder("demo").createProject(true).harborLabels(List.of("release"))
        .scanGate(new ScanGateSettings("high", "unstable", List.of("CVE-2023-44487"), 300, true, true)).build();
    JsonNode harbor = JSON.readTree(json(create(settings))).path("harbor");

    assertThat(harbor.path("mode").asText()).isEqualToIgnoringCase("required");
    assertThat(harbor.path("url").asText()).isEqualTo("https://harbor.example.com");
    assertThat(harbor.path("preflight").asBoolean()).isTrue();
    assertThat(harbor.path("createProject").asBoolean()).isTrue();
    assertThat(harbor.path("projectPublic").asBoolean()).isFalse();
    assertThat(harbor.path("labels").get(0).asText()).isEqualTo("release");
    JsonNode scan = harbor.path("scan");
    assertThat(scan.path("trigger").asBoolean()).isTrue();
    assertThat(scan.path("threshold").asText()).isEqualToIgnoringCase("HIGH");
    assertThat(scan.path("allowList").get(0).asText()).isEqualTo("CVE-2023-44487");
    assertThat(scan.path("timeoutSeconds").asInt()).isEqualTo(300);
    assertThat(scan.path("onViolation").asText()).isEqualToIgnoringCase("UNSTABLE");
    assertThat(scan.path("sbom").asBoolean()).isTrue();
  }

  @Test
  void writesNoHarborBlockForAPlainRegistryAndRefusesHarborOnlySettingsThere() {
    ServerSettings plain = HARBOR.withHarborApi(false);
    assertThatThrownBy(() -> RequestFactory.create(ImageSettings.builder("demo").createProject(true)
        .scanGate(ScanGateSettings.DEFAULT).build(), plain, robot(), ProxySettings.NONE, BuildFacts.of(ENV)))
        .hasMessageContaining("createProject needs Harbor's API, which is turned off for server 'harbor'")
        .hasMessageContaining("scanGate needs Harbor's API");
  }

  @Test
  void givesTheSameCharsAsTheBytes() throws Exception {
    EngineRequest request = create(ImageSettings.builder("demo").build());
    char[] chars = request.toJsonChars();

    assertThat(new String(chars)).isEqualTo(json(request));
  }

  @Test
  void carriesTheCaCertificateAndTheInsecureSwitchOfThisServerOnly() throws Exception {
    String pem = io.jenkins.plugins.harborjib.testkit.TestCa.create().caPem();
    ServerSettings privateCa = HARBOR.withTls(pem, false);
    var tls = RequestFactory.create(ImageSettings.builder("demo").build(), privateCa, robot(), ProxySettings.NONE,
        BuildFacts.of(ENV)).protocol().push().tls();

    assertThat(tls.caCertificatesPem()).contains(pem.trim());
    assertThat(tls.caSource()).contains("Harbor server 'harbor'");
    assertThat(tls.insecure()).isFalse();
  }

  @Test
  void tellsTheEngineTheServerIsHarborWithItsUrlLabelsAndGate() throws Exception {
    ImageSettings settings = ImageSettings.builder("demo").createProject(true).harborLabels(List.of("release"))
        .scanGate(new ScanGateSettings("critical", "unstable", List.of("CVE-2023-44487"), 120, false, false)).build();

    HarborSettings harbor = create(settings).protocol().push().harbor();

    assertThat(harbor.mode()).isEqualTo(HarborSettings.Mode.REQUIRED);
    assertThat(harbor.url()).contains(java.net.URI.create("https://harbor.example.com"));
    assertThat(harbor.createProject()).isTrue();
    assertThat(harbor.projectPublic()).isFalse();
    assertThat(harbor.labels()).containsExactly("release");
    HarborSettings.ScanGate gate = harbor.scan().orElseThrow();
    assertThat(gate.threshold()).isEqualTo(Severity.CRITICAL);
    assertThat(gate.onViolation()).isEqualTo(HarborSettings.OnViolation.UNSTABLE);
    assertThat(gate.allowList()).containsExactly("CVE-2023-44487");
    assertThat(gate.timeout()).isEqualTo(java.time.Duration.ofSeconds(120));
    assertThat(gate.triggerScan()).isFalse();
  }

  @Test
  void aPlainRegistryGetsNoHarborCallsAtAll() throws Exception {
    EngineRequest plain = RequestFactory.create(ImageSettings.builder("demo").build(), HARBOR.withHarborApi(false),
        robot(), ProxySettings.NONE, BuildFacts.of(ENV));

    assertThat(plain.protocol().push().harbor()).isEqualTo(HarborSettings.OFF);
    assertThat(JSON.readTree(json(plain)).path("harbor").path("mode").asText()).isEqualToIgnoringCase("off");
    assertThat(RequestJson.read(json(plain).getBytes(StandardCharsets.UTF_8)).push().harbor().mode())
        .isEqualTo(HarborSettings.Mode.OFF);
  }
}
