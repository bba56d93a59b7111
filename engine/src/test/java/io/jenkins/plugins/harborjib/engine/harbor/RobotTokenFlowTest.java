package io.jenkins.plugins.harborjib.engine.harbor;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.testkit.RequiredTools;
import io.jenkins.plugins.harborjib.testkit.Skopeo;
import io.jenkins.plugins.harborjib.testkit.harbor.Access;
import io.jenkins.plugins.harborjib.testkit.harbor.HarborStandIn;
import io.jenkins.plugins.harborjib.testkit.harbor.LoggedRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A robot account pushes with jib-core through the stand-in's /v2/ and its token service, meeting the Bearer challenge
 * and token exchange of a real Harbor; Harbor's API and skopeo then read back the same digest.
 */
class RobotTokenFlowTest {
  private static final String ROBOT = "robot$app+ci";
  private static final String ROBOT_SECRET = "Rb0t-s3cret-value";

  @RegisterExtension static HarborStandIn harbor = HarborStandIn.create();

  @TempDir Path tmp;

  @AfterEach
  void followsHarborsApiDescription() {
    harbor.assertNoValidationFailures();
  }

  @Test
  void aRobotPushesThroughTheTokenFlowAndTheDigestReadsBackTheSame() throws Exception {
    RequiredTools.requireSkopeo();
    harbor.reset();
    harbor.addProject("app");
    harbor.addRobot(ROBOT, ROBOT_SECRET, "app", Access.PUSH, Access.PULL, Access.READ_ARTIFACT);

    String digest = Images.push(harbor, tmp, ROBOT, ROBOT_SECRET, "app", "demo", "token flow", "1");

    assertThat(harbor.requests()).anySatisfy(r -> {
      assertThat(r.path()).isEqualTo("/service/token");
      assertThat(r.query()).contains("scope=repository:app/demo:pull,push");
      assertThat(r.identity()).isEqualTo(ROBOT);
      assertThat(r.status()).isEqualTo(200);
    });
    assertThat(harbor.requests()).filteredOn(LoggedRequest::isBlobUpload).isNotEmpty()
        .allSatisfy(r -> assertThat(r.identity()).isEqualTo("token:" + ROBOT));
    assertThat(Clients.as(harbor, ROBOT, ROBOT_SECRET).artifact("app", "demo", digest).orElseThrow().tags())
        .containsExactly("1");
    assertThat(Skopeo.trusting(harbor.registryHost(), harbor.ca().writeCertDir(tmp.resolve("certs")))
        .withCredentials(ROBOT, ROBOT_SECRET.toCharArray()).inspect("app/demo:1").digest()).isEqualTo(digest);
  }
}
