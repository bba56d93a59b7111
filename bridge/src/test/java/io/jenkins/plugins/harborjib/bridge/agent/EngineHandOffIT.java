package io.jenkins.plugins.harborjib.bridge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.bridge.BuildFacts;
import io.jenkins.plugins.harborjib.bridge.EngineRequest;
import io.jenkins.plugins.harborjib.bridge.ImageSettings;
import io.jenkins.plugins.harborjib.bridge.ProxySettings;
import io.jenkins.plugins.harborjib.bridge.PushOutcome;
import io.jenkins.plugins.harborjib.bridge.RequestFactory;
import io.jenkins.plugins.harborjib.bridge.ServerSettings;
import io.jenkins.plugins.harborjib.bridge.log.EventFormatter;
import io.jenkins.plugins.harborjib.protocol.Verbosity;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.Samples;
import io.jenkins.plugins.harborjib.testkit.Skopeo;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import io.jenkins.plugins.harborjib.testkit.fault.Fault;
import io.jenkins.plugins.harborjib.testkit.fault.FaultProxy;
import io.jenkins.plugins.harborjib.testkit.fault.FaultRule;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-off exactly as an agent does it: the real engine jar (the CLI's shaded jar, as the plugin carries it) is
 * installed into the agent's {@link EngineJarCache}, started by {@link EngineProcess} with this JVM's java, given a
 * request made by {@link RequestFactory} on standard input, and its output read back.
 */
class EngineHandOffIT {
  @RegisterExtension static TestRegistry registry = TestRegistry.plainHttpWithBasicAuth();

  @TempDir Path agentRoot;
  final List<String> log = new CopyOnWriteArrayList<>();
  Path engineJar;

  /** The engine jar: this module's shaded jar, which the plugin carries to agents (see the failsafe setup). */
  static Path realEngineJar() {
    String property = System.getProperty("harborjib.cli.jar");
    if (property == null || !Files.isRegularFile(Path.of(property))) {
      throw new IllegalStateException("The engine jar (harbor-jib-cli-<version>-all.jar) is not at " + property
          + ": run the hand-off tests through Maven's verify phase (mvn -B verify -pl cli), after the jar is built");
    }
    return Path.of(property);
  }

  @BeforeEach
  void installTheEngineLikeAnAgent() throws Exception {
    Path jar = realEngineJar();
    String sha = EngineJarCache.sha256(jar);
    try (InputStream in = Files.newInputStream(jar)) {
      engineJar = new EngineJarCache(agentRoot.resolve("harbor-jib/engine")).install(in, sha);
    }
  }

  private PushOutcome run(char[] request, Verbosity verbosity) throws Exception {
    try {
      PushOutcome outcome = EngineProcess.builder(engineJar, Samples.helloApp()).verbosity(verbosity).sink(log::add)
          .build().run(request);
      log.addAll(new EventFormatter(verbosity).summary(outcome, ""));
      return outcome;
    } finally {
      Arrays.fill(request, '\0');
    }
  }

  private static char[] request(ImageSettings settings, ServerSettings server, Optional<Credentials> login)
      throws Exception {
    EngineRequest request = RequestFactory.create(settings, server, login, ProxySettings.NONE,
        BuildFacts.of(Map.of("BUILD_NUMBER", "42")));
    return request.toJsonChars();
  }

  @Test
  void aRequestFromAnotherProtocolVersionIsBadInputWithExitCode2() throws Exception {
    PushOutcome outcome = run("{\"protocolVersion\":99}".toCharArray(), Verbosity.NORMAL);

    assertThat(outcome.status()).isEqualTo(PushOutcome.Status.FAILED);
    assertThat(outcome.kind()).isEqualTo("INVALID_INPUT");
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.field()).contains("protocolVersion");
    assertThat(log).anySatisfy(l -> assertThat(l).startsWith("[harbor-jib] ERROR (INVALID_INPUT, protocolVersion):"));
  }

  @Test
  void aMissingBuildOutputIsBadInputNamingThePath() throws Exception {
    ServerSettings server = ServerSettings.of("test", registry.url()).withTls("", true).withHarborApi(false)
        .withDefaults("app", "base/jre17:17");
    char[] request = request(ImageSettings.builder("hello").buildOutput("no-such-module").build(), server,
        Optional.of(Credentials.of(registry.username(), registry.passwordChars())));

    PushOutcome outcome = run(request, Verbosity.NORMAL);

    assertThat(outcome.kind()).isEqualTo("INVALID_INPUT");
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.message()).contains("no-such-module");
    assertThat(String.join("\n", log)).doesNotContain(registry.password());
  }

  @Test
  void aRegistryThatIsNotThereIsANetworkErrorWithExitCode5() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    ServerSettings server = ServerSettings.of("gone", "https://127.0.0.1:" + closedPort).withHarborApi(false)
        .withDefaults("app", "base/jre17:17");
    char[] request = request(ImageSettings.builder("hello").build(), server,
        Optional.of(Credentials.of("robot$app+ci", "robot-secret-123".toCharArray())));

    PushOutcome outcome = run(request, Verbosity.VERBOSE);

    assertThat(outcome.kind()).isEqualTo("NETWORK");
    assertThat(outcome.exitCode()).isEqualTo(5);
    assertThat(outcome.message()).contains("127.0.0.1:" + closedPort);
    assertThat(log).anySatisfy(l -> assertThat(l).isEqualTo("[harbor-jib] checking the registries"));
    assertThat(String.join("\n", log)).doesNotContain("robot-secret-123");
  }

  @Test
  void pushesTheSampleAppAndReturnsTheDigestTheRegistryHas() throws Exception {
    BaseImageFixture.pushJre17(registry);
    ServerSettings server = ServerSettings.of("test", registry.url()).withTls("", true).withHarborApi(false)
        .withDefaults("app", BaseImageFixture.DEFAULT_IMAGE);
    char[] request = request(ImageSettings.builder("hello").tags(List.of("${BUILD_NUMBER}", "latest")).build(),
        server, Optional.of(Credentials.of(registry.username(), registry.passwordChars())));

    PushOutcome outcome = run(request, Verbosity.NORMAL);

    assertThat(outcome.status()).as(String.join("\n", log)).isEqualTo(PushOutcome.Status.PUSHED);
    assertThat(outcome.digest()).isEqualTo(Skopeo.of(registry).inspect("app/hello:42").digest());
    assertThat(outcome.tags()).containsExactly("42", "latest");
    assertThat(outcome.reference()).isEqualTo(registry.host() + "/app/hello@" + outcome.digest());
    assertThat(log).anySatisfy(l -> assertThat(l).startsWith("[harbor-jib] pushed " + outcome.reference()));
    assertThat(String.join("\n", log)).doesNotContain(registry.password());
  }

  @Test
  void abortingThePushStopsTheEngineWhichSaysWhatMayHaveReachedTheRegistry() throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) {
      // Accepts connections and never answers: the engine waits in its preflight until it is stopped.
      Thread acceptor = new Thread(() -> {
        List<java.net.Socket> open = new java.util.ArrayList<>();
        try {
          while (true) {
            open.add(silent.accept());
          }
        } catch (java.io.IOException closed) {
          // the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      ServerSettings server = ServerSettings.of("silent", "http://127.0.0.1:" + silent.getLocalPort())
          .withTls("", true).withHarborApi(false).withDefaults("app", "base/jre17:17");
      char[] request = request(ImageSettings.builder("hello").build(), server, Optional.empty());
      EngineProcess process = EngineProcess.builder(engineJar, Samples.helloApp()).sink(log::add).build();
      java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
      Thread build = new Thread(() -> {
        try {
          process.run(request);
        } catch (Throwable t) {
          thrown.set(t);
        }
      });
      build.start();
      long deadline = System.currentTimeMillis() + 60_000;
      while (!log.contains("[harbor-jib] checking the registries") && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      Thread.sleep(500);

      build.interrupt();
      build.join(30_000);

      assertThat(build.isAlive()).isFalse();
      assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
      assertThat(log).anySatisfy(l -> assertThat(l).startsWith("[harbor-jib] ERROR (CANCELLED):"));
      assertThat(log).anySatisfy(l -> assertThat(l).startsWith("[harbor-jib] cancelled: stopped the engine (pid "));
    }
  }

  /**
   * An aborted build while the engine is held mid-upload (by a fault proxy in front of the registry): the thread
   * running {@link EngineProcess#run} is interrupted, the engine goes (SIGTERM, SIGKILL after the grace period) with
   * everything it started, no tag points at a partial image, and the next push with the same cache works.
   */
  @Test
  void abortingMidUploadStopsTheEngineLeavesNoTagAndTheNextPushWorks() throws Exception {
    BaseImageFixture.pushJre17(registry);
    Path cache = agentRoot.resolve("cache");
    try (FaultProxy proxy = FaultProxy.to(registry).start()) {
      FaultRule hold = proxy.when("PATCH", "/blobs/uploads/").then(Fault.hang());
      ServerSettings server = ServerSettings.of("held", proxy.url()).withTls("", true).withHarborApi(false)
          .withDefaults("app", BaseImageFixture.DEFAULT_IMAGE);
      EngineRequest made = RequestFactory.create(ImageSettings.builder("aborted").build(), server,
          Optional.of(Credentials.of(registry.username(), registry.passwordChars())), ProxySettings.NONE,
          BuildFacts.of(Map.of("BUILD_NUMBER", "42")).withCacheDirectory(cache.toString()));
      EngineProcess process = EngineProcess.builder(engineJar, Samples.helloApp()).sink(log::add)
          .stopTimeout(Duration.ofSeconds(5)).build();
      java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
      Thread build = new Thread(() -> {
        try {
          process.run(made.toJsonChars());
          thrown.set(new AssertionError("the push ended by itself"));
        } catch (Throwable t) {
          thrown.set(t);
        }
      }, "aborted-build");
      build.start();
      assertThat(hold.awaitApplied(1, Duration.ofSeconds(60))).as("an upload reached the proxy").isTrue();
      List<ProcessHandle> engines = ProcessHandle.current().descendants()
          .filter(p -> p.info().commandLine().filter(c -> c.contains(engineJar.toString())).isPresent()).toList();

      build.interrupt();
      build.join(30_000);

      assertThat(build.isAlive()).isFalse();
      assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
      assertThat(log).anySatisfy(l -> assertThat(l).startsWith("[harbor-jib] cancelled: stopped the engine (pid "));
      assertThat(engines).isNotEmpty().noneMatch(ProcessHandle::isAlive);
      // distribution keeps a repository's tags under _manifests/tags: none means no tag points at a partial image
      assertThat(registry.storageDirectory().resolve("docker/registry/v2/repositories/app/aborted/_manifests/tags"))
          .doesNotExist();

      proxy.clearRules();
      EngineRequest again = RequestFactory.create(ImageSettings.builder("aborted").build(), server,
          Optional.of(Credentials.of(registry.username(), registry.passwordChars())), ProxySettings.NONE,
          BuildFacts.of(Map.of("BUILD_NUMBER", "43")).withCacheDirectory(cache.toString()));
      PushOutcome outcome = run(again.toJsonChars(), Verbosity.NORMAL);
      assertThat(outcome.status()).as(String.join("\n", log)).isEqualTo(PushOutcome.Status.PUSHED);
    }
  }
}
