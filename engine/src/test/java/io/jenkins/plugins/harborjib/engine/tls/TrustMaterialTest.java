package io.jenkins.plugins.harborjib.engine.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import io.jenkins.plugins.harborjib.testkit.IssuedCertificate;
import io.jenkins.plugins.harborjib.testkit.TestCa;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trust built from {@link TlsSettings} for one client, against real TLS servers on loopback. */
class TrustMaterialTest {
  private static final TestCa CA = TestCa.create();

  @TempDir Path tmp;

  private HttpsServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void trustsTheExtraCaAndStillTheJvmDefaults() throws Exception {
    String url = serve(CA.issueServerCertificate());
    SSLContext context = TrustMaterial.sslContext(TlsSettings.withCaPem(CA.caPem()));

    assertThat(get(url, context)).isEqualTo(200);
    assertThat(TrustMaterial.trustStore(TlsSettings.withCaPem(CA.caPem())).size())
        .isGreaterThan(TrustMaterial.trustStore(TlsSettings.DEFAULT).size());
    assertThat(TrustMaterial.trustStore(TlsSettings.DEFAULT).size()).isGreaterThan(10);
  }

  @Test
  void theSameSettingsShareOneContextAndOtherSettingsGetTheirOwn() throws Exception {
    TlsSettings ours = TlsSettings.withCaPem(CA.caPem());
    SSLContext first = TrustMaterial.sslContext(ours);

    assertThat(TrustMaterial.sslContext(TlsSettings.withCaPem(CA.caPem()))).isSameAs(first);
    assertThat(TrustMaterial.sslContext(ours.withInsecure(true))).isNotSameAs(first);
    assertThat(TrustMaterial.sslContext(TlsSettings.withCaPem(TestCa.create("other CA").caPem())))
        .isNotSameAs(first);
    assertThat(get(serve(CA.issueServerCertificate()), TrustMaterial.sslContext(ours))).isEqualTo(200);
  }

  @Test
  void doesNotTrustAServerOfAnotherCa() throws Exception {
    String url = serve(CA.issueServerCertificate());
    SSLContext other = TrustMaterial.sslContext(TlsSettings.withCaPem(TestCa.create("other CA").caPem()));

    assertThatThrownBy(() -> get(url, other)).isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void checksTheHostNameUnlessInsecure() throws Exception {
    String url = serve(CA.issueServerCertificateForWrongHost());

    assertThatThrownBy(() -> get(url, TrustMaterial.sslContext(TlsSettings.withCaPem(CA.caPem()))))
        .isInstanceOf(SSLHandshakeException.class);
    assertThat(get(url, TrustMaterial.sslContext(TlsSettings.DEFAULT.withInsecure(true)))).isEqualTo(200);
  }

  @Test
  void insecureTrustsAnyCertificateForThisClientOnly() throws Exception {
    String url = serve(TestCa.create("unknown CA").issueServerCertificate());
    SSLContext before = SSLContext.getDefault();

    assertThat(get(url, TrustMaterial.sslContext(TlsSettings.DEFAULT.withInsecure(true)))).isEqualTo(200);
    assertThat(SSLContext.getDefault()).isSameAs(before);
    assertThatThrownBy(() -> get(url, SSLContext.getDefault())).isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void readsEveryCertificateOfABundleFromAFile() throws Exception {
    Path bundle = Files.writeString(tmp.resolve("bundle.pem"), "intro text\n" + TestCa.create("one").caPem()
        + CA.caPem());

    assertThat(TrustMaterial.parseCertificates(Files.readString(bundle), bundle.toString())).hasSize(2);
    assertThat(get(serve(CA.issueServerCertificate()), TrustMaterial.sslContext(TlsSettings.withCaFile(bundle))))
        .isEqualTo(200);
  }

  @Test
  void saysWhereTheBadPemCameFromAndHowToFixIt() throws Exception {
    Path file = Files.writeString(tmp.resolve("harbor-ca.pem"), "this is not a certificate");

    assertThatThrownBy(() -> TrustMaterial.sslContext(TlsSettings.withCaFile(file)))
        .isInstanceOfSatisfying(PushException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
          assertThat(e.field()).contains("caCertificate");
          assertThat(e.getMessage()).contains(file.toString(), "no PEM certificate", "in PEM form");
        });
  }

  @Test
  void refusesAPrivateKeyGivenInsteadOfACertificateWithoutEchoingIt() {
    String key = CA.issueServerCertificate().privateKeyPem();

    assertThatThrownBy(() -> TrustMaterial.sslContext(TlsSettings.withCaPem(key)))
        .isInstanceOfSatisfying(PushException.class, e -> assertThat(e.getMessage())
            .contains("holds a private key but no certificate", "the CA certificate given in the request")
            .doesNotContain(key.lines().skip(1).findFirst().orElseThrow()));
  }

  @Test
  void namesTheBrokenCertificateOfABundle() {
    String broken = CA.caPem() + "-----BEGIN CERTIFICATE-----\nMIIBroken!!\n-----END CERTIFICATE-----\n";

    assertThatThrownBy(() -> TrustMaterial.parseCertificates(broken, "ca.pem"))
        .isInstanceOfSatisfying(PushException.class, e -> assertThat(e.getMessage())
            .contains("Certificate 2 in ca.pem"));
  }

  private String serve(IssuedCertificate certificate) throws Exception {
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverSslContext()));
    server.createContext("/", ex -> {
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    server.start();
    return "https://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  private static int get(String url, SSLContext context) throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
    return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
