package io.jenkins.plugins.harborjib.engine.push;

import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.http.Request;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;

/**
 * Readies Jib's HTTP stack while the checks run, when Jib has to wait for them (see {@code PushRun.checkAndPush}):
 * one {@code GET /v2/} of the target registry, without credentials, through Jib's own client. In a fresh JVM (a pod
 * agent, an empty cache) Jib's first request otherwise costs about 0.3 s of class loading and TLS set-up after the
 * checks, on one core; here it is paid beside them, on the other. The answer is not used: the checks judge the
 * registry, and any failure here is theirs to report.
 */
final class JibWarmUp {
  private JibWarmUp() {}

  /**
   * Starts the warm-up on a daemon thread: HTTPS only, with the trust the caller installed for Jib
   * ({@link JibProcessSettings#installTrust}), no plain-HTTP fallback (with the insecure switch there is no warm-up:
   * the checks and Jib run in turn).
   */
  static Thread start(String registry, Duration timeout) {
    Thread thread = new Thread(() -> {
      try {
        FailoverHttpClient http = new FailoverHttpClient(false, false, event -> { });
        try {
          http.get(new URL("https://" + registry + "/v2/"), Request.builder().setUserAgent("harbor-jib")
              .setHttpTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis())).build()).close();
        } finally {
          http.shutDown();
        }
      } catch (IOException | RuntimeException e) {
        // a 401 is the usual answer; anything else shows up in the checks
      }
    }, "harbor-jib-warm-up");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
