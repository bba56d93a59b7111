package io.jenkins.plugins.harborjib.engine.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.engine.BaseImage;
import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.ImageTarget;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.PushRequest;
import io.jenkins.plugins.harborjib.engine.RecordedEvents;
import io.jenkins.plugins.harborjib.engine.RetryPolicy;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import io.jenkins.plugins.harborjib.testkit.Samples;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.StoredJar;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import io.jenkins.plugins.harborjib.testkit.fault.Fault;
import io.jenkins.plugins.harborjib.testkit.fault.FaultProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push that fails while Jib is still writing layers into the cache (the very first blob check is refused while a
 * 60 MB dependencies layer of incompressible jars is being compressed) returns only once Jib's threads are done, and
 * leaves no half-written file in the cache: such files are never reused nor removed, so each would leak disk on a
 * long-lived agent. (Should a stopped push leave such a file, e.g. an {@code application-layers/tmp/<n>/.tmp.layer},
 * the next push that has the cache to itself removes it: see docs/reliability.md.)
 */
class FailedPushLeftoversTest {
  @RegisterExtension
  static TestRegistry registry = TestRegistry.plainHttpWithBasicAuth();

  @TempDir
  Path cache;

  @TempDir
  Path dependencies;

  @Test
  void aPushFailingWhileLayersAreStillBeingCachedLeavesNoHalfWrittenFile() {
    Faults.resetJvmTrust();
    BaseImageFixture.pushJre17(registry);
    try (FaultProxy proxy = FaultProxy.to(registry).start()) {
      proxy.when("HEAD", "^/v2/app/[^/]+/blobs/").then(Fault.respond(403));

      PushException e = Faults.failure(PushRequest.builder(new BuildOutput.Exploded(Samples.helloAppClasses(),
              Optional.of(bigDependencies())), BaseImage.of("base/jre17:17"),
              new ImageTarget(proxy.host(), "app", "leftovers", List.of("1")))
          .credentials(Credentials.of(registry.username(), registry.passwordChars()))
          .tls(TlsSettings.DEFAULT.withInsecure(true)).cacheDirectory(cache).retryPolicy(RetryPolicy.NONE).build(),
          new RecordedEvents());
      List<String> stillWorking = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
          .map(Thread::getName).filter(n -> n.startsWith("harbor-jib-")).sorted().toList();

      assertThat(e.getMessage()).contains("403");
      assertThat(stillWorking).as("Jib's threads still working after the push returned").isEmpty();
      assertThat(Faults.leftovers(cache)).as("left in the cache folder").isEmpty();
      Faults.assertNoTag(registry, "app/leftovers");
    }
  }

  /** Twelve jars of 5 MB of random bytes, stored, not deflated. */
  private Path bigDependencies() {
    Random random = new Random(12);
    byte[] content = new byte[5 << 20];
    try {
      for (int i = 0; i < 12; i++) {
        random.nextBytes(content);
        StoredJar.write(dependencies.resolve("big-" + i + "-1.0.jar"), "data/blob.bin", content,
            System.currentTimeMillis());
      }
      return dependencies;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
