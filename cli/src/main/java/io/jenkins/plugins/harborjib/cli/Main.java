package io.jenkins.plugins.harborjib.cli;

import java.io.Console;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code java -jar harbor-jib-cli-<version>-all.jar}: runs {@link Cli} on this process's streams and exits with its
 * status. One push per process, because Jib's TLS, proxy and timeout settings are JVM-wide (DESIGN.md).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintStream stdout = System.out;
    // The JSON lines go to file descriptor 1 as UTF-8, whatever the platform's encoding.
    OutputStream protocolOut = new FileOutputStream(FileDescriptor.out);
    CliContext context = new CliContext(
        System.in,
        stdout,
        System.err,
        protocolOut,
        () -> {
          stdout.flush();
          System.setOut(System.err);
        },
        Main::promptForPassword,
        CliContext.Engine.HARBOR_JIB,
        CliContext.SystemProperties.JVM,
        Clock.systemUTC(),
        Runtime.getRuntime()::addShutdownHook);
    int status = new Cli(context).run(args);
    System.out.flush();
    System.err.flush();
    // Jib's executor threads must not keep the JVM alive after the result is out.
    System.exit(status);
  }

  private static Optional<char[]> promptForPassword(String message) {
    Console console = System.console();
    return console == null ? Optional.empty() : Optional.ofNullable(console.readPassword("%s", message));
  }
}
