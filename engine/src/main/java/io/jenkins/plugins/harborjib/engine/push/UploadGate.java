package io.jenkins.plugins.harborjib.engine.push;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibEvent;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.event.events.ProgressEvent;
import io.jenkins.plugins.harborjib.engine.PushException;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Lets Jib read the base image's manifest, build and cache the application layers and ask for push access while the
 * checks before the push run, and holds it before any upload (and, when the checks may create the Harbor project,
 * before it asks for push access: the project must exist by then) until the checks have passed. Jib announces each
 * of those steps with a progress allocation: {@code authenticating push to ...}, {@code pushing ...}. When a check fails, Jib stops at
 * that point (or is stopped) and the check's failure is the push's, whatever Jib met meanwhile: the same error as
 * when the checks ran first.
 */
final class UploadGate implements Consumer<JibEvent> {
  private static final String BASE_DIGEST = "Using base image with digest: ";
  private static final String AUTHENTICATING = "authenticating push";
  private static final String PUSHING = "pushing ";
  /**
   * How long Jib gets to reach the gate by itself once a check failed, before it is interrupted: before the gate it
   * reads only the base image's manifest and configuration, which are small.
   */
  private static final long SETTLE_MILLIS = 500;
  /** How long an interrupted Jib gets to return before the failure is reported. */
  private static final long STOP_WAIT_MILLIS = 5_000;

  private final CompletableFuture<PushRun.Registries> checks = new CompletableFuture<>();
  private final CompletableFuture<Void> failed = new CompletableFuture<>();
  private final Runnable onOpen;
  private final String buildingOn;
  private final boolean holdAuthentication;
  private volatile String jibBaseDigest;
  private volatile boolean moved;

  /**
   * @param onOpen runs on the first upload, once the checks have passed
   * @param buildingOn the base image digest Jib was given, which the checks must find too
   * @param holdAuthentication hold Jib before it asks for push access too: when the checks may create the project
   */
  UploadGate(Runnable onOpen, String buildingOn, boolean holdAuthentication) {
    this.onOpen = onOpen;
    this.buildingOn = buildingOn;
    this.holdAuthentication = holdAuthentication;
  }

  void checksPassed(PushRun.Registries registries) {
    checks.complete(registries);
  }

  void checksFailed(PushException e) {
    checks.completeExceptionally(e);
    failed.complete(null);
  }

  /** The checks' result: waits for them; throws their failure. */
  PushRun.Registries awaitChecks() throws PushException {
    return PushRun.await(checks);
  }

  /** A check failed: that failure is the push's. */
  boolean checksFailed() {
    return failed.isDone();
  }

  /** Jib built on another base image than the checks found: its tag moved in between. */
  boolean baseImageMoved() {
    return moved;
  }

  @Override
  public void accept(JibEvent event) {
    if (event instanceof LogEvent log && log.getMessage().startsWith(BASE_DIGEST)) {
      jibBaseDigest = log.getMessage().substring(BASE_DIGEST.length()).trim();
    } else if (event instanceof ProgressEvent progress && held(progress.getAllocation().getDescription())) {
      PushRun.Registries registries;
      try {
        registries = checks.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Held("the push was stopped before its upload");
      } catch (ExecutionException e) {
        throw new Held("the checks before the push failed");
      }
      String read = jibBaseDigest != null ? jibBaseDigest : buildingOn;
      if (!read.equals(registries.baseDigest())) {
        moved = true;
        throw new Held("the base image's tag moved from " + registries.baseDigest() + " to " + read);
      }
      onOpen.run();
    }
  }

  private boolean held(String step) {
    return step.startsWith(PUSHING) || holdAuthentication && step.startsWith(AUTHENTICATING);
  }

  /** Jib's part of a push. */
  @FunctionalInterface
  interface JibCall {
    JibContainer call() throws InterruptedException, RegistryException, IOException,
        CacheDirectoryCreationException, ExecutionException;
  }

  /**
   * Runs Jib on its own thread. Returns its image; throws the checks' failure as soon as it is known (and stops
   * Jib), else Jib's own failure once the checks have passed.
   */
  JibContainer run(JibCall jib, ExecutorService executor) throws PushException, InterruptedException,
      RegistryException, IOException, CacheDirectoryCreationException, ExecutionException {
    CompletableFuture<JibContainer> result = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        result.complete(jib.call());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    }, "harbor-jib-jib");
    thread.setDaemon(true);
    thread.start();
    try {
      CompletableFuture.anyOf(result, failed).get();
    } catch (ExecutionException e) {
      // Jib failed: below
    } catch (InterruptedException e) {
      stop(executor, thread, result);
      throw e;
    }
    if (failed.isDone()) {
      stop(executor, thread, result);
      awaitChecks();
    }
    try {
      return result.get();
    } catch (ExecutionException e) {
      awaitChecks();
      Throwable cause = e.getCause();
      if (cause instanceof InterruptedException x) {
        throw x;
      } else if (cause instanceof RegistryException x) {
        throw x;
      } else if (cause instanceof IOException x) {
        throw x;
      } else if (cause instanceof CacheDirectoryCreationException x) {
        throw x;
      } else if (cause instanceof ExecutionException x) {
        throw x;
      } else if (cause instanceof RuntimeException x) {
        throw x;
      }
      throw (Error) cause;
    }
  }

  /**
   * Lets Jib end by itself (it holds at the gate, which now fails), so that no read of the registry is cut off in
   * the middle; interrupts it after {@link #SETTLE_MILLIS} (e.g. while it retries an untrusted connection).
   */
  private static void stop(ExecutorService executor, Thread thread, CompletableFuture<JibContainer> result) {
    if (!await(result, SETTLE_MILLIS)) {
      executor.shutdownNow();
      thread.interrupt();
      await(result, STOP_WAIT_MILLIS);
    }
  }

  private static boolean await(CompletableFuture<JibContainer> result, long millis) {
    try {
      result.get(millis, TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return true;
    } catch (TimeoutException e) {
      return false;
    }
  }

  /** Thrown into Jib's upload step to end it: the push does not go on. */
  private static final class Held extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Held(String why) {
      super(why, null, false, false);
    }
  }
}
