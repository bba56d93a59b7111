package io.jenkins.plugins.harborjib.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.protocol.ProtocolLine;
import io.jenkins.plugins.harborjib.protocol.ProtocolRequest;
import io.jenkins.plugins.harborjib.protocol.RequestJson;
import io.jenkins.plugins.harborjib.engine.BaseImage;
import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.ImageTarget;
import io.jenkins.plugins.harborjib.engine.PushEvent;
import io.jenkins.plugins.harborjib.engine.PushRequest;
import io.jenkins.plugins.harborjib.testkit.Samples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract with the Jenkins plugin, checked on the shaded jar in a child process started exactly as the plugin
 * starts it: {@code java -jar harbor-jib-cli-<version>-all.jar push --protocol json}, the request on standard input,
 * JSON lines on standard output, the exit code. These need no registry.
 */
class CliContractIT {
  private static final String PASSWORD = "contract-Secret-7f3a9c";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir
  Path cache;

  private byte[] request(String registry, String tag) throws IOException {
    PushRequest push = PushRequest.builder(new BuildOutput.AutoDetect(Samples.helloApp()),
            BaseImage.of(registry + "/base/jre17:17"), new ImageTarget(registry, "app", "hello", List.of(tag)))
        .credentials(Credentials.of("robot$app+ci", PASSWORD.toCharArray()))
        .cacheDirectory(cache)
        .httpTimeout(Duration.ofSeconds(30))
        .build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    RequestJson.write(ProtocolRequest.of(push), bytes);
    return bytes.toByteArray();
  }

  private static CliProcess.Run json(byte[] request) {
    return CliProcess.run(request, TIMEOUT, "push", "--protocol", "json");
  }

  @Test
  void helpExitsZeroQuicklyAndNamesTheProtocol() {
    CliProcess.Run run = CliProcess.run(new byte[0], TIMEOUT, "push", "--help");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.stdout()).contains("--protocol=human|json", "--password-stdin", "Exit codes:");
    assertThat(run.took()).as("java -jar ... push --help").isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void rejectsAnInvalidTagWithExitCode2BeforeAnyNetworkCall() throws IOException {
    try (ServerSocket registry = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String host = "127.0.0.1:" + registry.getLocalPort();

      CliProcess.Run run = json(request(host, "Not a tag!"));

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
      assertThat(run.last()).as(run.toString()).isInstanceOfSatisfying(ProtocolLine.Failure.class, f -> {
        assertThat(f.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
        assertThat(f.field()).contains("target.tags");
        assertThat(f.message()).contains("Not a tag!");
      });
      registry.setSoTimeout(300);
      try {
        registry.accept().close();
        throw new AssertionError("the CLI connected to the registry although the request was invalid\n" + run);
      } catch (SocketTimeoutException expected) {
        // nobody knocked
      }
      assertThat(run.everything()).doesNotContain(PASSWORD);
    }
  }

  @Test
  void rejectsAMisspeltFieldWithExitCode2NamingIt() throws IOException {
    String request = new String(request("127.0.0.1:1", "42"), StandardCharsets.UTF_8).replace("\"tags\"", "\"tag\"");

    CliProcess.Run run = json(request.getBytes(StandardCharsets.UTF_8));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.lines()).as(run.toString()).singleElement().isInstanceOfSatisfying(ProtocolLine.Failure.class, f -> {
      assertThat(f.field()).contains("target.tag");
      assertThat(f.message()).contains("Did you mean 'tags'?");
    });
    assertThat(run.everything()).doesNotContain(PASSWORD);
  }

  @Test
  void reportsAnUnknownHostAsANetworkErrorWithExitCode5() throws IOException {
    CliProcess.Run run = json(request("no-such-registry.invalid", "42"));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(5);
    assertThat(run.last()).as(run.toString()).isInstanceOfSatisfying(ProtocolLine.Failure.class, f -> {
      assertThat(f.kind()).isEqualTo(ErrorKind.NETWORK);
      assertThat(f.message()).contains("no-such-registry.invalid");
    });
    assertThat(run.lines()).as("progress before the error")
        .anyMatch(l -> l instanceof ProtocolLine.Event e && e.event() instanceof PushEvent.PhaseStarted);
    assertThat(run.everything()).doesNotContain(PASSWORD);
  }

  @Test
  void reportsARefusedConnectionAsANetworkError() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }

    CliProcess.Run run = json(request("127.0.0.1:" + closedPort, "42"));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(5);
    assertThat(run.last()).isInstanceOfSatisfying(ProtocolLine.Failure.class,
        f -> assertThat(f.kind()).isEqualTo(ErrorKind.NETWORK));
    assertThat(run.everything()).doesNotContain(PASSWORD);
  }

  @Test
  void endsWithACancelledErrorLineWhenTerminatedInTheMiddleOfAPush() throws Exception {
    // A registry that accepts connections and never answers keeps the push in its preflight.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        CliProcess cli = CliProcess.start(request("127.0.0.1:" + silent.getLocalPort(), "42"),
            "push", "--protocol", "json")) {
      cli.awaitLine(l -> l.contains("\"phase-started\"") && l.contains("\"PREFLIGHT\""), TIMEOUT);

      cli.terminate();
      CliProcess.Run run = cli.await(TIMEOUT);

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(143);
      assertThat(run.last()).as(run.toString()).isInstanceOfSatisfying(ProtocolLine.Failure.class, f -> {
        assertThat(f.kind()).isEqualTo(ErrorKind.CANCELLED);
        assertThat(f.message()).contains("stopped before the push finished");
      });
    }
  }

  @Test
  void answersARequestFromAnotherProtocolVersion() throws IOException {
    String request = new String(request("127.0.0.1:1", "42"), StandardCharsets.UTF_8)
        .replace("\"protocolVersion\":1", "\"protocolVersion\":99");

    CliProcess.Run run = json(request.getBytes(StandardCharsets.UTF_8));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.last()).isInstanceOfSatisfying(ProtocolLine.Failure.class,
        f -> assertThat(f.field()).contains("protocolVersion"));
  }

  @Test
  void answersEmptyInputWithAnErrorLine() {
    CliProcess.Run run = json(new byte[0]);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.last()).isInstanceOfSatisfying(ProtocolLine.Failure.class,
        f -> assertThat(f.message()).contains("standard input held no request"));
  }

  @Test
  void peopleGetAMessageAndExitCode2ForMissingFlags() {
    CliProcess.Run run = CliProcess.run(new byte[0], TIMEOUT, "push", "--registry", "harbor.example.com");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr()).contains("error", "missing --project, --repository, --tag, --from");
  }
}
