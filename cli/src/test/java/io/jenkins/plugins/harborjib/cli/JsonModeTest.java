package io.jenkins.plugins.harborjib.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.protocol.ProtocolLine;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.PushEvent;
import io.jenkins.plugins.harborjib.engine.PushException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code push --protocol json} in this JVM, with a stand-in engine: what a program sees on standard output. */
class JsonModeTest {
  private static final String TOKEN = "tok-3f9a8b7c6d5e";

  private static String request(String verbosity) {
    return """
        {"protocolVersion": 1,
         "target": {"registry": "harbor.example.com", "project": "app", "repository": "demo", "tags": ["42", "latest"]},
         "credentials": {"username": "robot$app+ci", "password": "%s"},
         "baseImage": {"reference": "harbor.example.com/base/jre17:17"},
         "buildOutput": {"type": "spring-boot-jar", "jar": "target/demo.jar"},
         "httpTimeoutMillis": 3000,
         "verbosity": "%s"}
        """.formatted(TOKEN, verbosity);
  }

  private final TestCli cli = new TestCli();

  @Test
  void writesEventsThenTheResultAndNothingElse() {
    cli.stdin(request("normal"));

    assertThat(cli.run("push", "--protocol", "json")).isZero();

    List<ProtocolLine> lines = cli.lines();
    assertThat(lines).last().isInstanceOfSatisfying(ProtocolLine.Result.class, r -> {
      assertThat(r.result().digest()).isEqualTo(TestCli.DIGEST);
      assertThat(r.result().reference()).isEqualTo("harbor.example.com/app/demo@" + TestCli.DIGEST);
      assertThat(r.result().tags()).containsExactly("42", "latest");
    });
    assertThat(lines).filteredOn(ProtocolLine.Event.class::isInstance).extracting(l -> ((ProtocolLine.Event) l).event())
        .hasAtLeastOneElementOfType(PushEvent.PhaseStarted.class)
        .hasAtLeastOneElementOfType(PushEvent.UploadProgress.class)
        .hasAtLeastOneElementOfType(PushEvent.LayerDone.class)
        .hasAtLeastOneElementOfType(PushEvent.Info.class)
        .noneMatch(PushEvent.Debug.class::isInstance);
    assertThat(cli.out()).isEmpty();
    assertThat(cli.strayOutputDiverted).isTrue();
    assertThat(cli.request().credentials().orElseThrow().username()).isEqualTo("robot$app+ci");
    assertThat(cli.request().httpTimeout()).hasMillis(3000);
    assertThat(cli.protocolText() + cli.err()).doesNotContain(TOKEN);
  }

  @Test
  void verbosityChoosesTheEvents() {
    TestCli quiet = new TestCli().stdin(request("quiet"));
    quiet.run("push", "--protocol", "json");
    assertThat(quiet.lines()).hasSize(1).first().isInstanceOf(ProtocolLine.Result.class);

    TestCli verbose = new TestCli().stdin(request("verbose"));
    verbose.run("push", "--protocol", "json");
    assertThat(verbose.lines()).anyMatch(l -> l instanceof ProtocolLine.Event e && e.event() instanceof PushEvent.Debug);
  }

