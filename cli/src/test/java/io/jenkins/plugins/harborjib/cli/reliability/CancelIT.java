package io.jenkins.plugins.harborjib.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.protocol.LineJson;
import io.jenkins.plugins.harborjib.protocol.ProtocolLine;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.Samples;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import io.jenkins.plugins.harborjib.testkit.fault.Fault;
import io.jenkins.plugins.harborjib.testkit.fault.FaultProxy;
import io.jenkins.plugins.harborjib.testkit.fault.FaultRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cancelling a build: the CLI child is stopped in the middle of an upload (held there by the fault proxy), with
 * SIGTERM as an abort sends and, after the bridge's grace period, SIGKILL. It goes, with everything it started; it
 * leaves no half-written cache files or unpacked archives behind; and Jib's cache lock, an OS file lock, dies with it:
 * the next push with the same cache works at once.
 */
class CancelIT {
  @RegisterExtension
  static TestRegistry registry = TestRegistry.plainHttpWithBasicAuth();

  @TempDir
  Path cache;

  /**
   * With a thin jar, which the engine unpacks into {@code <cache>/unpacked/<sha256>/} (kept for the next push).
   * SIGTERM: the last line is the CLI's CANCELLED error and the exit code 143, and nothing but the cache is left in
   * the cache folder. SIGKILL cannot clean up; the next push, alone on the cache, removes what the killed one left
   * (half-unpacked {@code unpacked/.tmp-} folders and Jib's half-written {@code tmp/} files), so cancelled builds do
   * not pile up files.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"SIGTERM", "SIGKILL"})
  void aPushStoppedMidUploadGoesEntirelyAndTheNextPushWithTheSameCacheWorks(String signal) throws Exception {
    BaseImageFixture.pushJre17(registry);
    try (FaultProxy proxy = FaultProxy.to(registry).start()) {
      FaultRule hold = proxy.when("PATCH", "/blobs/uploads/").then(Fault.hang());
      byte[] request = Requests.bytes(Requests.push(proxy.host(), registry, "cancel-" + signal.toLowerCase(), cache,
          "1"), r -> {
            r.putObject("buildOutput").put("type", "thin-jar").put("jar", Samples.helloAppThinJar().toString());
            r.put("httpTimeoutMillis", 60_000);
          });

      try (CliChild child = CliChild.spec().jvm("-Xmx" + Requests.DEFAULT_HEAP).stdin(request)
          .start("push", "--protocol", "json")) {
        assertThat(hold.awaitApplied(1, Duration.ofSeconds(60))).as("an upload reached the proxy").isTrue();
        List<ProcessHandle> tree = child.handle().descendants().toList();
        if (signal.equals("SIGTERM")) {
          child.terminate();
        } else {
          child.handle().destroyForcibly();
        }
        CliChild.Run run = child.await(Duration.ofSeconds(30));

        assertThat(child.isAlive()).isFalse();
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
        if (signal.equals("SIGTERM")) {
          assertThat(run.exitCode()).as("%s", run).isEqualTo(143);
          ProtocolLine last = LineJson.read(run.stdoutLines().get(run.stdoutLines().size() - 1));
          assertThat(last).isInstanceOfSatisfying(ProtocolLine.Failure.class, f -> {
            assertThat(f.kind()).isEqualTo(ErrorKind.CANCELLED);
            assertThat(f.message()).contains("stopped before the push finished");
          });
        } else {
          assertThat(run.exitCode()).isEqualTo(137);
        }
      }
      assertThat(Requests.tags(registry, "app/cancel-" + signal.toLowerCase())).isEmpty();
      if (signal.equals("SIGTERM")) {
        assertThat(Requests.leftovers(cache)).as("left in the cache folder").isEmpty();
      }

      proxy.clearRules();
      CliChild.Run next = CliChild.spec().jvm("-Xmx" + Requests.DEFAULT_HEAP).stdin(request)
          .run(Duration.ofMinutes(2), "push", "--protocol", "json");
      Requests.result(next);
      assertThat(Requests.leftovers(cache)).as("left in the cache folder after the next push").isEmpty();
      assertThat(Requests.corruptCacheEntries(cache)).isEmpty();
    }
  }

  /** The cache's lock files stay (Jib keeps them), but they lock nothing once the process is gone. */
  @Test
  void jibsLockFilesAreNotLocksOnceTheirProcessIsGone() throws Exception {
    BaseImageFixture.pushJre17(registry);
    byte[] request = Requests.bytes(Requests.push(registry.host(), registry, "locks", cache, "1"));
    try (CliChild child = CliChild.spec().jvm("-Xmx" + Requests.DEFAULT_HEAP).stdin(request)
        .start("push", "--protocol", "json")) {
      child.awaitLine(l -> l.contains("\"phase\":\"PUSH\""), Duration.ofSeconds(60));
      child.handle().destroyForcibly();
      child.await(Duration.ofSeconds(30));
    }
    for (String f : Requests.files(cache)) {
      if (f.endsWith("/lock")) {
        try (var channel = java.nio.channels.FileChannel.open(cache.resolve(f),
            java.nio.file.StandardOpenOption.WRITE); var lock = channel.tryLock()) {
          assertThat(lock).as("a lock on %s", f).isNotNull();
        }
      }
    }
    assertThat(Files.isDirectory(cache)).isTrue();
  }
}
