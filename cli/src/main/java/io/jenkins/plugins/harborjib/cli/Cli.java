package io.jenkins.plugins.harborjib.cli;

import io.jenkins.plugins.harborjib.protocol.ExitCode;
import io.jenkins.plugins.harborjib.protocol.LineJson;
import io.jenkins.plugins.harborjib.protocol.ProtocolLine;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** The command line, wired to a {@link CliContext}: parses the arguments, runs the command, returns its exit code. */
final class Cli {
  private final CliContext context;

  Cli(CliContext context) {
    this.context = context;
  }

  /** Runs {@code harbor-jib args...} and returns the exit status. */
  int run(String... args) {
    try {
      if (isExactProgramMode(args)) {
        // The plugin's own call has no flag to parse: picocli's model of every push flag, built by reflection,
        // would cost more start-up time than the rest of the program mode.
        return new PushCommand(context).runJson(List.of());
      }
      return commandLine().execute(args);
    } finally {
      context.out().flush();
      context.err().flush();
    }
  }

  CommandLine commandLine() {
    CommandLine cl = new CommandLine(new HarborJibCommand());
    cl.addSubcommand("push", new PushCommand(context));
    cl.addSubcommand("help", new CommandLine.HelpCommand());
    // "@file" expansion would let an argument like @token read a file the user never meant as arguments.
    cl.setExpandAtFiles(false);
    cl.setOut(new PrintWriter(context.out(), true));
    cl.setErr(new PrintWriter(context.err(), true));
    cl.setParameterExceptionHandler(this::badArguments);
    cl.setExecutionExceptionHandler((e, command, parseResult) -> {
      throw e;
    });
    return cl;
  }

  /**
   * Bad arguments: a short message and where to find help for people, an error line for programs. Picocli's own
   * message would quote every unmatched argument, and one of them may be a password typed after a wrong flag.
   */
  private int badArguments(ParameterException e, String[] args) {
    String message = e instanceof UnmatchedArgumentException u ? unmatched(u) : e.getMessage();
    if (jsonRequested(args)) {
      context.divertStrayOutput().run();
      ProtocolLine line = new ProtocolLine.Failure(ErrorKind.INVALID_INPUT, Optional.of("arguments"),
          message + "; program mode is started with exactly: push --protocol json");
      try {
        context.protocolOut().write((LineJson.write(line) + "\n").getBytes(StandardCharsets.UTF_8));
        context.protocolOut().flush();
      } catch (IOException ignored) {
        // the reader went away
      }
    } else {
      PrintWriter err = e.getCommandLine().getErr();
      err.println("error: " + message);
      err.println("Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the flags.");
      err.flush();
    }
    return ExitCode.INVALID_INPUT.code();
  }

  private static String unmatched(UnmatchedArgumentException u) {
    List<String> unmatched = u.getUnmatched();
    List<String> options = unmatched.stream()
        .filter(a -> a.startsWith("-"))
        .map(a -> a.contains("=") ? a.substring(0, a.indexOf('=')) + "=..." : a)
        .collect(Collectors.toList());
    long others = unmatched.size() - options.size();
    StringBuilder m = new StringBuilder();
    if (!options.isEmpty()) {
      m.append("unknown option").append(options.size() > 1 ? "s " : " ").append(String.join(", ", options));
    }
    if (others > 0) {
      m.append(m.length() > 0 ? ", and " : "").append(others).append(" unexpected argument").append(others > 1 ? "s" : "")
          .append(" (not repeated here)");
    }
    List<String> suggestions = u.getSuggestions();
    if (!suggestions.isEmpty()) {
      m.append("; did you mean ").append(String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size()))))
          .append("?");
    }
    return m.toString();
  }

  /** Exactly {@code push --protocol json} (or {@code push --protocol=json}). */
  static boolean isExactProgramMode(String[] args) {
    return Arrays.equals(args, new String[] {"push", "--protocol", "json"})
        || Arrays.equals(args, new String[] {"push", "--protocol=json"});
  }

  static boolean jsonRequested(String[] args) {
    List<String> list = Arrays.asList(args);
    int i = list.indexOf("--protocol");
    return list.contains("--protocol=json") || (i >= 0 && i + 1 < list.size() && list.get(i + 1).equals("json"));
  }
}
