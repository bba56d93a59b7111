package io.jenkins.plugins.harborjib;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.TaskListener;
import hudson.remoting.RemoteInputStream;
import io.jenkins.plugins.harborjib.bridge.PushOutcome;
import io.jenkins.plugins.harborjib.bridge.SettingsCheck;
import io.jenkins.plugins.harborjib.bridge.agent.EngineJarCache;
import io.jenkins.plugins.harborjib.bridge.agent.EngineProcess;
import io.jenkins.plugins.harborjib.protocol.ExitCode;
import io.jenkins.plugins.harborjib.protocol.Verbosity;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jenkins.security.MasterToSlaveCallable;

/**
 * What runs on the agent that holds the workspace: four callables that only wrap the bridge. Only JDK types cross the
 * channel (JEP-200): paths and hashes as Strings, the request as a {@code char[]}, the outcome as a JSON String; the
 * jar's bytes as a remoting stream; the build log through the listener.
 */
final class AgentCalls {
  private AgentCalls() {}

  /** The cached engine jar's path on the agent, or {@code null} when it must be copied first. */
  static final class FindEngine extends MasterToSlaveCallable<String, IOException> {
    private static final long serialVersionUID = 1L;
    private final String folder;
    private final String sha256;

    FindEngine(String folder, String sha256) {
      this.folder = folder;
      this.sha256 = sha256;
    }

    @Override
    @CheckForNull
    public String call() throws IOException {
      return new EngineJarCache(Path.of(folder)).find(sha256).map(Path::toString).orElse(null);
    }
  }

  /** Copies the engine jar to the agent's cache (verified by its hash, moved into place atomically). */
  static final class InstallEngine extends MasterToSlaveCallable<String, IOException> {
    private static final long serialVersionUID = 1L;
    private final String folder;
    private final String sha256;
    private final RemoteInputStream jar;

    InstallEngine(String folder, String sha256, InputStream jar) {
      this.folder = folder;
      this.sha256 = sha256;
      this.jar = new RemoteInputStream(jar, RemoteInputStream.Flag.GREEDY);
    }

    @Override
    public String call() throws IOException {
      try (InputStream in = jar) {
        return new EngineJarCache(Path.of(folder)).install(in, sha256).toString();
      }
    }
  }

  /** An engine run in this JVM: the thread that waits for it, and a latch opened when that call has ended. */
  private record Running(Thread thread, CountDownLatch ended) {}

  /** The engine runs of this JVM, by the id the controller gave the push. */
  private static final Map<String, Running> RUNNING = new ConcurrentHashMap<>();

  /** Ids of pushes stopped before their engine started. */
  private static final Set<String> STOPPED_EARLY = ConcurrentHashMap.newKeySet();

  /** How long {@link StopEngine} waits for a stopped engine's last words: its stop timeout and some. */
  static final long STOP_WAIT_MILLIS = 30_000;

  /** Runs the engine as a child of the agent's JVM, with the request on its standard input. */
  static final class RunEngine extends MasterToSlaveCallable<String, IOException> {
    private static final long serialVersionUID = 1L;
    private final String id;
    private final String engineJar;
    private final String workspace;
    private final char[] request;
    private final HashMap<String, String> systemProperties;
    private final String verbosity;
    private final String maxHeap;
    private final TaskListener listener;

    RunEngine(String id, String engineJar, String workspace, char[] request, Map<String, String> systemProperties,
        String verbosity, String maxHeap, TaskListener listener) {
      this.id = id;
      this.engineJar = engineJar;
      this.workspace = workspace;
      this.request = request;
      this.systemProperties = new HashMap<>(systemProperties);
      this.verbosity = verbosity;
      this.maxHeap = maxHeap;
      this.listener = listener;
    }

    @Override
    public String call() throws IOException {
      PrintStream log = listener.getLogger();
      Optional<Verbosity> level = SettingsCheck.verbosityOf(verbosity);
      Running running = new Running(Thread.currentThread(), new CountDownLatch(1));
      RUNNING.put(id, running);
      try {
        if (STOPPED_EARLY.remove(id)) {
          throw new InterruptedException();
        }
        return EngineProcess.builder(Path.of(engineJar), Path.of(workspace))
            .maxHeap(maxHeap)
            .systemProperties(systemProperties)
            .verbosity(level.orElse(Verbosity.NORMAL))
            .sink(log::println)
            .build()
            .run(request)
            .toJson();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return PushOutcome.failure("CANCELLED", Messages.HarborPusher_Cancelled(), ExitCode.CANCELLED.code())
            .toJson();
      } finally {
        Arrays.fill(request, '\0');
        log.flush(); // the last lines travel ahead of the answer
        RUNNING.remove(id);
        running.ended().countDown();
      }
    }
  }

  /**
   * Stops the engine of a push (as an abort of the remote call does) and waits until its thread has ended, so that
   * the engine's last lines (what may already be in Harbor) are in the log when this returns. Answers whether the
   * engine is done.
   */
  static final class StopEngine extends MasterToSlaveCallable<Boolean, InterruptedException> {
    private static final long serialVersionUID = 1L;
    private final String id;

    StopEngine(String id) {
      this.id = id;
    }

    @Override
    public Boolean call() throws InterruptedException {
      Running engine = RUNNING.get(id);
      if (engine == null) {
        STOPPED_EARLY.add(id);
        return true;
      }
      engine.thread().interrupt();
      return engine.ended().await(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }
  }
}
