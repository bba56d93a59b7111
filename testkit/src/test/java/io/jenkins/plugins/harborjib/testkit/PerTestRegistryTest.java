package io.jenkins.plugins.harborjib.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A non-static field: each test gets its own registry, gone after the test. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerTestRegistryTest {
  private static Path firstFolder;

  @RegisterExtension TestRegistry registry = TestRegistry.plainHttp();

  @Test
  @Order(1)
  void getsARunningRegistry() throws Exception {
    assertThat(Http.to(registry).get(registry.url() + "/v2/").statusCode()).isEqualTo(200);
    firstFolder = registry.configFile().getParent();
  }

  @Test
  @Order(2)
  void getsAFreshOneWhileThePreviousTestsIsDeleted() {
    assertThat(registry.isRunning()).isTrue();
    assertThat(registry.configFile().getParent()).isNotEqualTo(firstFolder);
    assertThat(firstFolder).doesNotExist();
  }
}
