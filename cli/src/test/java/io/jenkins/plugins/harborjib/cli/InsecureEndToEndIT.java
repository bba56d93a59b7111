package io.jenkins.plugins.harborjib.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.RequiredTools;
import io.jenkins.plugins.harborjib.testkit.Samples;
import io.jenkins.plugins.harborjib.testkit.Skopeo;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --insecure} against a plain-HTTP registry with basic auth: credentials go over plain HTTP only when told,
 * and the output says so loudly.
 */
class InsecureEndToEndIT {
  @RegisterExtension
  static final TestRegistry REGISTRY = TestRegistry.plainHttpWithBasicAuth();

  @TempDir
  Path dir;

  @Test
  void pushesOverPlainHttpWithCredentialsOnlyWhenToldAndWarnsLoudly() {
    RequiredTools.requireSkopeo();
    String base = BaseImageFixture.pushJre17(REGISTRY).reference();
    byte[] password = REGISTRY.password().getBytes(StandardCharsets.UTF_8);
    String[] args = {"push", "--registry", REGISTRY.host(), "--project", "app", "--repository", "hello-http",
        "--tag", "1", "--from", base, "--username", REGISTRY.username(), "--password-stdin",
        "--thin-jar", Samples.helloAppThinJar().toString(), "--cache-dir", dir.resolve("cache").toString(),
        "--insecure", "--quiet"};

    CliProcess.Run run = CliProcess.run(password, Duration.ofMinutes(3), args);

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.stderr()).contains("INSECURE: TLS certificates of " + REGISTRY.host() + " are not verified",
        "INSECURE: credentials of user '" + REGISTRY.username() + "' are sent to " + REGISTRY.host()
            + " over plain HTTP");
    String reference = run.stdout().strip();
    assertThat(reference).matches(REGISTRY.host().replace(".", "\\.") + "/app/hello-http@sha256:[0-9a-f]{64}");
    assertThat(Skopeo.of(REGISTRY).inspect(reference).digest()).isEqualTo(reference.substring(reference.indexOf('@') + 1));
    assertThat(run.everything()).doesNotContain(REGISTRY.password());
  }
}
