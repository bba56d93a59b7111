package io.jenkins.plugins.harborjib.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code harbor-jib}: the top command; the work is in its subcommands. */
@Command(
    name = "harbor-jib",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    usageHelpWidth = 110,
    synopsisSubcommandLabel = "COMMAND",
    description = {
        "Builds container images from a Maven build's output with Jib, without a Docker daemon, and pushes them "
            + "to a registry such as Harbor.",
    },
    commandListHeading = "%nCommands:%n",
    footerHeading = "%n",
    footer = {
        "Run 'harbor-jib push --help' for the flags of a push.",
        "Programs (the Jenkins plugin) run 'harbor-jib push --protocol json': see docs/cli-protocol.md.",
    })
final class HarborJibCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }
}
