package io.jenkins.plugins.harborjib.testkit.harbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import io.jenkins.plugins.harborjib.testkit.RequiredTools;
import io.jenkins.plugins.harborjib.testkit.Skopeo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class HarborStandInTest {
  private static final String ROBOT = "robot$app+ci";
  private static final String SECRET = "Robot-Secret-1";
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static HarborStandIn harbor = HarborStandIn.create();

  @TempDir Path tmp;

  private HttpClient http;

  @BeforeEach
  void setUp() {
    harbor.reset();
    harbor.addProject("app");
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(harbor.ca().sslContext())
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterEach
  void everyApiRequestFollowedHarborsApiDescription() {
    harbor.assertNoValidationFailures();
  }

  @Test
  void servesApiTokenServiceAndRegistryFromOneUrl() throws Exception {
    HttpResponse<String> ping = get("/api/v2.0/ping", null, "text/plain");
    assertThat(ping.statusCode()).isEqualTo(200);
    assertThat(ping.body()).isEqualTo("Pong");

    HttpResponse<String> challenge = get("/v2/", null, null);
    assertThat(challenge.statusCode()).isEqualTo(401);
    assertThat(challenge.headers().firstValue("Www-Authenticate")).hasValueSatisfying(v -> assertThat(v)
        .contains("Bearer realm=\"" + harbor.url() + "/service/token\"").contains("service=\"harbor-registry\""));
  }

  @Test
  void grantsOnlyWhatTheRobotMayDo() throws Exception {
    harbor.addRobot(ROBOT, SECRET, "app", Access.PULL);

    JsonNode token = JSON.readTree(get("/service/token?service=harbor-registry&scope="
        + "repository:app/demo:pull,push", basic(ROBOT, SECRET), null).body());
    JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.get("token").asText().split("\\.")[1]));

    assertThat(claims.get("sub").asText()).isEqualTo(ROBOT);
    assertThat(claims.get("access").get(0).get("actions").toString()).isEqualTo("[\"pull\"]");
    assertThat(token.get("expires_in").asInt()).isEqualTo(1800);
  }

  @Test
  void aPushRobotPullsTooButGetsNothingItsPermissionsDoNotList() throws Exception {
    // security/robot/context.go filterRobotPolicies: push brings pull; nothing else comes along.
    harbor.addRobot(ROBOT, SECRET, "app", Access.PUSH);
    long id = harbor.projectId("app");

    assertThat(permissions(ROBOT, SECRET, id)).containsExactlyInAnyOrder("repository:push", "repository:pull");
    assertThat(tokenActions(ROBOT, SECRET, "app/demo")).containsExactlyInAnyOrder("pull", "push");
    assertThat(get("/api/v2.0/projects/app", basic(ROBOT, SECRET), null).statusCode()).isEqualTo(403);
  }

  @Test
  void aRobotSeesItsProjectsListedWithoutProjectRead() throws Exception {
    // handler/project.go ListProjects: a robot's list is its permissions' namespaces plus public projects.
    harbor.addProject("other");
    harbor.addRobot(ROBOT, SECRET, "app", Access.PUSH, Access.PULL);

    JsonNode list = JSON.readTree(get("/api/v2.0/projects?page=1&page_size=100", basic(ROBOT, SECRET), null).body());

    assertThat(list.findValuesAsText("name")).contains("app", "library").doesNotContain("other");
  }

  @Test
  void aPublicProjectAddsReadAndTheProjectItselfIsADotWhenRelative() throws Exception {
    // rbac/project/rbac_user.go: public projects add read policies; types/resource.go RelativeTo: "." for the project.
    harbor.addProject("open", true, false, -1);
    harbor.addRobot("robot$open+ci", SECRET, "open", Access.PUSH);

    assertThat(permissions("robot$open+ci", SECRET, harbor.projectId("open"))).contains(".:read", "artifact:read",
        "repository:push", "repository:pull").doesNotContain("quota:read");
  }

  @Test
  void aSystemRobotCoveringAllProjectsSeesAndPushesToEveryProjectButItsPushBringsNoPull() throws Exception {
    harbor.addProject("other");
    harbor.addRobot("robot$all", SECRET, java.util.Map.of(HarborStandIn.ALL_PROJECTS, java.util.Set.of(Access.PUSH)),
        true);

    assertThat(tokenActions("robot$all", SECRET, "other/demo")).containsExactly("push");
    JsonNode list = JSON.readTree(get("/api/v2.0/projects?page=1&page_size=100", basic("robot$all", SECRET), null)
        .body());
    assertThat(list.findValuesAsText("name")).contains("app", "other");
  }

  @Test
  void onlySystemRobotsCreateProjectsAndWhereOnlyAdminsMayTheyNeedTheSystemPermission() throws Exception {
    // handler/project.go CreateProject: IsSysLevel, then isSysAdmin(ActionCreate) under adminonly.
    harbor.addRobot(ROBOT, SECRET, "app", Access.PUSH);
    harbor.addRobot("robot$sys", SECRET, java.util.Map.of("app", java.util.Set.of(Access.PUSH)), true);
    harbor.addRobot("robot$sys-create", SECRET, java.util.Map.of(HarborStandIn.SYSTEM,
        java.util.Set.of(Access.CREATE_PROJECT)), true);

    assertThat(createProject("by-project-robot", basic(ROBOT, SECRET))).isEqualTo(403);
    assertThat(createProject("by-system-robot", basic("robot$sys", SECRET))).isEqualTo(201);
    harbor.setProjectCreationRestriction("adminonly");
    assertThat(createProject("adminonly-sys", basic("robot$sys", SECRET))).isEqualTo(403);
    assertThat(createProject("adminonly-create", basic("robot$sys-create", SECRET))).isEqualTo(201);
  }

  @Test
  void anOidcUsersCliSecretCountsOnTheRegistryAndAFewApiPathsOnly() throws Exception {
    // middleware/security/oidc_cli.go valid(): token service, /v2, project list, systeminfo, labels...
    harbor.addUser("alice", "cli-secret");
    harbor.addMember("app", "alice", Role.DEVELOPER);
    harbor.setAuthMode("oidc_auth");

    JsonNode info = JSON.readTree(get("/api/v2.0/systeminfo", basic("alice", "cli-secret"), null).body());
    assertThat(info.path("auth_mode").asText()).isEqualTo("oidc_auth");
    assertThat(info.has("harbor_version")).isTrue();
    assertThat(get("/api/v2.0/users/current/permissions", basic("alice", "cli-secret"), null).statusCode())
        .isEqualTo(401);
    assertThat(tokenActions("alice", "cli-secret", "app/demo")).containsExactlyInAnyOrder("pull", "push");
  }

  @Test
  void aConfiguredRobotPrefixDecidesWhatIsARobot() throws Exception {
    // middleware/security/robot.go: config.RobotPrefix, robot$ only by default.
    harbor.setRobotPrefix("bot_");
    harbor.addRobot("bot_app+ci", SECRET, "app", Access.PUSH);

    assertThat(tokenActions("bot_app+ci", SECRET, "app/demo")).containsExactlyInAnyOrder("pull", "push");
    assertThatThrownBy(() -> harbor.addRobot(ROBOT, SECRET, "app", Access.PUSH))
        .hasMessageContaining("start with bot_");
  }

  @Test
  void aFailedUserLoginLocksTheNameForASecondAndAHalf() throws Exception {
    // core/auth/authenticator.go Login: frozenTime 1500 ms after a failed login, even for the right password.
    harbor.addUser("bob", "right-password");

    assertThat(get("/api/v2.0/users/current/permissions", basic("bob", "wrong"), null).statusCode()).isEqualTo(401);
    assertThat(get("/api/v2.0/users/current/permissions", basic("bob", "right-password"), null).statusCode())
        .isEqualTo(401);
    Thread.sleep(1600);
    assertThat(get("/api/v2.0/users/current/permissions", basic("bob", "right-password"), null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void harbor210TellsItsVersion() throws Exception {
    harbor.setHarbor210(true);

    JsonNode info = JSON.readTree(get("/api/v2.0/systeminfo", basic(HarborStandIn.ADMIN, harbor.adminPassword()),
        null).body());

    assertThat(info.path("harbor_version").asText()).startsWith("v2.10.");
  }

  private List<String> permissions(String user, String secret, long projectId) throws Exception {
    JsonNode list = JSON.readTree(get("/api/v2.0/users/current/permissions?scope=%2Fproject%2F" + projectId
        + "&relative=true", basic(user, secret), null).body());
    List<String> out = new java.util.ArrayList<>();
    list.forEach(p -> out.add(p.path("resource").asText() + ":" + p.path("action").asText()));
    return out;
  }

  private List<String> tokenActions(String user, String secret, String repository) throws Exception {
    JsonNode token = JSON.readTree(get("/service/token?service=harbor-registry&scope=repository:" + repository
        + ":pull,push", basic(user, secret), null).body());
    String[] parts = token.path("token").asText().split("\\.");
    JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    List<String> out = new java.util.ArrayList<>();
    claims.path("access").forEach(a -> a.path("actions").forEach(x -> out.add(x.asText())));
    return out;
  }

  @Test
  void treatsAWrongSecretAsAnonymousLikeHarbor() throws Exception {
    harbor.addRobot(ROBOT, SECRET, "app", Access.PULL, Access.PUSH);

    assertThat(get("/service/token?service=harbor-registry", basic(ROBOT, "wrong"), null).statusCode())
        .isEqualTo(401);
    JsonNode token = JSON.readTree(get("/service/token?service=harbor-registry&scope=repository:app/demo:push",
        basic(ROBOT, "wrong"), null).body());
    JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.get("token").asText().split("\\.")[1]));
    assertThat(claims.get("access").get(0).get("actions")).isEmpty();
    assertThat(get("/api/v2.0/users/current/permissions", basic(ROBOT, "wrong"), null).statusCode())
        .isEqualTo(401);
  }

  @Test
  void aRobotPushesWithJibThroughTheTokenFlowAndSkopeoReadsTheSameDigest() throws Exception {
    RequiredTools.requireSkopeo();
    harbor.addRobot(ROBOT, SECRET, "app", Access.PULL, Access.PUSH);
    Path file = Files.writeString(tmp.resolve("hello.txt"), "hello from the stand-in\n");

    JibContainer pushed = Jib.fromScratch()
        .addLayer(List.of(file), AbsoluteUnixPath.get("/app"))
        .containerize(Containerizer.to(RegistryImage.named(harbor.registryHost() + "/app/demo:1")
                .addCredential(ROBOT, SECRET))
            .setAllowInsecureRegistries(true)
            .setBaseImageLayersCache(tmp.resolve("base-cache"))
            .setApplicationLayersCache(tmp.resolve("app-cache")));

    assertThat(harbor.blobUploads()).isNotEmpty().allSatisfy(r -> assertThat(r.identity())
        .isEqualTo("token:" + ROBOT));
    String skopeoDigest = Skopeo.trusting(harbor.registryHost(), harbor.ca().writeCertDir(tmp.resolve("certs")))
        .withCredentials(ROBOT, SECRET.toCharArray())
        .inspect("app/demo:1").digest();
    assertThat(skopeoDigest).isEqualTo(pushed.getDigest().toString());
  }

  @Test
  void aSecondPushFindsEveryBlobThroughTheProxysHeadAnswers() throws Exception {
    harbor.addRobot(ROBOT, SECRET, "app", Access.PULL, Access.PUSH);
    Path file = Files.writeString(tmp.resolve("hello.txt"), "the same content twice\n");
    for (String tag : List.of("1", "2")) {
      harbor.clearLogs();
      Jib.fromScratch()
          .addLayer(List.of(file), AbsoluteUnixPath.get("/app"))
          .containerize(Containerizer.to(RegistryImage.named(harbor.registryHost() + "/app/again:" + tag)
                  .addCredential(ROBOT, SECRET))
              .setAllowInsecureRegistries(true)
              .setBaseImageLayersCache(tmp.resolve("base-cache"))
              .setApplicationLayersCache(tmp.resolve("app-cache")));
    }

    // Jib reads a blob's size from the Content-Length of the HEAD answer: kept, the blobs are not uploaded again.
    assertThat(harbor.blobUploads()).isEmpty();
    assertThat(harbor.requests()).anySatisfy(r -> {
      assertThat(r.method()).isEqualTo("HEAD");
      assertThat(r.status()).isEqualTo(200);
    });
  }

  @Test
  void aRobotWithoutPushIsRefusedByTheRegistry() throws Exception {
    harbor.addRobot(ROBOT, SECRET, "app", Access.PULL);
    Path file = Files.writeString(tmp.resolve("hello.txt"), "hello\n");

    assertThatThrownBy(() -> Jib.fromScratch()
        .addLayer(List.of(file), AbsoluteUnixPath.get("/app"))
        .containerize(Containerizer.to(RegistryImage.named(harbor.registryHost() + "/app/demo:1")
                .addCredential(ROBOT, SECRET))
            .setAllowInsecureRegistries(true)
            .setBaseImageLayersCache(tmp.resolve("base-cache"))
            .setApplicationLayersCache(tmp.resolve("app-cache"))))
        .hasStackTraceContaining("nauthorized");
  }

  @Test
  void recordsARequestThatDoesNotFollowTheApiDescription() throws Exception {
    HarborSwagger.require();
    get("/api/v2.0/projects?page_size=500", basic(HarborStandIn.ADMIN, harbor.adminPassword()), null);

    assertThat(harbor.validationFailures()).anySatisfy(f -> {
      assertThat(f.kind()).isEqualTo("request");
      assertThat(f.message()).contains("maximum");
    });
    harbor.clearLogs();
  }

  @Test
  void keepsSecretsOutOfToString() {
    assertThat(harbor.toString()).doesNotContain(harbor.adminPassword());
  }

  private int createProject(String name, String authorization) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(harbor.url() + "/api/v2.0/projects"))
        .timeout(Duration.ofSeconds(10)).header("Authorization", authorization)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"project_name\":\"" + name + "\",\"metadata\":{\"public\":"
            + "\"false\"}}")).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private HttpResponse<String> get(String path, String authorization, String accept) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(harbor.url() + path)).timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    b.header("Accept", accept == null ? "application/json" : accept);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
