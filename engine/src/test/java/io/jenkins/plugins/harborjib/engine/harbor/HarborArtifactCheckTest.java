package io.jenkins.plugins.harborjib.engine.harbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.testkit.harbor.Access;
import io.jenkins.plugins.harborjib.testkit.harbor.HarborStandIn;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The after-push confirmation: the artifact read back by digest, its tags, Harbor's version and the web-UI link. */
class HarborArtifactCheckTest {
  private static final String ROBOT = "robot$app+ci";
  private static final String ROBOT_SECRET = "Rb0t-s3cret-value";

  @RegisterExtension static HarborStandIn harbor = HarborStandIn.create();

  @TempDir Path tmp;

  @BeforeEach
  void setUp() {
    harbor.reset();
    harbor.addProject("app");
    harbor.addRobot(ROBOT, ROBOT_SECRET, "app", Access.PUSH, Access.PULL, Access.READ_ARTIFACT);
    harbor.setExternalUrl("https://harbor.example.com");
  }

  @AfterEach
  void followsHarborsApiDescription() {
    harbor.assertNoValidationFailures();
  }

  @Test
  void confirmsTheArtifactWithEveryTagAndLinksToIt() throws Exception {
    String digest = Images.push(harbor, tmp, ROBOT, ROBOT_SECRET, "app", "demo", "confirm", "42", "latest");

    ArtifactConfirmation c = new HarborArtifactCheck(Clients.as(harbor, ROBOT, ROBOT_SECRET))
        .confirm("app", "demo", digest, List.of("42", "latest"));

    assertThat(c.allTagsPresent()).isTrue();
    assertThat(c.artifact().digest()).isEqualTo(digest);
    assertThat(c.artifact().tags()).containsExactlyInAnyOrder("42", "latest");
    assertThat(c.harborVersion()).contains("v2.15.2-standin");
    assertThat(c.webUrl()).isEqualTo("https://harbor.example.com/harbor/projects/" + harbor.projectId("app")
        + "/repositories/demo/artifacts-tab/artifacts/" + digest);
  }

  @Test
  void reportsATagThatIsNotOnTheArtifactWithoutAddingIt() throws Exception {
    String digest = Images.push(harbor, tmp, ROBOT, ROBOT_SECRET, "app", "demo", "missing-tag", "1");

    ArtifactConfirmation c = new HarborArtifactCheck(Clients.as(harbor, ROBOT, ROBOT_SECRET))
        .confirm("app", "demo", digest, List.of("1", "stable"), Optional.of("v2.15.2"), "https://h.example.com/");

    assertThat(c.allTagsPresent()).isFalse();
    assertThat(c.missingTags()).containsExactly("stable");
    assertThat(c.webUrl()).startsWith("https://h.example.com/harbor/projects/");
    assertThat(harbor.requests()).noneMatch(r -> r.isApi() && r.method().equals("POST"));
  }

  @Test
  void encodesANestedRepositoryInTheLinkAsThePortalRoutesIt() throws Exception {
    String digest = Images.push(harbor, tmp, ROBOT, ROBOT_SECRET, "app", "team/demo", "nested", "1");

    ArtifactConfirmation c = new HarborArtifactCheck(Clients.as(harbor, ROBOT, ROBOT_SECRET))
        .confirm("app", "team/demo", digest, List.of("1"));

    assertThat(c.webUrl()).endsWith("/repositories/team%2Fdemo/artifacts-tab/artifacts/" + digest);
  }

  @Test
  void anArtifactHarborDoesNotHaveIsAnError() {
    String digest = "sha256:" + "ab".repeat(32);

    assertThatThrownBy(() -> new HarborArtifactCheck(Clients.as(harbor, ROBOT, ROBOT_SECRET))
        .confirm("app", "demo", digest, List.of("1")))
        .isInstanceOfSatisfying(HarborException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.REGISTRY);
          assertThat(e.getMessage()).contains("has no artifact app/demo@" + digest, "'" + ROBOT + "'");
        });
  }
}
