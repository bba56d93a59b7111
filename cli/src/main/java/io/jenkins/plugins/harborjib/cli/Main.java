package io.jenkins.plugins.harborjib.cli;

import java.io.Console;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.LogManager;

/**
 * {@code java -jar harbor-jib-cli-<version>-all.jar}: runs {@link Cli} on this process's streams and exits with its
 * status. One push per process, because Jib's TLS, proxy and timeout settings are JVM-wide (DESIGN.md).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // No library output reaches standard error raw beside the CLI's lines: while a push runs the engine turns the
    // libraries' java.util.logging records into its events, and what they print to System.err (or System.out in
    // the JSON protocol) is logged line by line for it to do the same; the console handler would print the rest.
    LogManager.getLogManager().reset();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    PrintStream stray = new PrintStream(new StrayOutput(Charset.defaultCharset()), true, Charset.defaultCharset());
    System.setErr(stray);
    // The JSON lines go to file descriptor 1 as UTF-8, whatever the platform's encoding.
    OutputStream protocolOut = new FileOutputStream(FileDescriptor.out);
    CliContext context = new CliContext(
        System.in,
        stdout,
        stderr,
        protocolOut,
        () -> {
          stdout.flush();
          System.setOut(stray);
        },
        Main::promptForPassword,
        CliContext.Engine.HARBOR_JIB,
        CliContext.SystemProperties.JVM,
        Clock.systemUTC(),
        Runtime.getRuntime()::addShutdownHook);
    int status = new Cli(context).run(args);
    stdout.flush();
    stderr.flush();
    // Jib's executor threads must not keep the JVM alive after the result is out.
    System.exit(status);
  }

  private static Optional<char[]> promptForPassword(String message) {
    Console console = System.console();
    return console == null ? Optional.empty() : Optional.ofNullable(console.readPassword("%s", message));
  }
}
