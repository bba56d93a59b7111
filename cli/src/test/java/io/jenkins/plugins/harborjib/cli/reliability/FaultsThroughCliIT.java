package io.jenkins.plugins.harborjib.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.protocol.ExitCode;
import io.jenkins.plugins.harborjib.protocol.ProtocolLine;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.LayerReport;
import io.jenkins.plugins.harborjib.engine.LayerStatus;
import io.jenkins.plugins.harborjib.engine.PushEvent;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.RequiredTools;
import io.jenkins.plugins.harborjib.testkit.Skopeo;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import io.jenkins.plugins.harborjib.testkit.fault.Fault;
import io.jenkins.plugins.harborjib.testkit.fault.FaultProxy;
import io.jenkins.plugins.harborjib.testkit.fault.RecordedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults as the Jenkins plugin meets them: the real CLI jar in a child JVM of its own (heap as the bridge gives it),
 * the request on standard input, the outcome read from its JSON lines and exit code.
 */
class FaultsThroughCliIT {
  private static final Duration RUN = Duration.ofMinutes(3);
  private static final String MANIFEST = "^/v2/app/[^?]+/manifests/";
  private static final String BLOB_COMMIT = "/blobs/uploads/[^?]+\\?.*digest=";
  private static final Pattern DIGEST = Pattern.compile("digest=(sha256(?::|%3A)[0-9a-f]{64})");

  /** A registry of its own per test: one test kills it. */
  @RegisterExtension
  TestRegistry registry = TestRegistry.plainHttpWithBasicAuth();

  @TempDir
  Path cache;

  private FaultProxy proxy;

  @BeforeEach
  void setUp() {
    BaseImageFixture.pushJre17(registry);
    proxy = FaultProxy.to(registry).start();
  }

  @AfterEach
  void tearDown() {
    proxy.close();
  }

  private CliChild.Run push(byte[] request) {
    return CliChild.spec().jvm("-Xmx" + Requests.DEFAULT_HEAP).stdin(request).run(RUN, "push", "--protocol", "json");
  }

  @Test
  void aResetBeforeAnUploadReachesTheRegistryShowsAsARetryLineAndThePushSucceeds() {
    proxy.when("PATCH", "/blobs/uploads/").nth(1).then(Fault.reset());

    CliChild.Run run = push(Requests.bytes(Requests.push(proxy.host(), registry, "cli-reset", cache, "1")));

    ProtocolLine.Result result = Requests.result(run);
    assertThat(run.lines(ProtocolLine.Event.class)).extracting(ProtocolLine.Event::event)
        .filteredOn(PushEvent.Retry.class::isInstance).isNotEmpty();
    assertThat(Requests.tags(registry, "app/cli-reset")).containsExactly("1");
    if (RequiredTools.isOnPath("skopeo")) {
      assertThat(Skopeo.of(registry).inspect("app/cli-reset:1").digest()).isEqualTo(result.result().digest());
    }
  }

  @Test
  void aManifestThatIsNeverAcceptedEndsInAnErrorLineNamingTheStatusAndNoTag() {
    proxy.when("PUT", MANIFEST).then(Fault.respond(502));

    CliChild.Run run = push(Requests.bytes(Requests.push(proxy.host(), registry, "cli-502", cache, "1")));

    ProtocolLine.Failure f = Requests.failure(run);
    assertThat(f.message()).contains(proxy.host(), "502");
    assertThat(run.exitCode()).isEqualTo(f.exitCode().code());
    assertThat(Requests.tags(registry, "app/cli-502")).isEmpty();
  }

