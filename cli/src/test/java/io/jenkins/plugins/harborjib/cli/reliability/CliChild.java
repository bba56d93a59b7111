package io.jenkins.plugins.harborjib.cli.reliability;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The shaded CLI jar as a child process, started the way the bridge's {@code EngineProcess} starts it: the agent's
 * {@code java} with a heap limit and only non-secret JVM options, an environment reduced to what a JVM needs, the
 * request on standard input (then closed), JSON lines read from standard output while it runs. Exposes what the
 * tests check from outside: the process id, its command line and environment as the kernel shows them
 * ({@code /proc/<pid>/cmdline}, {@code environ}), SIGTERM, and its descendants.
 */
final class CliChild implements AutoCloseable {
  /** The variables the bridge keeps from the agent's environment (EngineProcess.KEPT_ENVIRONMENT, the Unix ones). */
  static final List<String> KEPT_ENVIRONMENT = List.of("PATH", "HOME", "USER", "LOGNAME", "TMPDIR", "LANG", "LC_ALL",
      "TZ");

  private final Process process;
  private final Path stderrFile;
  private final Thread reader;
  private final List<String> stdout = new ArrayList<>();
  private final long start = System.nanoTime();

  /** How to start a child. */
  static final class Spec {
    private final List<String> prefix = new ArrayList<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Path workingDirectory;
    private byte[] stdin = new byte[0];

    Spec() {
      System.getenv().forEach((k, v) -> {
        if (KEPT_ENVIRONMENT.contains(k)) {
          environment.put(k, v);
        }
      });
    }

    /** Runs the JVM as user {@code nobody} (through {@code setpriv}); the jar and the inputs must be readable. */
    Spec asNobody() {
      prefix.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
      environment.put("HOME", "/nonexistent");
      environment.put("USER", "nobody");
      return this;
    }

    Spec jvm(String... options) {
      jvmOptions.addAll(List.of(options));
      return this;
    }

    Spec env(String name, String value) {
      environment.put(name, value);
      return this;
    }

    Spec in(Path dir) {
      workingDirectory = dir;
      return this;
    }

    Spec stdin(byte[] bytes) {
      stdin = bytes.clone();
      return this;
    }

    Spec stdin(String text) {
      return stdin(text.getBytes(StandardCharsets.UTF_8));
    }

    CliChild start(String... args) {
      try {
        return new CliChild(this, args);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    Run run(Duration timeout, String... args) {
      try (CliChild child = start(args)) {
        return child.await(timeout);
      }
    }
  }

  static Spec spec() {
    return new Spec();
  }

  private CliChild(Spec spec, String... args) throws IOException {
    List<String> command = new ArrayList<>(spec.prefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(spec.jvmOptions);
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    stderrFile = Files.createTempFile("harbor-jib-reliability-stderr", ".txt");
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(stderrFile.toFile());
    pb.environment().clear();
    pb.environment().putAll(spec.environment);
    if (spec.workingDirectory != null) {
      pb.directory(spec.workingDirectory.toFile());
    }
    process = pb.start();
    reader = new Thread(this::readStdout, "cli-child-stdout-" + process.pid());
    reader.setDaemon(true);
    reader.start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(spec.stdin);
    } catch (IOException e) {
      // It may exit before reading all of it: its output says why.
    }
  }

  /** The shaded jar: from failsafe's system property, else the one in {@code target/}. */
  static Path jar() {
    String property = System.getProperty("harborjib.cli.jar");
    if (property != null && Files.isRegularFile(Path.of(property))) {
      return Path.of(property).toAbsolutePath();
    }
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files.filter(p -> p.getFileName().toString().matches("harbor-jib-cli-.*-all\\.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("No target/harbor-jib-cli-*-all.jar: run `mvn -pl cli "
              + "verify`")).toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a run left. */
  record Run(int exitCode, List<String> stdoutLines, String stderr, Duration took) {
    List<ProtocolLine> lines() {
      return stdoutLines.stream().map(LineJson::read).toList();
    }

    ProtocolLine last() {
      List<ProtocolLine> lines = lines();
      if (lines.isEmpty()) {
        throw new AssertionError("no output; " + this);
      }
      return lines.get(lines.size() - 1);
    }

    <T extends ProtocolLine> List<T> lines(Class<T> type) {
      return lines().stream().filter(type::isInstance).map(type::cast).toList();
    }

    String everything() {
      return String.join("\n", stdoutLines) + "\n" + stderr;
    }

    @Override
    public String toString() {
      return "exit code " + exitCode + " after " + took.toMillis() + " ms\n--- stdout\n"
          + String.join("\n", stdoutLines) + "\n--- stderr\n" + stderr;
    }
  }

  long pid() {
    return process.pid();
  }

  /**
   * The JVM's own process: with {@code setpriv} in front, the child of this process is setpriv, which execs java in
   * place, so it is the same process.
   */
  ProcessHandle handle() {
    return process.toHandle();
  }

  /** {@code /proc/<pid>/cmdline}: the arguments as every user of the machine can read them. */
  String cmdline() throws IOException {
    return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid()), "cmdline")), StandardCharsets.UTF_8)
        .replace('\0', ' ');
  }

  /** {@code /proc/<pid>/environ}: the environment the process started with. */
  String environ() throws IOException {
    return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid()), "environ")), StandardCharsets.UTF_8)
        .replace('\0', '\n');
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM through the handle (Process.destroy() would also close our end of its pipes). */
  void terminate() {
    process.toHandle().destroy();
  }

  /** Waits until a line of standard output matches; fails after {@code timeout}. */
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
        if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
          throw new AssertionError("no matching line within " + timeout + "; stdout so far:\n"
              + String.join("\n", stdout) + "\nstderr:\n" + stderrSoFar());
        }
        stdout.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
  }

  Optional<ProtocolLine> lastLine() {
    synchronized (stdout) {
      return stdout.isEmpty() ? Optional.empty() : Optional.of(LineJson.read(stdout.get(stdout.size() - 1)));
    }
  }

  /** Waits for the end; kills it if it overstays. */
  Run await(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        reader.join(5_000);
        throw new AssertionError("the CLI did not finish within " + timeout + "; stdout so far:\n"
            + String.join("\n", snapshot()) + "\nstderr:\n" + stderrSoFar());
      }
      reader.join(10_000);
      return new Run(process.exitValue(), snapshot(), stderrSoFar(), Duration.ofNanos(System.nanoTime() - start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private String stderrSoFar() {
    try {
      return Files.readString(stderrFile);
    } catch (IOException e) {
      return "<<" + e + ">>";
    }
  }

  private void readStdout() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        synchronized (stdout) {
          stdout.add(line);
          stdout.notifyAll();
        }
      }
    } catch (IOException e) {
      // the process went away
    } finally {
      synchronized (stdout) {
        stdout.notifyAll();
      }
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
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    try {
      Files.deleteIfExists(stderrFile);
    } catch (IOException ignored) {
      // a temp file
    }
  }
}
