package io.jenkins.plugins.harborjib.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertificateExpiredException;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class TestCaTest {
  private final TestCa ca = TestCa.create();

  @Test
  void issuesAServerCertificateForLocalhostAndTheLoopbackAddress() throws Exception {
    IssuedCertificate server = ca.issueServerCertificate();

    server.certificate().checkValidity();
    server.certificate().verify(ca.certificate().getPublicKey());
    assertThat(server.certificate().getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(List.of(2, "localhost"), List.of(7, "127.0.0.1"));
    assertThat(server.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(server.certificate().getBasicConstraints()).isEqualTo(-1);
    assertThat(ca.certificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void issuesAnExpiredCertificateForBadTlsTests() {
    assertThatThrownBy(() -> ca.issueExpiredServerCertificate().certificate().checkValidity())
        .isInstanceOf(CertificateExpiredException.class);
  }

  @Test
  void keepsThePrivateKeyOutOfToString() {
    IssuedCertificate server = ca.issueServerCertificate();
    assertThat(server.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(server.toString()).doesNotContain("PRIVATE").contains("CN=localhost");
  }

  @Test
  void aClientTrustingTheCaRejectsAnExpiredServerCertificate() {
    try (TestRegistry registry = TestRegistry.builder().https(ca, ca.issueExpiredServerCertificate()).build()) {
      registry.start();
      assertThatThrownBy(() -> Http.to(registry).get(registry.url() + "/v2/"))
          .isInstanceOf(SSLHandshakeException.class)
          .hasRootCauseInstanceOf(CertificateExpiredException.class);
    }
  }

  @Test
  void aClientTrustingTheCaRejectsACertificateForAnotherHost() {
    try (TestRegistry registry = TestRegistry.builder().https(ca, ca.issueServerCertificateForWrongHost()).build()) {
      registry.start();
      assertThatThrownBy(() -> Http.to(registry).get(registry.url() + "/v2/"))
          .isInstanceOf(SSLHandshakeException.class)
          .hasStackTraceContaining("No subject alternative names matching IP address 127.0.0.1");
    }
  }
}