  /** A 502 forever on the manifest: REGISTRY (exit 6) after three attempts, with two {@code retry} lines first. */
  @Test
  void aManifestThatIsNeverAcceptedIsARegistryErrorAfterTheRetries() {
    proxy.when("PUT", MANIFEST).then(Fault.respond(502));

    CliChild.Run run = push(Requests.bytes(Requests.push(proxy.host(), registry, "cli-502-kind", cache, "1")));

    assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.REGISTRY.code());
    assertThat(Requests.failure(run).kind()).isEqualTo(ErrorKind.REGISTRY);
    assertThat(run.lines(ProtocolLine.Event.class)).extracting(ProtocolLine.Event::event)
        .filteredOn(PushEvent.Retry.class::isInstance).hasSize(2);
    assertThat(proxy.requests("PUT", MANIFEST)).hasSize(3);
  }

  /** Two 503s on the manifest, then it is accepted: pushed on the third attempt, after two {@code retry} lines. */
  @Test
  void aManifestRefusedTwiceIsPushedOnTheThirdAttemptWithRetryLines() {
    proxy.when("PUT", MANIFEST).times(2).then(Fault.respond(503));

    CliChild.Run run = push(Requests.bytes(Requests.push(proxy.host(), registry, "cli-503-twice", cache, "1")));

    Requests.result(run);
    assertThat(run.lines(ProtocolLine.Event.class)).extracting(ProtocolLine.Event::event)
        .filteredOn(PushEvent.Retry.class::isInstance).hasSize(2);
    assertThat(Requests.tags(registry, "app/cli-503-twice")).containsExactly("1");
  }

  @Test
  void aRegistryKilledAfterHalfTheBlobsFailsAndTheRerunAfterItsRestartSaysWhatWasAlreadyThere() throws Exception {
    proxy.when("PUT", BLOB_COMMIT).nth(3).then(Fault.run("kill the registry after two commits", () -> {
      awaitCommits(2);
      registry.kill();
    }));

    // one dependency layer: five blobs travel (four application layers and the config), two before the crash
    CliChild.Run first = push(Requests.bytes(Requests.push(proxy.host(), registry, "cli-crash", cache, "1"),
        r -> r.putObject("container").put("dependencyLayers", 1)));

    ProtocolLine.Failure f = Requests.failure(first);
    assertThat(f.message()).contains(proxy.host(), "502");
    Set<String> committed = committedBlobs();
    assertThat(committed).hasSize(2);
    registry.restart();
    assertThat(Requests.tags(registry, "app/cli-crash")).isEmpty();
    proxy.clearRules();

    CliChild.Run rerun = push(Requests.bytes(Requests.push(proxy.host(), registry, "cli-crash", cache, "1"),
        r -> r.put("verbosity", "verbose").putObject("container").put("dependencyLayers", 1)));

    ProtocolLine.Result result = Requests.result(rerun);
    List<LayerReport> layers = result.result().layers();
    for (String digest : committed) {
      assertThat(layers).filteredOn(l -> l.digest().equals(digest)).extracting(LayerReport::status)
          .containsOnly(LayerStatus.PRESENT);
      assertThat(rerun.stdoutLines()).anySatisfy(l -> assertThat(l).contains("\"type\":\"debug\"",
          "blob " + digest + " is already in the target repository"));
      assertThat(rerun.stdoutLines()).anySatisfy(l -> assertThat(l).contains("\"type\":\"layer-done\"", digest,
          "\"status\":\"PRESENT\""));
    }
    assertThat(Requests.tags(registry, "app/cli-crash")).containsExactly("1");
  }

  @Test
  void anUnknownHostEndsWithExitCode5NamingTheHost() {
    CliChild.Run run = push(Requests.bytes(Requests.push("registry.does-not-exist.invalid", null, "x", cache, "1")));

    assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.NETWORK.code());
    assertThat(Requests.failure(run).message()).contains("Cannot resolve", "registry.does-not-exist.invalid");
  }

  @Test
  void aRegistryThatNeverAnswersEndsWithExitCode5AfterTheHttpTimeout() {
    proxy.when("GET", "^/v2/").then(Fault.hang());

    CliChild.Run run = push(Requests.bytes(Requests.push(proxy.host(), registry, "cli-hung", cache, "1"),
        r -> r.put("httpTimeoutMillis", 2000)));

    assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.NETWORK.code());
    assertThat(Requests.failure(run).message()).contains("did not answer in time", "raise the HTTP timeout");
    assertThat(run.took()).isLessThan(Duration.ofSeconds(30));
  }

  private Set<String> committedBlobs() {
    Set<String> digests = new TreeSet<>();
    for (RecordedRequest r : proxy.requests("PUT", BLOB_COMMIT)) {
      Matcher m = DIGEST.matcher(r.target());
      if (r.status() == 201 && m.find()) {
        digests.add(m.group(1).replace("%3A", ":"));
      }
    }
    return digests;
  }

  private void awaitCommits(int n) {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (committedBlobs().size() < n && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
