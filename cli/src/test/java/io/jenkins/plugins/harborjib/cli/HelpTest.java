package io.jenkins.plugins.harborjib.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.protocol.ExitCode;
import org.junit.jupiter.api.Test;

class HelpTest {
  @Test
  void topHelpListsThePushCommand() {
    TestCli cli = new TestCli();

    assertThat(cli.run("--help")).isZero();

    assertThat(cli.out()).contains("Usage: harbor-jib", "push", "Build an image from a Maven build's output");
  }

  @Test
  void pushHelpShowsEveryGroupTheExitCodesAndQuotedRobotNames() {
    TestCli cli = new TestCli();

    assertThat(cli.run("push", "--help")).isZero();

    String help = cli.out();
    assertThat(help).contains("Target (required):", "Credentials for the target registry:", "Base image",
        "Build output", "Container:", "Build metadata", "TLS and network:", "Reporting:",
        "--password-stdin", "--password-file", "--protocol=human|json", "--creation-time", "--app-version",
        "'robot$app+ci'");
    for (ExitCode code : ExitCode.values()) {
      assertThat(help).containsPattern("(?m)^ +" + code.code() + "  [A-Za-z]");
    }
    assertThat(help).doesNotContain("--password=", "--token");
    assertThat(cli.requests).isEmpty();
  }

  @Test
  void helpSubcommandAndVersionWork() {
    TestCli cli = new TestCli();
    assertThat(cli.run("help", "push")).isZero();
    assertThat(cli.out()).contains("--registry");

    TestCli version = new TestCli();
    assertThat(version.run("--version")).isZero();
    assertThat(version.out()).startsWith("harbor-jib ").contains("JSON protocol 1");
  }
}
