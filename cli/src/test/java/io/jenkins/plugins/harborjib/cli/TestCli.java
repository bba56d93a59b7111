package io.jenkins.plugins.harborjib.cli;

import io.jenkins.plugins.harborjib.protocol.LineJson;
import io.jenkins.plugins.harborjib.protocol.ProtocolLine;
import io.jenkins.plugins.harborjib.engine.ImageTarget;
import io.jenkins.plugins.harborjib.engine.LayerReport;
import io.jenkins.plugins.harborjib.engine.LayerStatus;
import io.jenkins.plugins.harborjib.engine.Phase;
import io.jenkins.plugins.harborjib.engine.PhaseTiming;
import io.jenkins.plugins.harborjib.engine.PushEvent;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.PushListener;
import io.jenkins.plugins.harborjib.engine.PushRequest;
import io.jenkins.plugins.harborjib.engine.PushResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the CLI in this JVM on byte streams, with a stand-in engine and a private map for system properties, and
 * keeps what it printed and what the engine was asked.
 */
final class TestCli {
  static final Instant NOW = Instant.parse("2025-11-27T20:54:00Z");
  static final String DIGEST = "sha256:" + "ab12cd34ef56".repeat(5) + "abcd";
  static final String IMAGE_ID = "sha256:" + "0123456789ab".repeat(5) + "cdef";

  /** What the stand-in engine does with a request. */
  @FunctionalInterface
  interface FakeEngine {
    PushResult push(PushRequest request, PushListener listener) throws PushException;
  }

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final ByteArrayOutputStream protocolOut = new ByteArrayOutputStream();
  final Map<String, String> properties = Collections.synchronizedMap(new LinkedHashMap<>());
  final List<PushRequest> requests = new ArrayList<>();
  final List<Thread> shutdownHooks = new ArrayList<>();
  Optional<char[]> typedPassword = Optional.empty();
  boolean strayOutputDiverted;
  private byte[] stdin = new byte[0];
  private FakeEngine engine = TestCli::succeed;

  TestCli stdin(String text) {
    stdin = text.getBytes(StandardCharsets.UTF_8);
    return this;
  }

  TestCli engine(FakeEngine engine) {
    this.engine = engine;
    return this;
  }

  TestCli failing(PushException e) {
    return engine((request, listener) -> {
      throw e;
    });
  }

  int run(String... args) {
    CliContext context = context();
    return new Cli(context).run(args);
  }

  CliContext context() {
    return new CliContext(
        new ByteArrayInputStream(stdin),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        protocolOut,
        () -> strayOutputDiverted = true,
        message -> typedPassword,
        (request, listener) -> {
          requests.add(request);
          return engine.push(request, listener);
        },
        new CliContext.SystemProperties() {
          @Override
          public Optional<String> get(String name) {
            return Optional.ofNullable(properties.get(name));
          }

          @Override
          public void set(String name, String value) {
            properties.put(name, value);
          }
        },
        Clock.fixed(NOW, ZoneOffset.UTC),
        shutdownHooks::add);
  }

  PushRequest request() {
    if (requests.size() != 1) {
      throw new AssertionError("expected one push, got " + requests.size() + "; stderr:\n" + err());
    }
    return requests.get(0);
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  String protocolText() {
    return protocolOut.toString(StandardCharsets.UTF_8);
  }

  /** Every line of the JSON protocol's output, parsed. */
  List<ProtocolLine> lines() {
    return protocolText().lines().map(LineJson::read).toList();
  }

  /** The JSON protocol's last line. */
  ProtocolLine last() {
    List<ProtocolLine> lines = lines();
    if (lines.isEmpty()) {
      throw new AssertionError("no protocol output; stderr:\n" + err());
    }
    return lines.get(lines.size() - 1);
  }

  /** A push that reports a few events and a two-layer result. */
  static PushResult succeed(PushRequest request, PushListener listener) {
    listener.onEvent(new PushEvent.PhaseStarted(Phase.PUSH));
    LayerReport base = new LayerReport("base", "sha256:" + "b".repeat(64), 30_100_000, LayerStatus.PRESENT,
        "linux/amd64");
    LayerReport classes = new LayerReport("classes", "sha256:" + "c".repeat(64), 12_300, LayerStatus.UPLOADED,
        "linux/amd64");
    listener.onEvent(new PushEvent.UploadProgress(classes.digest(), 6_000, 12_300));
    listener.onEvent(new PushEvent.LayerDone(1, 2, base));
    listener.onEvent(new PushEvent.LayerDone(2, 2, classes));
    listener.onEvent(new PushEvent.Info("pushed the manifest"));
    listener.onEvent(new PushEvent.Debug("a detail"));
    listener.onEvent(new PushEvent.PhaseFinished(Phase.PUSH, Duration.ofMillis(1234)));
    return result(request.target(), List.of(base, classes));
  }

  static PushResult result(ImageTarget target, List<LayerReport> layers) {
    return new PushResult(target, DIGEST, IMAGE_ID, target.tags(), layers,
        List.of(new PhaseTiming(Phase.VALIDATE, Duration.ofMillis(5)),
            new PhaseTiming(Phase.PUSH, Duration.ofMillis(1234))));
  }
}
