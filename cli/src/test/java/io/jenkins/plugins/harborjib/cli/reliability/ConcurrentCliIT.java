package io.jenkins.plugins.harborjib.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.harborjib.protocol.ProtocolLine;
import io.jenkins.plugins.harborjib.engine.LayerReport;
import io.jenkins.plugins.harborjib.engine.LayerStatus;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.RequiredTools;
import io.jenkins.plugins.harborjib.testkit.Samples;
import io.jenkins.plugins.harborjib.testkit.Skopeo;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What concurrent Jenkins builds on one agent do: eight CLI processes at once, one layer cache, four to one
 * repository under different tags and four to repositories of their own, in three build output shapes. All succeed,
 * skopeo reads back every digest, the cache is sound, and the next push with it finds every layer present.
 *
 * <p>The registry races when two pushes link the same blob or manifest into one repository at once: it may refuse a
 * manifest PUT with "400 ... blob unknown to registry" or answer a manifest read with 500. The engine retries both
 * ({@code ServerErrorTest.aManifestRefusedForABlobAConcurrentPushIsCommittingIsRetriedAndSucceeds}, {@code
 * ServerErrorTest.aTransient500WhenReadingThePushedManifestBackDoesNotFailAPushThatLanded}), so the race costs a
 * retry, not a push.
 */
class ConcurrentCliIT {
  @RegisterExtension
  static TestRegistry registry = TestRegistry.plainHttpWithBasicAuth();

  @TempDir
  Path cache;

  private record Push(String repository, String tag, Consumer<ObjectNode> output) {}

  @Test
  void eightCliProcessesSharingOneCacheAllPushAndLeaveItSound() throws Exception {
    BaseImageFixture.pushJre17(registry);
    Consumer<ObjectNode> exploded = r -> { };
    Consumer<ObjectNode> thin = r -> r.putObject("buildOutput").put("type", "thin-jar")
        .put("jar", Samples.helloAppThinJar().toString());
    Consumer<ObjectNode> boot = r -> r.putObject("buildOutput").put("type", "spring-boot-jar")
        .put("jar", Samples.helloAppBootJar().toString());
    List<Push> pushes = List.of(new Push("shared", "exploded-1", exploded), new Push("shared", "exploded-2", exploded),
        new Push("shared", "thin", thin), new Push("shared", "boot", boot), new Push("own-1", "1", exploded),
        new Push("own-2", "1", thin), new Push("own-3", "1", boot), new Push("own-4", "1", exploded));

    List<CliChild> children = new ArrayList<>();
    List<CliChild.Run> runs = new ArrayList<>();
    try {
      for (Push p : pushes) {
        children.add(CliChild.spec().jvm("-Xmx" + Requests.DEFAULT_HEAP)
            .stdin(Requests.bytes(Requests.push(registry.host(), registry, p.repository(), cache, p.tag()), p.output()))
            .start("push", "--protocol", "json"));
      }
      for (CliChild c : children) {
        runs.add(c.await(Duration.ofMinutes(5)));
      }
    } finally {
      children.forEach(CliChild::close);
    }

    for (int i = 0; i < pushes.size(); i++) {
      Push p = pushes.get(i);
      ProtocolLine.Result r = Requests.result(runs.get(i));
      assertThat(r.result().tags()).containsExactly(p.tag());
      if (RequiredTools.isOnPath("skopeo")) {
        assertThat(Skopeo.of(registry).inspect("app/" + p.repository() + ":" + p.tag()).digest())
            .as("app/%s:%s", p.repository(), p.tag()).isEqualTo(r.result().digest());
      }
    }
    assertThat(Requests.tags(registry, "app/shared")).containsExactlyInAnyOrder("exploded-1", "exploded-2", "thin",
        "boot");
    assertThat(Requests.leftovers(cache)).isEmpty();
    assertThat(Requests.files(cache)).filteredOn(f -> f.matches("[a-z-]+/layers/.*")).hasSizeGreaterThan(6);
    assertThat(Requests.corruptCacheEntries(cache)).isEmpty();

    CliChild.Run again = CliChild.spec().jvm("-Xmx" + Requests.DEFAULT_HEAP)
        .stdin(Requests.bytes(Requests.push(registry.host(), registry, "own-3", cache, "again"), boot))
        .run(Duration.ofMinutes(2), "push", "--protocol", "json");
    ProtocolLine.Result r = Requests.result(again);
    assertThat(r.result().layers()).extracting(LayerReport::status).doesNotContain(LayerStatus.UPLOADED);
    assertThat(r.result().digest()).isEqualTo(Requests.result(runs.get(6)).result().digest());
  }
}
