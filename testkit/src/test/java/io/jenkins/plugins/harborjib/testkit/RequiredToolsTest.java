package io.jenkins.plugins.harborjib.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RequiredToolsTest {
  @Test
  void failsUnderCiAndSkipsElsewhereWithTheSameMessage() {
    String message = "docker-registry is not installed: " + RequiredTools.INSTALL_HINT;

    assertThatThrownBy(() -> RequiredTools.require(false, message, true))
        .isInstanceOf(AssertionFailedError.class).hasMessage(message);
    assertThatThrownBy(() -> RequiredTools.require(false, message, false))
        .isInstanceOf(TestAbortedException.class).hasMessageContaining(message);
    RequiredTools.require(true, message, true);
  }

  @Test
  void saysHowToInstallTheRegistryAndSkopeo() {
    assertThat(RequiredTools.INSTALL_HINT)
        .isEqualTo("apt-get install -y --no-install-recommends docker-registry skopeo (see .ci/run)");
  }

  @Test
  void findsToolsOnThePath() {
    assertThat(RequiredTools.isOnPath("sh")).isTrue();
    assertThat(RequiredTools.isOnPath("no-such-tool-harbor-jib")).isFalse();
  }
}
