package io.jenkins.plugins.harborjib.engine.push;

import com.google.cloud.tools.jib.api.JibEvent;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.event.events.ProgressEvent;
import com.google.cloud.tools.jib.event.events.TimerEvent;
import io.jenkins.plugins.harborjib.engine.LayerStatus;
import io.jenkins.plugins.harborjib.engine.PushEvent;
import io.jenkins.plugins.harborjib.engine.PushListener;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Jib's events into {@link PushEvent}s and keeps, per blob, whether its bytes were uploaded, found in the
 * target repository, or mounted from the base image's repository.
 *
 * <p>Jib does not report blob outcomes directly; they follow from its timer, progress and log events, whose
 * wording is pinned by this class's tests against jib-core 0.28.1: {@code PushBlobStep} logs "Skipping push; BLOB
 * already exists on target registry", {@code RegistryClient.pushBlob} times "pushBlob POST <digest>" and, only
 * when bytes are sent, "pushBlob PATCH <digest>"; a POST without PATCH is a successful cross-repository mount.
 */
final class JibEventBridge implements Consumer<JibEvent> {
  private static final Pattern RETRY = Pattern.compile("(\\S+ \\S+) failed and will be retried");
  private static final Pattern NO_RETRY = Pattern.compile("(\\S+ \\S+) failed and will NOT be retried");
  private static final Pattern SKIPPED =
      Pattern.compile("Skipping push; BLOB already exists on target registry : digest: (sha256:[0-9a-f]{64})");
  private static final Pattern TIMER_BLOB = Pattern.compile("pushBlob (POST|PATCH|PUT) (sha256:[0-9a-f]{64})");
  private static final Pattern PUSHING_BLOB = Pattern.compile("pushing blob (sha256:[0-9a-f]{64})");
  private static final int PROGRESS_STEPS = 4;
  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");
  /**
   * The lines of the dump {@code RegistryEndpointCaller} logs as errors for every failed HTTP call, retried or not:
   * "I/O error for image [host/repository]:", then the exception's class and message indented by four spaces, and
   * on a broken pipe a line of advice. The outcome reaches people anyway, as a retry or as the push's error.
   */
  private static final Pattern IO_ERROR_DUMP =
      Pattern.compile("^(I/O error for image \\[|    |broken pipe: the server shut down the connection)");
  /**
   * {@code FailoverHttpClient}'s notes for every request to an insecure registry ("Cannot verify server at URL.
   * Attempting again with no TLS verification.", "Failed to connect to URL over HTTPS. Attempting again with HTTP.");
   * the push has warned once already that the registry is used insecurely.
   */
  private static final Pattern INSECURE_FAILOVER =
      Pattern.compile("^(Cannot verify server at \\S+\\. Attempting again with no TLS verification"
          + "|Failed to connect to \\S+ over HTTPS\\. Attempting again with HTTP)");

  private final PushListener listener;
  private final Map<String, Blob> blobs = new ConcurrentHashMap<>();
  private final Map<String, Integer> retries = new ConcurrentHashMap<>();

  JibEventBridge(PushListener listener) {
    this.listener = listener;
  }

  private static final class Blob {
    volatile boolean posted;
    volatile boolean patched;
    volatile boolean skipped;
    long size;
    long sent;
    int reportedSteps;
  }

  @Override
  public void accept(JibEvent event) {
    if (event instanceof LogEvent log) {
      onLog(log);
    } else if (event instanceof TimerEvent timer) {
      onTimer(timer);
    } else if (event instanceof ProgressEvent progress) {
      onProgress(progress);
    }
  }

  /** What happened to {@code digest}; empty when Jib never handled it (the registry had it already). */
  Optional<LayerStatus> statusOf(String digest) {
    Blob b = blobs.get(digest);
    if (b == null) {
      return Optional.empty();
    }
    if (b.patched) {
      return Optional.of(LayerStatus.UPLOADED);
    }
    if (b.posted && !b.skipped) {
      return Optional.of(LayerStatus.MOUNTED);
    }
    return Optional.of(LayerStatus.PRESENT);
  }