  @Test
  void reportsABadRequestAsAnErrorLineNamingTheFieldWithExitCode2() {
    cli.stdin(request("normal").replace("\"tags\"", "\"tagz\""));

    assertThat(cli.run("push", "--protocol", "json")).isEqualTo(2);

    assertThat(cli.lines()).singleElement().isInstanceOfSatisfying(ProtocolLine.Failure.class, f -> {
      assertThat(f.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
      assertThat(f.field()).contains("target.tagz");
    });
    assertThat(cli.requests).isEmpty();
  }

  @Test
  void mapsEachEngineFailureToItsExitCode() {
    record Case(ErrorKind kind, int code) {}
    for (Case c : List.of(new Case(ErrorKind.INVALID_INPUT, 2), new Case(ErrorKind.AUTHENTICATION, 3),
        new Case(ErrorKind.TLS, 4), new Case(ErrorKind.NETWORK, 5), new Case(ErrorKind.REGISTRY, 6),
        new Case(ErrorKind.PROJECT_NOT_FOUND, 7), new Case(ErrorKind.CANCELLED, 8),
        new Case(ErrorKind.PERMISSION_DENIED, 9), new Case(ErrorKind.QUOTA_EXCEEDED, 10),
        new Case(ErrorKind.INTERNAL, 1))) {
      TestCli run = new TestCli().stdin(request("normal")).failing(new PushException(c.kind(), "failed: " + c.kind()));

      assertThat(run.run("push", "--protocol", "json")).as(c.kind().name()).isEqualTo(c.code());

      assertThat(run.last()).isEqualTo(new ProtocolLine.Failure(c.kind(), Optional.empty(), "failed: " + c.kind()));
    }
  }

  @Test
  void masksAPasswordThatAnEngineMessageQuotes() {
    cli.stdin(request("verbose")).engine((request, listener) -> {
      listener.onEvent(new PushEvent.Warning("library said: password=" + TOKEN));
      throw new PushException(ErrorKind.AUTHENTICATION, "denied for " + TOKEN, new IllegalStateException(TOKEN));
    });

    assertThat(cli.run("push", "--protocol", "json")).isEqualTo(3);

    assertThat(cli.protocolText()).doesNotContain(TOKEN).contains("password=****", "denied for ****");
  }

  @Test
  void reportsAnEngineDefectAsAnInternalError() {
    cli.stdin(request("normal")).engine((request, listener) -> {
      throw new UnsupportedOperationException("not yet");
    });

    assertThat(cli.run("push", "--protocol", "json")).isEqualTo(1);

    assertThat(cli.last()).isInstanceOfSatisfying(ProtocolLine.Failure.class, f -> {
      assertThat(f.kind()).isEqualTo(ErrorKind.INTERNAL);
      assertThat(f.message()).contains("UnsupportedOperationException", "not yet");
    });
  }

  @Test
  void endsWithACancelledErrorWhenStoppedInTheMiddleOfAPush() {
    cli.stdin(request("normal")).engine((request, listener) -> {
      listener.onEvent(new PushEvent.Info("pushing"));
      cli.shutdownHooks.forEach(Thread::run); // as on SIGTERM: the hook runs while the push is still going
      listener.onEvent(new PushEvent.Info("after the signal"));
      return TestCli.succeed(request, listener);
    });

    cli.run("push", "--protocol", "json");

    assertThat(cli.last()).isInstanceOfSatisfying(ProtocolLine.Failure.class,
        f -> assertThat(f.kind()).isEqualTo(ErrorKind.CANCELLED));
    assertThat(cli.protocolText()).contains("pushing").doesNotContain("after the signal");
  }

  @Test
  void saysNothingMoreOnShutdownAfterTheResult() {
    cli.stdin(request("normal"));

    assertThat(cli.run("push", "--protocol", "json")).isZero();
    cli.shutdownHooks.forEach(Thread::run);

    assertThat(cli.last()).isInstanceOf(ProtocolLine.Result.class);
  }

  @Test
  void refusesFlagsBesideTheRequest() {
    cli.stdin(request("normal"));

    assertThat(cli.run("push", "--protocol", "json", "--registry", "other.example.com", "--insecure")).isEqualTo(2);

    assertThat(cli.last()).isInstanceOfSatisfying(ProtocolLine.Failure.class, f -> {
      assertThat(f.field()).contains("arguments");
      assertThat(f.message()).contains("--registry", "--insecure");
    });
    assertThat(cli.requests).isEmpty();
  }

  @Test
  void answersBadArgumentsInJsonToo() {
    assertThat(cli.run("push", "--protocol=json", "--no-such-flag")).isEqualTo(2);

    assertThat(cli.last()).isInstanceOfSatisfying(ProtocolLine.Failure.class,
        f -> assertThat(f.message()).contains("unknown option --no-such-flag"));
    assertThat(cli.err()).isEmpty();
  }

  @Test
  void setsProxyCredentialsAsTheJvmPropertiesJibReads() {
    cli.properties.put("https.proxyHost", "proxy.example.com");
    cli.stdin(request("normal").replace("\"verbosity\"",
        "\"proxy\": {\"username\": \"proxy-user\", \"password\": \"proxy-pass-123\"}, \"verbosity\""));

    assertThat(cli.run("push", "--protocol", "json")).isZero();

    assertThat(cli.properties).containsEntry("https.proxyUser", "proxy-user")
        .containsEntry("https.proxyPassword", "proxy-pass-123").containsEntry("http.proxyUser", "proxy-user");
    assertThat(cli.protocolText()).doesNotContain("proxy-pass-123");
  }
}
