package io.jenkins.plugins.harborjib.bridge.agent;

import io.jenkins.plugins.harborjib.bridge.PushOutcome;
import io.jenkins.plugins.harborjib.bridge.log.EventFormatter;
import io.jenkins.plugins.harborjib.protocol.ExitCode;
import io.jenkins.plugins.harborjib.protocol.Protocol;
import io.jenkins.plugins.harborjib.protocol.Verbosity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * One push in its own JVM on the agent (DESIGN.md): starts {@code <java.home>/bin/java -Xmx... -jar
 * harbor-jib-engine.jar push --protocol json} in the workspace, writes the request (credentials included) to its
 * standard input and closes it, turns the JSON lines on its standard output into build-log lines for the sink, and
 * returns the outcome from the last line and the exit status.
 *
 * <p>Nothing secret goes on the command line or into the environment: the child gets only the variables in
 * {@link #KEPT_ENVIRONMENT} from the agent (so {@code JAVA_TOOL_OPTIONS} and the like cannot change it) and only
 * non-secret {@code -D} properties (a proxy's host and port; its password travels in the request). Every line it prints
 * passes through a {@link SecretMasker} anyway.
 *
 * <p>When the calling thread is interrupted (the build was aborted), the child and all its descendants are stopped
 * ({@code SIGTERM}, then {@code SIGKILL} after {@link Builder#stopTimeout}), a line says so, and {@link #run} throws
 * {@link InterruptedException}.
 */
public final class EngineProcess {
  /** The child's heap limit unless told otherwise. */
  public static final String DEFAULT_MAX_HEAP = Protocol.DEFAULT_MAX_HEAP;

  /**
   * The agent's environment variables the child keeps: what a JVM needs to find its files, temp folder, locale and
   * time zone, on Unix and Windows. Everything else is dropped.
   */
  public static final Set<String> KEPT_ENVIRONMENT = Set.of("PATH", "HOME", "USER", "LOGNAME", "TMPDIR", "TMP",
      "TEMP", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "SYSTEMROOT", "WINDIR", "COMSPEC", "PATHEXT", "USERPROFILE",
      "LOCALAPPDATA", "APPDATA", "HOMEDRIVE", "HOMEPATH");

  private static final Pattern PROPERTY_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern SECRET_WORD = Pattern.compile("(?i).*(password|passwd|secret|token|credential).*");
  private static final Pattern HEAP = Pattern.compile("[1-9][0-9]*[kKmMgG]?");
  private static final int STDERR_TAIL = 10;
  /** The first JDK with {@code -XX:+AutoCreateSharedArchive}. */
  private static final int AUTO_ARCHIVE_SINCE = 19;
  /** The first JDK that writes an archive of the application's classes at exit ({@code -XX:ArchiveClassesAtExit}). */
  private static final int DYNAMIC_ARCHIVE_SINCE = 13;

  /**
   * Keeps JEP 471/498's {@code sun.misc.Unsafe} warnings (which JDK 24+ prints when the engine's libraries use its
   * memory-access methods) out of the build log. JDK 23 added the option; older JVMs refuse to start with it.
   */
  static final String ALLOW_UNSAFE = "--sun-misc-unsafe-memory-access=allow";

  /**
   * The serial collector with a 12 MB young generation, and no performance-data file. The engine's live heap stays
   * near 10 MB (Jib streams layers through files: {@code HeapLimitIT}), so G1's own structures (about 40 MB at
   * {@code -Xmx512m}, read with {@code -XX:NativeMemoryTracking}) and its large young generation only add resident
   * memory: a cold push of a 67 MB Spring Boot jar peaked at 138 MB against 161 MB with G1, in 16 young collections
   * of 78 ms in all against G1's 9 of 236 ms (docs/performance.md). {@code -XX:-UsePerfData}: no
   * {@code hsperfdata} file in the temporary folder, which a killed engine would leave behind.
   */
  static final List<String> MEMORY = List.of("-XX:+UseSerialGC", "-Xmn12m", "-XX:-UsePerfData");

  /**
   * The optimizing compiler (C2) only for code ten times hotter than the JVM's default thresholds: hashing and
   * compressing layers still reach it, the rest of a push (start-up, the HTTP and TLS code, JSON) stays with the quick
   * compiler (C1). A push is a short-lived JVM on an agent that often has two cores, where C2's compilations of code
   * that runs a few thousand times compete with the push for them. Measured with {@code scripts/benchmark.sh}
   * (docs/performance.md): about 10 % less wall time on small pushes and re-pushes, 5 % on a cold 67 MB push. C1 alone
   * ({@code -XX:TieredStopAtLevel=1}) is faster still on re-pushes but 45 % slower on a cold push: SHA-256's
   * intrinsic is C2's. HotSpot flags: other JVMs ignore {@code -XX:} options they do not know.
   */
  static final List<String> COMPILER = List.of("-XX:Tier4InvocationThreshold=50000",
      "-XX:Tier4CompileThreshold=150000", "-XX:Tier4BackEdgeThreshold=400000");

  /** The smallest {@code -Xmx} that gets {@link #MEMORY}'s young generation (a smaller heap keeps the JVM's own). */
  static final long MEMORY_MIN_HEAP = 64L << 20;

  /** The first Java feature release that knows {@link #ALLOW_UNSAFE}. */
  static final int ALLOW_UNSAFE_SINCE = 23;

  private final Path javaExecutable;
  private final int javaFeature;
  private final Path engineJar;
  private final Path workingDirectory;
  private final String maxHeap;
  private final Map<String, String> systemProperties;
  private final Verbosity verbosity;
  private final Consumer<String> sink;
  private final Duration stopTimeout;
  private final boolean sharedArchive;
  /** The archive this push uses or writes: none on the first push with this jar (see {@link #sharedArchive}). */
  private final Optional<Path> archive;
  /** Where a JDK older than 19 writes the archive as it exits, when there is none yet: moved into place after. */
  private final Optional<Path> archiveDump;

  private EngineProcess(Builder b) {
    this.javaExecutable = b.javaExecutable;
    this.javaFeature = b.javaFeature;
    this.engineJar = b.engineJar;
    this.workingDirectory = b.workingDirectory;
    this.maxHeap = b.maxHeap;
    this.systemProperties = Map.copyOf(b.systemProperties);
    this.verbosity = b.verbosity;
    this.sink = b.sink;
    this.stopTimeout = b.stopTimeout;
    this.sharedArchive = b.sharedArchive;
    this.archive = sharedArchive().filter(a -> Files.isRegularFile(a) || Files.exists(pushedMarker()));
    this.archiveDump = archive.filter(a -> javaFeature < AUTO_ARCHIVE_SINCE && !Files.isRegularFile(a))
        .map(a -> a.resolveSibling(a.getFileName() + ".tmp-" + java.util.UUID.randomUUID()));
  }

  /**
   * An engine process for the jar, in the working directory (the workspace: the request's relative paths are
   * resolved there), started with this JVM's own {@code java}.
   */
  public static Builder builder(Path engineJar, Path workingDirectory) {
    return new Builder(engineJar, workingDirectory);
  }

  /**
   * The command line: java, heap, {@link #MEMORY}, {@link #COMPILER}, (on Java 23+) {@link #ALLOW_UNSAFE}, the
   * class-data archive (see {@link #sharedArchive}), non-secret properties, the jar, and the CLI's program-mode
   * arguments.
   */
  public List<String> command() {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable.toString());
    command.add("-Xmx" + maxHeap);
    if (bytes(maxHeap) >= MEMORY_MIN_HEAP) {
      command.addAll(MEMORY);
    }
    command.addAll(COMPILER);
    if (javaFeature >= ALLOW_UNSAFE_SINCE) {
      command.add(ALLOW_UNSAFE);
    }
    archive.ifPresent(archive -> {
      if (javaFeature >= AUTO_ARCHIVE_SINCE) {
        command.add("-XX:SharedArchiveFile=" + archive);
        command.add("-XX:+AutoCreateSharedArchive");
      } else if (archiveDump.isPresent()) {
        command.add("-XX:ArchiveClassesAtExit=" + archiveDump.get());
      } else {
        command.add("-XX:SharedArchiveFile=" + archive);
      }
      // The JVM prints its warnings (a stale or unwritable archive among them) on standard output, which carries
      // the protocol: they go to standard error, and the archive's own notes nowhere.
      command.add("-Xlog:disable");
      command.add("-Xlog:all=warning:stderr");
      command.add("-Xlog:cds*=off:stderr");
    });
    systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-jar");
    command.add(engineJar.toString());
    command.addAll(Protocol.arguments());
    return command;
  }

  /** {@code 512m} in bytes. */
  private static long bytes(String heap) {
    char unit = Character.toLowerCase(heap.charAt(heap.length() - 1));
    int shift = switch (unit) {
      case 'k' -> 10;
      case 'm' -> 20;
      case 'g' -> 30;
      default -> 0;
    };
    String digits = shift == 0 ? heap : heap.substring(0, heap.length() - 1);
    try {
      return Long.parseLong(digits) << shift;
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * The class-data-sharing archive of the engine's classes, next to the engine jar (one folder per jar version) and
   * named after the JVM, when the child runs on this JVM's own Java: the second push with the jar writes it as it
   * exits (about 1 s more, once), later pushes load the engine's classes from it, already verified, and start faster (a no-change re-push of the
   * sample app took a median of 1.47 s with it against 2.33 s without, JDK 17, 5 interleaved runs on a loaded
   * 2-core machine). JDK 19 and later write and check it themselves ({@code -XX:+AutoCreateSharedArchive}: a stale
   * or damaged one is written again); JDK 13 to 18 write it ({@code -XX:ArchiveClassesAtExit}) into a file of
   * this push's own that {@link #settleArchive} moves into place once the push succeeded, so concurrent first
   * pushes never share a half-written file. The first push with the jar leaves only a marker ({@code
   * harbor-jib-engine.pushed}): a Kubernetes pod agent, which gets a fresh copy of the jar and often pushes once,
   * never pays for an archive it would not use. Empty for another Java installation, whose version this JVM does
   * not know.
   */
  public Optional<Path> sharedArchive() {
    if (!sharedArchive || Runtime.version().feature() < DYNAMIC_ARCHIVE_SINCE
        || !javaExecutable.equals(Builder.javaOf(Path.of(System.getProperty("java.home"))))) {
      return Optional.empty();
    }
    String jvm = (System.getProperty("java.vm.vendor", "") + "-" + Runtime.version())
        .replaceAll("[^A-Za-z0-9.+-]+", "_");
    return Optional.of(engineJar.resolveSibling("harbor-jib-engine-" + jvm + ".jsa"));
  }

  private Path pushedMarker() {
    return engineJar.resolveSibling("harbor-jib-engine.pushed");
  }

  /**
   * After the engine exited: a successful push marks the jar as used (the next push writes the archive); the archive
   * a JDK 13 to 18 wrote as it exited is moved into place when the push succeeded, else deleted. For programs that
   * run {@link #command()} themselves; {@link #run} calls it.
   */
  public void settleArchive(int exitStatus) {
    if (exitStatus == 0 && sharedArchive().isPresent() && !Files.exists(pushedMarker())) {
      try {
        Files.createFile(pushedMarker());
      } catch (IOException e) {
        // another push marked it, or the folder is read-only: no archive then
      }
    }
    if (archiveDump.isEmpty() || !Files.exists(archiveDump.get())) {
      return;
    }
    Path dump = archiveDump.get();
    try {
      if (exitStatus == 0 && Files.size(dump) > 0) {
        Files.move(dump, sharedArchive().orElseThrow(), StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      // another push's archive is in place (or the folder is read-only): this one is not needed
    } finally {
      try {
        Files.deleteIfExists(dump);
      } catch (IOException e) {
        // removed with the engine's folder when the plugin is updated
      }
    }
  }

  /** The child's environment: the {@link #KEPT_ENVIRONMENT} variables of {@code inherited}, nothing added. */
  public static Map<String, String> childEnvironment(Map<String, String> inherited) {
    Map<String, String> env = new LinkedHashMap<>();
    inherited.forEach((k, v) -> {
      if (KEPT_ENVIRONMENT.contains(k.toUpperCase(Locale.ROOT))) {
        env.put(k, v);
      }
    });
    return env;
  }

  /**
   * Runs the push.
   *
   * @param request the request JSON, credentials included; read, not kept, not changed (the caller wipes it)
   * @return the outcome; a failure when the engine could not start or ended without a result
   * @throws InterruptedException when the thread was interrupted; the child and its descendants are stopped then
   */
  public PushOutcome run(char[] request) throws InterruptedException {
    try (SecretMasker masker = SecretMasker.fromRequest(request)) {
      return run(request, masker);
    }
  }

  private PushOutcome run(char[] request, SecretMasker masker) throws InterruptedException {
    if (!Files.isRegularFile(engineJar)) {
      return PushOutcome.failure("INTERNAL", "the engine jar " + engineJar + " is missing on this agent",
          ExitCode.INTERNAL.code());
    }
    ProcessBuilder pb = new ProcessBuilder(command()).directory(workingDirectory.toFile());
    Map<String, String> env = pb.environment();
    Map<String, String> kept = childEnvironment(env);
    env.clear();
    env.putAll(kept);
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      return PushOutcome.failure("INTERNAL", "could not start the engine with " + javaExecutable + " in "
          + workingDirectory + ": " + e.getMessage(), ExitCode.INTERNAL.code());
    }
    EventFormatter formatter = new EventFormatter(verbosity);
    AtomicReference<String> finalLine = new AtomicReference<>();
    Deque<String> stderrTail = new ArrayDeque<>();
    Thread out = pump("harbor-jib engine stdout " + process.pid(), process.getInputStream(), line -> {
      String masked = masker.mask(line);
      if (EventFormatter.isFinal(masked)) {
        finalLine.set(masked);
      } else {
        formatter.format(masked).map(masker::mask).ifPresent(this::emit);
      }
    });
    Thread err = pump("harbor-jib engine stderr " + process.pid(), process.getErrorStream(), line -> {
      String masked = masker.mask(line);
      synchronized (stderrTail) {
        stderrTail.addLast(masked);
        if (stderrTail.size() > STDERR_TAIL) {
          stderrTail.removeFirst();
        }
      }
      emit(EventFormatter.PREFIX + "engine: " + masked);
    });
    try {
      try (Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
        in.write(request);
      } catch (IOException e) {
        // The engine stopped reading (it failed early): its own output says why.
      }
      int exit = process.waitFor();
      settleArchive(exit);
      join(out, process.getInputStream());
      join(err, process.getErrorStream());
      String last = finalLine.get();
      if (last == null) {
        String tail;
        synchronized (stderrTail) {
          tail = String.join(" | ", stderrTail);
        }
        return PushOutcome.failure("INTERNAL", "the engine exited with status " + exit + describe(exit)
            + " without reporting a result" + (tail.isEmpty() ? "" : "; its last words: " + tail), exit);
      }
      try {
        return PushOutcome.fromLine(last, exit);
      } catch (IllegalArgumentException e) {
        return PushOutcome.failure("INTERNAL", "the engine's last line is not JSON (exit status " + exit + ")", exit);
      }
    } catch (InterruptedException e) {
      int stopped = stop(process, stopTimeout);
      settleArchive(-1);
      try {
        // The engine answers SIGTERM with a last CANCELLED line saying what may have reached the registry.
        join(out, process.getInputStream());
      } catch (InterruptedException again) {
        Thread.currentThread().interrupt();
      }
      String last = finalLine.get();
      if (last != null) {
        try {
          formatter.summary(PushOutcome.fromLine(last, -1), "").forEach(this::emit);
        } catch (IllegalArgumentException ignored) {
          // not JSON: nothing to add
        }
      }
      emit(EventFormatter.PREFIX + "cancelled: stopped the engine (pid " + process.pid() + ")"
          + (stopped > 0 ? " and " + stopped + " process" + (stopped == 1 ? "" : "es") + " it started" : ""));
      out.interrupt();
      err.interrupt();
      throw e;
    }
  }

  /**
   * Stops a process and every descendant: {@code ProcessHandle.destroy()} (SIGTERM) for all, then
   * {@code destroyForcibly()} (SIGKILL) for those still alive after {@code timeout}. Descendants are collected before
   * the parent goes, since they are re-parented once it has.
   *
   * @return how many descendants there were
   */
  public static int stop(Process process, Duration timeout) {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    // Through the handle: Process.destroy() would also close our end of its pipes, losing its last line.
    process.toHandle().destroy();
    tree.forEach(ProcessHandle::destroy);
    tree.addAll(process.descendants().toList()); // any started meanwhile
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean interrupted = false;
    while (System.nanoTime() < deadline && (process.isAlive() || tree.stream().anyMatch(ProcessHandle::isAlive))) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        interrupted = true; // asked again: stop waiting, kill
        break;
      }
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    if (process.isAlive()) {
      process.toHandle().destroyForcibly();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return (int) tree.stream().map(ProcessHandle::pid).distinct().count();
  }

  private void emit(String line) {
    synchronized (sink) {
      sink.accept(line);
    }
  }

  private static Thread pump(String name, InputStream stream, Consumer<String> onLine) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          onLine.accept(line);
        }
      } catch (IOException e) {
        // the stream was closed: the process is gone
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void join(Thread pump, InputStream stream) throws InterruptedException {
    pump.join(10_000);
    if (pump.isAlive()) {
      // A grandchild may hold the pipe open after the engine exited; stop reading it.
      try {
        stream.close();
      } catch (IOException ignored) {
        // nothing more to read
      }
      pump.join(1_000);
    }
  }

  private static String describe(int exit) {
    return switch (exit) {
      case 137 -> " (killed: SIGKILL, often the kernel's out-of-memory killer; give the agent more memory)";
      case 143 -> " (terminated: SIGTERM)";
      default -> ExitCode.fromCode(exit).map(c -> " (" + c.name() + ")").orElse("");
    };
  }

  /** Builder for {@link EngineProcess}. */
  public static final class Builder {
    private final Path engineJar;
    private final Path workingDirectory;
    private Path javaExecutable = javaOf(Path.of(System.getProperty("java.home")));
    private int javaFeature = Runtime.version().feature();
    private String maxHeap = DEFAULT_MAX_HEAP;
    private final Map<String, String> systemProperties = new LinkedHashMap<>();
    private Verbosity verbosity = Verbosity.NORMAL;
    private Consumer<String> sink = line -> {};
    private Duration stopTimeout = Duration.ofSeconds(10);
    private boolean sharedArchive = true;

    private Builder(Path engineJar, Path workingDirectory) {
      this.engineJar = Objects.requireNonNull(engineJar, "engineJar");
      this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
    }

    /**
     * Another Java installation than this JVM's ({@code <javaHome>/bin/java}); its version is read from its
     * {@code release} file (unknown: treated as older than any option this class adds).
     */
    public Builder javaHome(Path javaHome) {
      this.javaExecutable = javaOf(javaHome);
      this.javaFeature = featureOf(javaHome);
      return this;
    }

    /** The child's {@code -Xmx}, e.g. {@code 512m} or {@code 1g}. */
    public Builder maxHeap(String maxHeap) {
      if (maxHeap == null || !HEAP.matcher(maxHeap).matches()) {
        throw new IllegalArgumentException("maximum heap '" + maxHeap + "' is not a size like 512m or 1g");
      }
      this.maxHeap = maxHeap;
      return this;
    }

    /**
     * A {@code -D} property for the child, e.g. {@code https.proxyHost}. Refused when its name suggests a secret:
     * secrets go in the request, never on a command line that process listings show.
     */
    public Builder systemProperty(String name, String value) {
      if (name == null || !PROPERTY_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("not a system property name: " + name);
      }
      if (SECRET_WORD.matcher(name).matches()) {
        throw new IllegalArgumentException("system property " + name + " looks like a secret: secrets go in the"
            + " request on standard input, never on the command line");
      }
      if (value == null || value.contains("\n") || value.contains("\r")) {
        throw new IllegalArgumentException("system property " + name + " has no value or a line break");
      }
      systemProperties.put(name, value);
      return this;
    }

    public Builder systemProperties(Map<String, String> properties) {
      properties.forEach(this::systemProperty);
      return this;
    }

    /** Which events reach the sink; warnings and the outcome always do. */
    public Builder verbosity(Verbosity verbosity) {
      this.verbosity = Objects.requireNonNull(verbosity, "verbosity");
      return this;
    }

    /** Where the log lines go (the build log); called from the threads that read the child's output, one at a time. */
    public Builder sink(Consumer<String> sink) {
      this.sink = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /** How long a stopped child may take to exit before it is killed. */
    public Builder stopTimeout(Duration stopTimeout) {
      this.stopTimeout = Objects.requireNonNull(stopTimeout, "stopTimeout");
      return this;
    }

    /** Whether the child uses a class-data archive next to the jar (on by default; see {@link #sharedArchive()}). */
    public Builder sharedArchive(boolean sharedArchive) {
      this.sharedArchive = sharedArchive;
      return this;
    }

    public EngineProcess build() {
      return new EngineProcess(this);
    }

    /** The feature release in {@code <javaHome>/release} ({@code JAVA_VERSION="17.0.15"}: 17), 0 when unknown. */
    static int featureOf(Path javaHome) {
      try {
        for (String line : Files.readAllLines(javaHome.resolve("release"), StandardCharsets.UTF_8)) {
          if (line.startsWith("JAVA_VERSION=")) {
            return Runtime.Version.parse(line.substring("JAVA_VERSION=".length()).replace("\"", "").trim())
                .feature();
          }
        }
      } catch (IOException | IllegalArgumentException e) {
        // no release file, or an unreadable version: unknown
      }
      return 0;
    }

    private static Path javaOf(Path javaHome) {
      boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
      return javaHome.resolve("bin").resolve(windows ? "java.exe" : "java");
    }
  }
}
