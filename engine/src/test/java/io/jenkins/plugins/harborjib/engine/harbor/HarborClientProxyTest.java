package io.jenkins.plugins.harborjib.engine.harbor;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Harbor client through an authenticating HTTP proxy: the proxy, and only the proxy, gets its credentials. */
class HarborClientProxyTest {
  private static final String PROXY_USER = "proxy-user";
  private static final String PROXY_PASSWORD = "Pr0xy-Passw0rd";

  private HttpServer proxy;
  private final List<String> proxyAuthorizations = new CopyOnWriteArrayList<>();
  private final List<String> requestLines = new CopyOnWriteArrayList<>();

  @BeforeEach
  void proxyThatWantsBasicCredentials() throws Exception {
    proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    proxy.createContext("/", exchange -> {
      requestLines.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
      String auth = exchange.getRequestHeaders().getFirst("Proxy-Authorization");
      if (auth == null) {
        exchange.getResponseHeaders().set("Proxy-Authenticate", "Basic realm=\"proxy\"");
        exchange.sendResponseHeaders(407, -1);
      } else {
        proxyAuthorizations.add(auth);
        byte[] body = "Pong".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
    proxy.start();
  }

  @AfterEach
  void stop() {
    proxy.stop(0);
  }

  @Test
  void givesTheProxyItsCredentialsWhenItAsks() throws Exception {
    InetSocketAddress address = proxy.getAddress();
    ProxySelector selector = new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        return List.of(new Proxy(Proxy.Type.HTTP, address));
      }

      @Override
      public void connectFailed(URI uri, SocketAddress sa, java.io.IOException e) {}
    };
    HarborClient client = HarborClient.builder(URI.create("http://harbor.example.com"))
        .tls(TlsSettings.DEFAULT.withInsecure(true))
        .proxy(selector)
        .proxyCredentials(Credentials.of(PROXY_USER, PROXY_PASSWORD.toCharArray()))
        .build();

    assertThat(client.ping()).isEqualTo("Pong");

    assertThat(requestLines).allSatisfy(l -> assertThat(l).startsWith("GET http://harbor.example.com/api/v2.0/ping"));
    assertThat(proxyAuthorizations).containsExactly("Basic " + Base64.getEncoder()
        .encodeToString((PROXY_USER + ":" + PROXY_PASSWORD).getBytes(StandardCharsets.UTF_8)));
  }
}
