package io.jenkins.plugins.harborjib.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import io.jenkins.plugins.harborjib.engine.tls.TrustMaterial;
import io.jenkins.plugins.harborjib.testkit.TestCa;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The checks' one HTTP client follows redirects by hand: a hop within the registry keeps its authorization, a hop to
 * the registry's storage elsewhere (distribution and Harbor with S3 or GCS storage answer a blob's {@code GET} with a
 * 307 to a signed URL: distribution's {@code registry/storage/driver/s3-aws} {@code RedirectURL}) does not get it.
 * An HTTPS stand-in of both on loopback, with a test CA's certificate.
 */
class RegistryClientRedirectTest {
  private static final String CONFIG = "{\"config\":{\"Labels\":{\"org.opencontainers.image.title\":\"jre\"}}}";

  private final List<String> registryAuth = new CopyOnWriteArrayList<>();
  private final List<String> storageAuth = new CopyOnWriteArrayList<>();
  private final TestCa ca = TestCa.create();
  private HttpsServer registry;
  private HttpsServer storage;
  private String configDigest;

  @BeforeEach
  void start() throws Exception {
    configDigest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(CONFIG.getBytes(StandardCharsets.UTF_8)));
    SSLContext tls = ca.issueServerCertificate().serverSslContext();
    storage = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    storage.setHttpsConfigurator(new HttpsConfigurator(tls));
    storage.createContext("/", x -> {
      storageAuth.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
      answer(x, 200, CONFIG, Map.of());
    });
    storage.start();
    registry = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    registry.setHttpsConfigurator(new HttpsConfigurator(tls));
    registry.createContext("/", x -> {
      String auth = x.getRequestHeaders().getFirst("Authorization");
      String path = x.getRequestURI().getPath();
      registryAuth.add(path + " " + (auth != null));
      if (auth == null) {
        answer(x, 401, "", Map.of("WWW-Authenticate", "Basic realm=\"registry\""));
      } else if (path.equals("/v2/")) {
        answer(x, 200, "{}", Map.of());
      } else if (path.equals("/v2/base/jre/manifests/17")) {
        answer(x, 307, "", Map.of("Location", "/v2/base/jre/manifests/moved"));
      } else if (path.equals("/v2/base/jre/manifests/moved")) {
        answer(x, 200, "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"digest\":\"" + configDigest + "\",\"size\":" + CONFIG.length() + "},\"layers\":[]}",
            Map.of("Content-Type", "application/vnd.oci.image.manifest.v1+json"));
      } else if (path.startsWith("/v2/base/jre/blobs/")) {
        answer(x, 307, "", Map.of("Location", "https://127.0.0.1:" + storage.getAddress().getPort()
            + "/bucket/blob?X-Amz-Signature=abc"));
      } else if (path.equals("/v2/base/loop/manifests/17")) {
        answer(x, 302, "", Map.of("Location", "/v2/base/loop/manifests/17"));
      } else {
        answer(x, 404, "", Map.of());
      }
    });
    registry.start();
  }

  @AfterEach
  void stop() {
    registry.stop(0);
    storage.stop(0);
  }

  @Test
  void aHopWithinTheRegistryKeepsTheAuthorizationAndAHopToStorageDropsIt() throws Exception {
    try (RegistryClient client = client()) {
      ManifestInfo manifest = client.manifest("base/jre", "17").orElseThrow();
      assertThat(manifest.configDigest()).contains(configDigest);
      assertThat(registryAuth).contains("/v2/base/jre/manifests/17 true", "/v2/base/jre/manifests/moved true");

      assertThat(client.configLabels("base/jre", manifest))
          .containsEntry("org.opencontainers.image.title", "jre");
      assertThat(storageAuth).as("Authorization headers the storage received").containsExactly("null");
    }
  }

  @Test
  void endlessRedirectsEndAfterFiveHops() throws Exception {
    try (RegistryClient client = client()) {
      assertThatThrownBy(() -> client.manifest("base/loop", "17")).isInstanceOf(PushException.class)
          .hasMessageContaining("HTTP 302");
      assertThat(registryAuth.stream().filter(r -> r.startsWith("/v2/base/loop/"))).hasSize(6);
    }
  }

  private RegistryClient client() throws PushException {
    TlsSettings trust = TlsSettings.withCaPem(ca.caPem());
    return new RegistryClient("127.0.0.1:" + registry.getAddress().getPort(), "the base image's registry",
        TrustMaterial.sslContext(trust), false, trust,
        Optional.of(Credentials.of("robot$app+ci", "secret".toCharArray())), Duration.ofSeconds(10));
  }

  private static void answer(HttpExchange x, int status, String body, Map<String, String> headers)
      throws IOException {
    headers.forEach((k, v) -> x.getResponseHeaders().add(k, v));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      x.getResponseBody().write(bytes);
    }
    x.close();
  }
}
