package io.jenkins.plugins.harborjib.cli;

import io.jenkins.plugins.harborjib.protocol.LineJson;
import io.jenkins.plugins.harborjib.protocol.ProtocolLine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Starts the shaded CLI jar as a child process the way the Jenkins plugin does ({@code java -jar <jar> ...}, the
 * request written to standard input, which is then closed, standard output read line by line while it runs) and
 * stops it by its own handle.
 */
final class CliProcess implements AutoCloseable {
  private final Process process;
  private final Path stderrFile;
  private final Thread reader;
  private final List<String> stdout = new ArrayList<>();
  private final long start = System.nanoTime();

  private CliProcess(List<String> jvmOptions, byte[] stdin, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    stderrFile = Files.createTempFile("harbor-jib-cli-stderr", ".txt");
    process = new ProcessBuilder(command).redirectError(stderrFile.toFile()).start();
    reader = new Thread(this::readStdout, "cli-stdout");
    reader.start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(stdin);
    } catch (IOException e) {
      // The CLI may exit before reading everything (e.g. bad arguments): its output says why.
    }
  }

  /** What one run of the CLI left. */
  record Run(int exitCode, List<String> stdoutLines, String stderr, Duration took) {
    String stdout() {
      return String.join("\n", stdoutLines);
    }

    /** Standard output as protocol lines; fails if any line is not one. */
    List<ProtocolLine> lines() {
      return stdoutLines.stream().map(LineJson::read).toList();
    }

    ProtocolLine last() {
      List<ProtocolLine> lines = lines();
      if (lines.isEmpty()) {
        throw new AssertionError("no output; exit code " + exitCode + "; stderr:\n" + stderr);
      }
      return lines.get(lines.size() - 1);
    }

    /** Everything the process printed, for "never prints the password" checks. */
    String everything() {
      return stdout() + "\n" + stderr;
    }

    @Override
    public String toString() {
      return "exit code " + exitCode + " after " + took.toMillis() + " ms\n--- stdout\n" + stdout() + "\n--- stderr\n"
          + stderr;
    }
  }

  /** The shaded jar: from failsafe's system property, else the one in {@code target/}. */
  static Path jar() {
    String property = System.getProperty("harborjib.cli.jar");
    if (property != null && Files.isRegularFile(Path.of(property))) {
      return Path.of(property);
    }
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files.filter(p -> p.getFileName().toString().matches("harbor-jib-cli-.*-all\\.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("No target/harbor-jib-cli-*-all.jar: run `mvn -pl cli "
              + "verify` (the jar is built in the package phase, before these tests)"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts {@code java -jar <jar> args...} with {@code stdin} as its standard input, already closed. */
  static CliProcess start(byte[] stdin, String... args) {
    try {
      return new CliProcess(List.of(), stdin, args);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code java -jar <jar> args...} to its end. */
  static Run run(byte[] stdin, Duration timeout, String... args) {
    try (CliProcess p = start(stdin, args)) {
      return p.await(timeout);
    }
  }

  private void readStdout() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        synchronized (stdout) {
          stdout.add(line);
          stdout.notifyAll();
        }
      }
    } catch (IOException e) {
      synchronized (stdout) {
        stdout.add("<<reading stdout failed: " + e + ">>");
      }
    }
  }

  /** Waits until a line of standard output matches. */
  String awaitLine(Predicate<String> matches, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (stdout) {
      while (true) {
        for (String line : stdout) {
          if (matches.test(line)) {
            return line;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !process.isAlive() && !reader.isAlive()) {
          throw new AssertionError("no matching line within " + timeout + "; stdout so far:\n"
              + String.join("\n", stdout));
        }
        stdout.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
  }

  /**
   * Sends SIGTERM (what a Jenkins abort does to the child) through the process handle: {@link Process#destroy()}
   * would also close our end of its standard output, and the last line would be lost.
   */
  void terminate() {
    process.toHandle().destroy();
  }

  /** Waits for the end and returns what the process left; kills it if it overstays. */
  Run await(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        reader.join(5_000);
        throw new AssertionError("the CLI did not finish within " + timeout + "; stdout so far:\n"
            + String.join("\n", snapshot()) + "\nstderr:\n" + Files.readString(stderrFile));
      }
      reader.join(10_000);
      return new Run(process.exitValue(), snapshot(), Files.readString(stderrFile),
          Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private List<String> snapshot() {
    synchronized (stdout) {
      return List.copyOf(stdout);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
    try {
      Files.deleteIfExists(stderrFile);
    } catch (IOException ignored) {
      // a temp file
    }
  }
}
