package io.jenkins.plugins.harborjib.bridge.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.harborjib.bridge.PushOutcome;
import io.jenkins.plugins.harborjib.protocol.Verbosity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineProcessTest {
  private static final String SECRET = "s3cr3t-robot-t0ken";
  private static final char[] REQUEST = ("{\"protocolVersion\":1,\"credentials\":{\"username\":\"robot$app+ci\","
      + "\"password\":\"" + SECRET + "\"}}").toCharArray();

  @TempDir static Path jarFolder;
  @TempDir Path workspace;
  static Path fakeJar;
  final List<String> log = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void buildFakeEngine() throws Exception {
    fakeJar = FakeEngineJar.build(jarFolder);
  }

  private EngineProcess fake(String mode, Verbosity verbosity) {
    return EngineProcess.builder(fakeJar, workspace).systemProperty("fake.mode", mode).verbosity(verbosity)
        .sink(log::add).stopTimeout(Duration.ofSeconds(5)).build();
  }

  @Test
  void startsTheAgentsOwnJavaWithTheJarInProgramModeAndNothingSecretOnTheCommandLine() {
    EngineProcess p = EngineProcess.builder(Path.of("/agent/harbor-jib/engine/abc/harbor-jib-engine.jar"), workspace)
        .systemProperties(Map.of("https.proxyHost", "proxy.example.com")).maxHeap("768m").sharedArchive(false).build();

    List<String> expected = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx768m", "-XX:+UseSerialGC", "-Xmn12m", "-XX:-UsePerfData", "-XX:Tier4InvocationThreshold=50000",
        "-XX:Tier4CompileThreshold=150000", "-XX:Tier4BackEdgeThreshold=400000"));
    if (Runtime.version().feature() >= 23) {
      expected.add("--sun-misc-unsafe-memory-access=allow");
    }
    expected.addAll(List.of("-Dhttps.proxyHost=proxy.example.com", "-jar",
        "/agent/harbor-jib/engine/abc/harbor-jib-engine.jar", "push", "--protocol", "json"));
    assertThat(p.command()).containsExactlyElementsOf(expected);
  }

  @Test
  void theJvmAcceptsTheCompilerThresholds() throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(EngineProcess.COMPILER);
    command.add("-version");
    Process jvm = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(jvm.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(jvm.waitFor()).as(output).isZero();
    assertThat(output).doesNotContainIgnoringCase("warning").doesNotContain("Unrecognized");
  }

  @Test
  void aHeapTooSmallForTheSmallYoungGenerationKeepsTheJvmsOwn() {
    assertThat(EngineProcess.builder(fakeJar, workspace).maxHeap("48m").build().command())
        .contains("-Xmx48m").doesNotContain("-Xmn12m", "-XX:+UseSerialGC");
    assertThat(EngineProcess.builder(fakeJar, workspace).maxHeap("1g").build().command())
        .containsSubsequence("-Xmx1g", "-XX:+UseSerialGC", "-Xmn12m");
  }

  @Test
  void keepsTheUnsafeWarningsOfJava24AwayOnlyWhereTheOptionExists(@TempDir Path homes) throws Exception {
    Path jdk25 = Files.createDirectories(homes.resolve("jdk25"));
    Files.writeString(jdk25.resolve("release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"25.0.1\"\n");
    Path jdk17 = Files.createDirectories(homes.resolve("jdk17"));
    Files.writeString(jdk17.resolve("release"), "JAVA_VERSION=\"17.0.15\"\n");
    Path unknown = Files.createDirectories(homes.resolve("unknown"));

    assertThat(EngineProcess.builder(fakeJar, workspace).javaHome(jdk25).build().command())
        .contains(EngineProcess.ALLOW_UNSAFE);
    assertThat(EngineProcess.builder(fakeJar, workspace).javaHome(jdk17).build().command())
        .doesNotContain(EngineProcess.ALLOW_UNSAFE);
    assertThat(EngineProcess.builder(fakeJar, workspace).javaHome(unknown).build().command())
        .doesNotContain(EngineProcess.ALLOW_UNSAFE);
  }

  @Test
  void keepsAClassDataArchiveNextToTheJarFromItsSecondPushWithTheJvmsWarningsOffStandardOutput(@TempDir Path agent)
      throws Exception {
    Path jar = Files.createDirectories(agent.resolve("engine/abc")).resolve("harbor-jib-engine.jar");
    EngineProcess first = EngineProcess.builder(jar, workspace).build();
    Path archive = first.sharedArchive().orElseThrow();
    assertThat(archive.getParent()).isEqualTo(jar.getParent());
    assertThat(archive.getFileName().toString()).startsWith("harbor-jib-engine-").endsWith(".jsa")
        .contains(String.valueOf(Runtime.version().feature()));

    // The first push with a jar (a pod agent's only one, often) neither uses nor writes an archive...
    assertThat(first.command()).noneMatch(a -> a.contains("Archive") || a.startsWith("-Xlog"));
    first.settleArchive(1);
    assertThat(EngineProcess.builder(jar, workspace).build().command()).noneMatch(a -> a.contains("Archive"));
    first.settleArchive(0);

    // ...once one succeeded, the next writes it as it exits...
    EngineProcess second = EngineProcess.builder(jar, workspace).build();
    if (Runtime.version().feature() >= 19) {
      assertThat(second.command()).containsSubsequence("-XX:SharedArchiveFile=" + archive,
          "-XX:+AutoCreateSharedArchive", "-Xlog:disable", "-Xlog:all=warning:stderr", "-jar");
      return;
    }
    // (JDK 13 to 18: into a file of its own, moved into place only when the push succeeded)
    String dumpFlag = second.command().stream().filter(a -> a.startsWith("-XX:ArchiveClassesAtExit="))
        .findFirst().orElseThrow();
    Path dump = Path.of(dumpFlag.substring(dumpFlag.indexOf('=') + 1));
    assertThat(dump.getParent()).isEqualTo(jar.getParent());
    assertThat(dump.getFileName().toString()).startsWith(archive.getFileName() + ".tmp-");
    assertThat(second.command()).containsSubsequence(dumpFlag, "-Xlog:disable", "-Xlog:all=warning:stderr", "-jar")
        .noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"));
    Files.writeString(dump, "archive");
    second.settleArchive(1);
    assertThat(dump).doesNotExist();
    assertThat(archive).doesNotExist();
    Files.writeString(dump, "archive");
    second.settleArchive(0);
    assertThat(dump).doesNotExist();
    assertThat(archive).hasContent("archive");

    // ...and later pushes load it.
    assertThat(EngineProcess.builder(jar, workspace).build().command())
        .containsSubsequence("-XX:SharedArchiveFile=" + archive, "-Xlog:disable", "-jar")
        .noneMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit"));
  }

  @Test
  void anotherJavaInstallationGetsNoArchiveAsItsVersionIsNotKnownHere() {
    EngineProcess p = EngineProcess.builder(fakeJar, workspace).javaHome(Path.of("/opt/other-jdk")).build();

    assertThat(p.sharedArchive()).isEmpty();
    assertThat(p.command()).noneMatch(a -> a.contains("SharedArchive") || a.startsWith("-Xlog"));
  }

  @Test
  void refusesToPutAnythingThatLooksSecretOnTheCommandLine() {
    var builder = EngineProcess.builder(fakeJar, workspace);
    assertThatThrownBy(() -> builder.systemProperty("https.proxyPassword", "x"))
        .hasMessageContaining("secrets go in the request on standard input");
    assertThatThrownBy(() -> builder.systemProperty("harbor.token", "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.maxHeap("lots")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void givesTheChildOnlyTheListedVariablesOfTheAgentsEnvironment() {
    Map<String, String> env = EngineProcess.childEnvironment(Map.of("PATH", "/usr/bin", "HOME", "/home/jenkins",
        "JAVA_TOOL_OPTIONS", "-javaagent:/x.jar", "HARBOR_PASSWORD", "oops", "SystemRoot", "C:\\Windows"));

    assertThat(env).containsOnlyKeys("PATH", "HOME", "SystemRoot");
  }

  @Test
  void runsInTheWorkspaceWithTheFilteredEnvironmentAndTheHeapLimit() throws Exception {
    PushOutcome outcome = EngineProcess.builder(fakeJar, workspace).systemProperty("fake.mode", "environment")
        .maxHeap("64m").sink(log::add).build().run(REQUEST);

    assertThat(outcome.status()).isEqualTo(PushOutcome.Status.PUSHED);
    String names = log.stream().filter(l -> l.contains(" env ")).findFirst().orElseThrow();
    for (String name : names.substring(names.indexOf(" env ") + 5).split(",")) {
      if (!name.isBlank()) {
        assertThat(EngineProcess.KEPT_ENVIRONMENT).contains(name.toUpperCase(Locale.ROOT));
      }
    }
    assertThat(log).contains("[harbor-jib] cwd " + workspace.toRealPath());
    long heap = Long.parseLong(log.stream().filter(l -> l.contains(" heap ")).findFirst().orElseThrow()
        .replaceAll(".* heap ", ""));
    assertThat(heap).isLessThanOrEqualTo(64L * 1024 * 1024);
  }

  @Test
  void masksTheRequestsSecretsInEveryLineTheEnginePrints() throws Exception {
    PushOutcome outcome = fake("echo-secret", Verbosity.NORMAL).run(REQUEST);

    assertThat(outcome.status()).isEqualTo(PushOutcome.Status.PUSHED);
    assertThat(log).contains("[harbor-jib] using token ****", "[harbor-jib] engine: stderr also has ****");
    assertThat(String.join("\n", log)).doesNotContain(SECRET);
    assertThat(outcome.toJson()).doesNotContain(SECRET);
  }

  @Test
  void reportsAnEngineThatDiesWithoutAResultWithItsExitStatusAndLastWords() throws Exception {
    PushOutcome outcome = fake("dies", Verbosity.NORMAL).run(REQUEST);

    assertThat(outcome.status()).isEqualTo(PushOutcome.Status.FAILED);
    assertThat(outcome.kind()).isEqualTo("INTERNAL");
    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.message()).startsWith("the engine exited with status 1 (INTERNAL) without reporting a result")
        .contains("OutOfMemoryError: Java heap space");
    assertThat(log).contains("[harbor-jib] about to fall over",
        "[harbor-jib] engine: Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space");
  }

  @Test
  void showsLinesItCannotReadOnlyInVerboseMode() throws Exception {
    fake("garbage", Verbosity.NORMAL).run(REQUEST);
    assertThat(log).isEmpty();

    fake("garbage", Verbosity.VERBOSE).run(REQUEST);
    assertThat(log).containsExactly("[harbor-jib] (engine) not json at all",
        "[harbor-jib] (sbom-ready) {\"protocolVersion\":1,\"type\":\"sbom-ready\"}");
  }

  @Test
  void saysSoWhenTheJarIsMissing() throws Exception {
    PushOutcome outcome = EngineProcess.builder(workspace.resolve("nope.jar"), workspace).build().run(REQUEST);

    assertThat(outcome.message()).contains("nope.jar is missing on this agent");
  }

  @Test
  void stopsTheEngineAndEveryProcessItStartedWhenTheBuildIsAborted() throws Exception {
    EngineProcess p = fake("spawns-and-hangs", Verbosity.NORMAL);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread build = new Thread(() -> {
      try {
        p.run(REQUEST);
      } catch (Throwable t) {
        thrown.set(t);
      }
    });
    build.start();
    long deadline = System.currentTimeMillis() + 30_000;
    Optional<String> childLine = Optional.empty();
    while (childLine.isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      childLine = log.stream().filter(l -> l.startsWith("[harbor-jib] child ")).findFirst();
    }
    long childPid = Long.parseLong(childLine.orElseThrow().substring("[harbor-jib] child ".length()));
    ProcessHandle child = ProcessHandle.of(childPid).orElseThrow();
    ProcessHandle engine = child.parent().orElseThrow();

    build.interrupt();
    build.join(20_000);

    assertThat(build.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    child.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
    engine.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(child.isAlive()).isFalse();
    assertThat(engine.isAlive()).isFalse();
    assertThat(log).anySatisfy(l -> assertThat(l).isEqualTo("[harbor-jib] cancelled: stopped the engine (pid "
        + engine.pid() + ") and 1 process it started"));
  }
}
