package io.jenkins.plugins.harborjib.engine.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import io.jenkins.plugins.harborjib.testkit.TestCa;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The warm-up of Jib's HTTP stack asks the registry one {@code GET /v2/} over HTTPS, with the trust installed for
 * Jib, and sends no credentials; what it gets back is not used.
 */
class JibWarmUpTest {
  private final TestCa ca = TestCa.create();
  private HttpsServer registry;

  @AfterEach
  void stop() {
    if (registry != null) {
      registry.stop(0);
    }
    JibProcessSettings.resetForTests();
  }

  @Test
  void asksTheRegistryOneUnauthenticatedPing() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    registry = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    registry.setHttpsConfigurator(new HttpsConfigurator(ca.issueServerCertificate().serverSslContext()));
    registry.createContext("/", x -> {
      seen.add(x.getRequestMethod() + " " + x.getRequestURI() + " authorization="
          + x.getRequestHeaders().containsKey("Authorization"));
      x.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"registry\"");
      x.sendResponseHeaders(401, -1);
      x.close();
    });
    registry.start();
    JibProcessSettings.installTrust(TlsSettings.withCaPem(ca.caPem()));

    Thread warmUp = JibWarmUp.start("127.0.0.1:" + registry.getAddress().getPort(), Duration.ofSeconds(10));
    warmUp.join(Duration.ofSeconds(20).toMillis());

    assertThat(warmUp.isAlive()).isFalse();
    assertThat(seen).containsExactly("GET /v2/ authorization=false");
  }

  @Test
  void anUnreachableRegistryKeepsNoProcessAlive() {
    // Jib retries a refused connection for about a minute; the push's own checks report it at once.
    Thread warmUp = JibWarmUp.start("127.0.0.1:9", Duration.ofSeconds(5));
    assertThat(warmUp.isDaemon()).isTrue();
  }

}
