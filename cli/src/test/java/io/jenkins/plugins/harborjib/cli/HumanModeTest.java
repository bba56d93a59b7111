package io.jenkins.plugins.harborjib.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.protocol.LineJson;
import io.jenkins.plugins.harborjib.protocol.ProtocolLine;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.PushException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What people see: progress on standard error, the outcome on standard output, and the exit code. */
class HumanModeTest {
  private static final String TOKEN = "tok-3f9a8b7c6d5e";

  @TempDir
  Path dir;

  private final TestCli cli = new TestCli().stdin(TOKEN);

  private static String[] args(String... more) {
    List<String> args = new ArrayList<>(List.of("push", "--registry", "harbor.example.com", "--project", "app",
        "--repository", "demo", "--tag", "42,latest", "--from", "harbor.example.com/base/jre17:17",
        "--username", "robot$app+ci", "--password-stdin"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void printsProgressOnStandardErrorAndTheSummaryOnStandardOutput() {
    assertThat(cli.run(args())).isZero();

    assertThat(cli.err()).contains(
        "[push] building and pushing the image",
        "[push] layer 1/2 base sha256:bbbbbbbbbbbb 30.1 MB already present",
        "[push] layer 2/2 classes sha256:cccccccccccc 12.3 kB uploaded",
        "[push] pushed the manifest")
        .doesNotContain("debug").doesNotContain("uploading");
    assertThat(cli.out()).startsWith("Pushed harbor.example.com/app/demo@" + TestCli.DIGEST + "\n")
        .contains("  tags      harbor.example.com/app/demo:42\n", "            harbor.example.com/app/demo:latest\n",
            "  image id  " + TestCli.IMAGE_ID,
            "  layers    2: 1 uploaded (12.3 kB), 1 already in the registry (30.1 MB)",
            "  time      1.24 s: validate 0.01 s, push 1.23 s");
    assertThat(cli.out() + cli.err()).doesNotContain(TOKEN);
  }

  @Test
  void quietPrintsOnlyTheReference() {
    assertThat(cli.run(args("--quiet"))).isZero();

    assertThat(cli.out()).isEqualTo("harbor.example.com/app/demo@" + TestCli.DIGEST + "\n");
    assertThat(cli.err()).isEmpty();
  }

  @Test
  void verboseShowsDebugDetailAndByteProgress() {
    cli.run(args("--verbose"));

    assertThat(cli.err()).contains("[push] debug: a detail", "[push] uploading sha256:cccccccccccc 6.0 kB of 12.3 kB",
        "[push] done in 1.23 s");
  }

  @Test
  void writesTheResultFile() throws IOException {
    Path file = dir.resolve("result.json");

    assertThat(cli.run(args("--result-file", file.toString()))).isZero();

    ProtocolLine line = LineJson.read(Files.readString(file).replace("\n", ""));
    assertThat(line).isInstanceOfSatisfying(ProtocolLine.Result.class,
        r -> assertThat(r.result().digest()).isEqualTo(TestCli.DIGEST));
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void explainsAFailureWithAHintInTermsOfFlags() {
    cli.failing(new PushException(ErrorKind.TLS, "harbor.example.com presented a certificate that is not trusted"));

    assertThat(cli.run(args())).isEqualTo(4);

    assertThat(cli.err()).contains("error: harbor.example.com presented a certificate that is not trusted",
        "hint: if the registry's certificate comes from a private CA, give the CA certificate with --ca-file");
    assertThat(cli.out()).isEmpty();
  }

  @Test
  void namesTheFlagBehindAnEngineField() {
    cli.failing(PushException.invalid("target.tags[1]", "tag 'Latest!' is not valid: letters, digits, _ . -"));

    assertThat(cli.run(args())).isEqualTo(2);

    assertThat(cli.err()).contains("error in --tag: tag 'Latest!' is not valid");
  }

  @Test
  void masksAPasswordThatAnEngineMessageQuotes() {
    cli.failing(new PushException(ErrorKind.AUTHENTICATION, "denied: " + TOKEN, new RuntimeException(TOKEN)));

    assertThat(cli.run(args("--verbose"))).isEqualTo(3);

    assertThat(cli.err()).contains("denied: ****", "RuntimeException: ****").doesNotContain(TOKEN);
  }
}
