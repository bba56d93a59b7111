package io.jenkins.plugins.harborjib.engine.push;

import static io.jenkins.plugins.harborjib.engine.push.EngineFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.HarborJib;
import io.jenkins.plugins.harborjib.engine.LayerStatus;
import io.jenkins.plugins.harborjib.engine.PushEvent;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.PushResult;
import io.jenkins.plugins.harborjib.engine.RecordedEvents;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.Samples;
import io.jenkins.plugins.harborjib.testkit.Skopeo;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push whose cache remembers the base image runs its checks beside Jib (see {@code PushRun.checkAndPush}): the
 * image is still built on the base image the checks found, and a failed check is still the push's failure with
 * nothing uploaded. HTTPS with the registry's CA: with the insecure switch the checks always run first.
 */
class OverlappedChecksTest {
  @RegisterExtension
  static TestRegistry registry = TestRegistry.httpsWithBasicAuth();

  @TempDir
  Path cache;

  @TempDir
  Path scratch;

  private final BuildOutput exploded = new BuildOutput.Exploded(Samples.helloAppClasses(),
      Optional.of(Samples.helloAppDependencies()));

  @BeforeEach
  void baseImage() {
    BaseImageFixture.pushJre17(registry);
  }

  @Test
  void aWarmRePushGivesTheSameImageAndRemembersTheBaseImage() throws Exception {
    PushResult first = HarborJib.push(request(registry, exploded, "overlap", cache, "1").build(), new RecordedEvents());
    assertThat(memos()).as("what the cache remembers of base/jre17:17").isEqualTo(1);

    RecordedEvents events = new RecordedEvents();
    PushResult second = HarborJib.push(request(registry, exploded, "overlap", cache, "2").build(), events);

    assertThat(second.digest()).isEqualTo(first.digest());
    assertThat(second.layers()).allMatch(l -> l.status() == LayerStatus.PRESENT);
    assertThat(events.text()).doesNotContain("is now");
    Skopeo skopeo = Skopeo.of(registry);
    assertThat(skopeo.inspect("app/overlap:2").digest()).isEqualTo(second.digest());
    assertThat(skopeo.inspectConfig("app/overlap:2").labels())
        .containsEntry(ImageLabels.BASE_DIGEST, skopeo.inspect("base/jre17:17").digest());
  }

  @Test
  void aBaseTagMovedSinceTheLastPushIsBuiltOnWithItsOwnDigestInTheLabels() throws Exception {
    HarborJib.push(request(registry, exploded, "moved", cache, "1").build(), new RecordedEvents());
    Skopeo skopeo = Skopeo.of(registry);
    String before = skopeo.inspect("base/jre17:17").digest();
    // The tag now names another image: the one just pushed, which is a valid base image too.
    skopeo.copyFromOci(skopeo.copyToOci("app/moved:1", scratch.resolve("oci")), "base/jre17:17");
    String after = skopeo.inspect("base/jre17:17").digest();
    assertThat(after).isNotEqualTo(before);

    RecordedEvents events = new RecordedEvents();
    PushResult result = HarborJib.push(request(registry, exploded, "moved", cache, "2").build(), events);

    assertThat(events.text()).contains("is now " + after, "it was " + before);
    assertThat(skopeo.inspectConfig("app/moved:2").labels()).containsEntry(ImageLabels.BASE_DIGEST, after);
    assertThat(skopeo.inspect("app/moved:2").layers()).extracting(Skopeo.Layer::digest)
        .startsWith(skopeo.inspect("base/jre17:17").layers().stream().map(Skopeo.Layer::digest)
            .toArray(String[]::new));
    assertThat(result.digest()).isEqualTo(skopeo.inspect("app/moved:2").digest());

    RecordedEvents again = new RecordedEvents();
    HarborJib.push(request(registry, exploded, "moved", cache, "3").build(), again);
    assertThat(again.text()).as("the cache remembers the new digest").doesNotContain("is now");
  }

  @Test
  void aFailedCheckOnAWarmRePushIsThePushsFailureAndNothingIsTagged() throws Exception {
    HarborJib.push(request(registry, exploded, "refused", cache, "1").build(), new RecordedEvents());
    assertThat(memos()).isEqualTo(1);

    RecordedEvents events = new RecordedEvents();
    assertThatThrownBy(() -> HarborJib.push(request(registry, exploded, "refused", cache, "2")
        .credentials(Credentials.of(registry.username(), "not-the-password".toCharArray())).build(), events))
        .isInstanceOfSatisfying(PushException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
          assertThat(e.getMessage()).contains(registry.username()).doesNotContain("not-the-password");
        });
    assertThat(events.of(PushEvent.LayerDone.class)).isEmpty();
    assertThat(Skopeo.of(registry).listTags("app/refused")).containsExactly("1");
  }

  @Test
  void aRefusedBuildOutputIsThePushsFailureWhileTheChecksWouldFailToo() {
    BuildOutput missing = new BuildOutput.Exploded(scratch.resolve("no-such-classes"), Optional.empty());

    assertThatThrownBy(() -> HarborJib.push(request(registry, missing, "no-output", cache, "1")
        .credentials(Credentials.of(registry.username(), "not-the-password".toCharArray())).build(),
        new RecordedEvents()))
        .isInstanceOfSatisfying(PushException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
          assertThat(e.getMessage()).contains("no-such-classes");
        });
  }

  private long memos() throws Exception {
    Path folder = cache.resolve("base-images");
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".json")).count();
    }
  }
}
