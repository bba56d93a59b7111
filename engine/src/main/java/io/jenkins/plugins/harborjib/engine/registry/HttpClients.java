package io.jenkins.plugins.harborjib.engine.registry;

import java.net.http.HttpClient;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ends a {@link HttpClient} at once. Its selector thread otherwise waits in {@code epoll_wait} until the client is
 * garbage-collected, and a JVM that exits while a thread is in native code waits about 0.3 s for it (JDK 17's
 * {@code VM_Exit}). JDK 21 and later have {@code shutdownNow()}; before that, interrupting the client's selector
 * thread ends it (its loop stops on an interrupt).
 */
public final class HttpClients {
  /** {@code HttpClientImpl@1b2c3d(7)}: the client's id, which names its selector thread. */
  private static final Pattern ID = Pattern.compile("\\((\\d+)\\)$");

  private HttpClients() {}

  /** Stops the client's threads; requests still running fail. Safe to call twice. */
  public static void close(HttpClient http) {
    try {
      HttpClient.class.getMethod("shutdownNow").invoke(http);
      return;
    } catch (NoSuchMethodException e) {
      // JDK 17 to 20: no close, see below
    } catch (ReflectiveOperationException | RuntimeException e) {
      return;
    }
    Matcher m = ID.matcher(http.toString());
    if (!m.find()) {
      return;
    }
    String name = "HttpClient-" + m.group(1) + "-SelectorManager";
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] threads = new Thread[root.activeCount() + 16];
    int n = root.enumerate(threads, true);
    for (int i = 0; i < n; i++) {
      if (threads[i].getName().equals(name)) {
        threads[i].interrupt();
      }
    }
  }
}
