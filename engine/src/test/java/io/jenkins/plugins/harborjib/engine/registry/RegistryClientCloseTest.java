package io.jenkins.plugins.harborjib.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.engine.TlsSettings;
import io.jenkins.plugins.harborjib.engine.tls.TrustMaterial;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A closed client leaves no HTTP selector thread behind: a JVM that exits while one waits in {@code epoll_wait}
 * waits about 0.3 s for it, on every push.
 */
class RegistryClientCloseTest {
  @Test
  void closingTheClientEndsEverySelectorThreadItStarted() throws Exception {
    Set<String> before = selectorThreads();
    RegistryClient client = new RegistryClient("127.0.0.1:9", "the target registry",
        TrustMaterial.sslContext(TlsSettings.DEFAULT), false, TlsSettings.DEFAULT, Optional.empty(),
        Duration.ofSeconds(5));
    Set<String> started = selectorThreads();
    started.removeAll(before);
    assertThat(started).as("selector threads of the client's HTTP clients").isNotEmpty();

    client.close();

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    Set<String> left = selectorThreads();
    left.retainAll(started);
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
      left = selectorThreads();
      left.retainAll(started);
    }
    assertThat(left).as("selector threads still running after close()").isEmpty();
  }

  private static Set<String> selectorThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(n -> n.matches("HttpClient-\\d+-SelectorManager")).collect(Collectors.toSet());
  }
}