  /** How many retries Jib announced. */
  int retryCount() {
    return retries.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Jib's warning about a base image given by tag. */
  private static final String NOT_PINNED = "does not use a specific image digest";

  private void onLog(LogEvent log) {
    // Jib colours some warnings for terminals; a build log or a JSON line wants the words only.
    String message = ANSI.matcher(log.getMessage()).replaceAll("");
    Matcher m = RETRY.matcher(message);
    if (m.find()) {
      String request = withoutQuery(m.group(1));
      int attempt = retries.merge(request, 1, Integer::sum);
      listener.onEvent(new PushEvent.Retry(request, attempt, "the connection failed; Jib retries with backoff"));
      return;
    }
    m = NO_RETRY.matcher(message);
    if (m.find()) {
      // Not a warning of its own: the engine's retry (a Retry event) or the push's error says what came of it.
      listener.onEvent(new PushEvent.Debug(withoutQuery(m.group(1)) + " failed and Jib does not retry it"));
      return;
    }
    if (IO_ERROR_DUMP.matcher(message).find() || INSECURE_FAILOVER.matcher(message).find()) {
      listener.onEvent(new PushEvent.Debug("Jib: " + message.trim()));
      return;
    }
    if (message.contains(NOT_PINNED)) {
      // Jib reads the base image by tag while the checks run; the digest the checks found is compared with Jib's.
      listener.onEvent(new PushEvent.Debug(message.trim()));
      return;
    }
    m = SKIPPED.matcher(message);
    if (m.find()) {
      blob(m.group(1)).skipped = true;
      listener.onEvent(new PushEvent.Debug("blob " + m.group(1) + " is already in the target repository"));
      return;
    }
    switch (log.getLevel()) {
      case ERROR, WARN -> listener.onEvent(new PushEvent.Warning(message));
      case LIFECYCLE -> {
        if (!message.isBlank()) {
          listener.onEvent(new PushEvent.Info(message.trim()));
        }
      }
      default -> {
        if (!message.isBlank()) {
          listener.onEvent(new PushEvent.Debug(message.trim()));
        }
      }
    }
  }

  /** {@code PATCH http://host/v2/app/demo/blobs/uploads/<id>}: an upload URL without its long state query. */
  private static String withoutQuery(String request) {
    int q = request.indexOf('?');
    return q < 0 ? request : request.substring(0, q);
  }

  private void onTimer(TimerEvent timer) {
    Matcher m = TIMER_BLOB.matcher(timer.getDescription());
    if (!m.find()) {
      return;
    }
    Blob b = blob(m.group(2));
    switch (m.group(1)) {
      case "POST" -> b.posted = true;
      case "PATCH" -> b.patched = true;
      default -> { }
    }
  }

  private void onProgress(ProgressEvent progress) {
    Matcher m = PUSHING_BLOB.matcher(progress.getAllocation().getDescription());
    if (!m.matches()) {
      return;
    }
    Blob b = blob(m.group(1));
    PushEvent.UploadProgress report = null;
    synchronized (b) {
      b.size = progress.getAllocation().getAllocationUnits();
      b.sent += progress.getUnits();
      // Jib completes the allocation of a skipped blob too: only report blobs whose bytes are really sent.
      if (b.patched && b.size > 0) {
        int steps = (int) Math.min(PROGRESS_STEPS, b.sent * PROGRESS_STEPS / b.size);
        if (steps > b.reportedSteps) {
          b.reportedSteps = steps;
          report = new PushEvent.UploadProgress(m.group(1), Math.min(b.sent, b.size), b.size);
        }
      }
    }
    if (report != null) {
      listener.onEvent(report);
    }
  }

  private Blob blob(String digest) {
    return blobs.computeIfAbsent(digest, d -> new Blob());
  }
}
