package io.jenkins.plugins.harborjib.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every mistake in the flags: exit code 2, a message naming the flag, and no push. */
class BadFlagsTest {
  private static final String SECRET = "hunter2-very-secret";

  @TempDir
  Path dir;

  private final TestCli cli = new TestCli();

  private static String[] args(String... more) {
    List<String> args = new ArrayList<>(List.of("push", "--registry", "harbor.example.com", "--project", "app",
        "--repository", "demo", "--tag", "42", "--from", "harbor.example.com/base/jre17:17"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private void assertRejected(int code, String... expected) {
    assertThat(code).isEqualTo(2);
    assertThat(cli.requests).isEmpty();
    assertThat(cli.err()).contains(expected);
    assertThat(cli.out()).isEmpty();
  }

  @Test
  void namesEveryMissingRequiredFlag() {
    assertRejected(cli.run("push", "--registry", "harbor.example.com"),
        "error", "missing --project, --repository, --tag, --from", "hint:");
  }

  @Test
  void refusesAPasswordOnTheCommandLineWithoutRepeatingIt() {
    assertRejected(cli.run(args("--username", "robot$app+ci", "--password", SECRET)),
        "takes no password on the command line", "--password-stdin");
    assertThat(cli.err()).doesNotContain(SECRET);
  }

  @Test
  void refusesAPasswordFlagGivenWithEqualsWithoutRepeatingIt() {
    assertRejected(cli.run(args("--password=" + SECRET)), "takes no password on the command line");
    assertThat(cli.err()).doesNotContain(SECRET);
  }

  @Test
  void doesNotRepeatAnArgumentAfterAMisspeltFlag() {
    assertRejected(cli.run(args("--pasword-file", SECRET)), "unknown option --pasword-file",
        "1 unexpected argument (not repeated here)");
    assertThat(cli.err()).doesNotContain(SECRET);
  }

  @Test
  void wantsAPasswordForAUser() {
    assertRejected(cli.run(args("--username", "robot$app+ci")),
        "--username 'robot$app+ci' needs a password or token", "--password-stdin or --password-file");
  }

  @Test
  void wantsAUserForAPassword() {
    cli.stdin(SECRET);
    assertRejected(cli.run(args("--password-stdin")), "--password-stdin needs --username");
  }

  @Test
  void readsOnlyOnePasswordFromStandardInput() {
    cli.stdin(SECRET);
    assertRejected(cli.run(args("-u", "a", "--password-stdin", "--from-username", "b", "--from-password-stdin")),
        "standard input can hold only one password");
  }

  @Test
  void rejectsAnEmptyPassword() {
    cli.stdin("\n");
    assertRejected(cli.run(args("-u", "robot$app+ci", "--password-stdin")), "is empty");
  }

  @Test
  void namesAMissingPasswordFile() {
    assertRejected(cli.run(args("-u", "robot$app+ci", "--password-file", dir.resolve("nope").toString())),
        "--password-file", "does not exist");
  }

  @Test
  void takesOneBuildOutput() {
    assertRejected(cli.run(args("--war", "a.war", "--thin-jar", "a.jar")),
        "give one build output, not --thin-jar and --war");
  }

  @Test
  void takesDependenciesOnlyWithExploded() {
    assertRejected(cli.run(args("--thin-jar", "a.jar", "--dependencies", "lib")),
        "--dependencies goes with --exploded");
  }

  @Test
  void wantsNameEqualsValue() {
    assertRejected(cli.run(args("--env", "JAVA_OPTS")), "--env 'JAVA_OPTS' is not NAME=VALUE");
  }

  @Test
  void rejectsTheSameNameTwice() {
    assertRejected(cli.run(args("--label", "a=1", "--label", "a=2")), "--label gives a twice");
  }

  @Test
  void rejectsAnUnknownFormat() {
    assertRejected(cli.run(args("--format", "rkt")), "--format 'rkt' is not docker or oci");
  }

  @Test
  void rejectsATimeWithoutAZone() {
    assertRejected(cli.run(args("--creation-time", "2025-11-27T20:54:00")), "--creation-time",
        "ISO-8601 date-time with a zone");
  }

  @Test
  void rejectsABadTimeout() {
    assertRejected(cli.run(args("--http-timeout", "soon")), "--http-timeout 'soon' is not a positive duration");
    assertThat(new TestCli().run(args("--http-timeout", "0"))).isEqualTo(2);
  }

  @Test
  void namesAMissingCaFile() {
    assertRejected(cli.run(args("--ca-file", dir.resolve("ca.pem").toString())), "--ca-file", "does not exist");
  }

  @Test
  void rejectsQuietWithVerbose() {
    assertRejected(cli.run(args("-q", "-v")), "--quiet and --verbose");
  }

  @Test
  void rejectsAResultFileInAMissingFolder() {
    assertRejected(cli.run(args("--result-file", dir.resolve("no/such/result.json").toString())),
        "--result-file", "does not exist");
  }

  @Test
  void writesTheErrorToTheResultFile() throws IOException {
    Path result = dir.resolve("result.json");
    Files.writeString(result, "{\"type\":\"result\",\"stale\":true}");

    assertThat(cli.run(args("--format", "rkt", "--result-file", result.toString()))).isEqualTo(2);

    assertThat(Files.readString(result)).contains("\"type\" : \"error\"", "\"kind\" : \"INVALID_INPUT\"",
        "\"field\" : \"--format\"").doesNotContain("stale");
  }

  @Test
  void rejectsAnUnknownSubcommandAndNoSubcommand() {
    assertThat(cli.run("pull")).isEqualTo(2);
    assertThat(cli.err()).contains("unexpected argument");
    assertThat(new TestCli().run()).isEqualTo(2);
  }

  @Test
  void refusesContradictoryOrOrphanHarborFlags() {
    assertRejected(cli.run(args("--harbor", "--no-harbor")), "--harbor and --no-harbor contradict");
    assertRejected(cli.run(args("--scan-allow", "CVE-2026-1")), "add --scan-gate");
    assertRejected(cli.run(args("--scan-gate", "severe")), "--scan-gate 'severe'");
    assertRejected(cli.run(args("--public-project")), "add --create-project");
    assertRejected(cli.run(args("--harbor-url", "harbor.example.com")), "https://harbor.example.com");
  }
}
