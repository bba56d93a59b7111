package io.jenkins.plugins.harborjib.testkit;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made for one test run (EC P-256, in memory), and the certificates it issues: a valid
 * server certificate for {@code localhost} and {@code 127.0.0.1}, an expired one, one for another host, and a
 * signing certificate (for a token service). Uses only the JDK's own security providers.
 */
public final class TestCa {
  /** The host name that {@link #issueServerCertificateForWrongHost()} is issued for. */
  public static final String WRONG_HOST = "wrong-host.invalid";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyPair keyPair;
  private final X509Certificate certificate;

  private TestCa(KeyPair keyPair, X509Certificate certificate) {
    this.keyPair = keyPair;
    this.certificate = certificate;
  }

  /** A new CA named {@code harbor-jib test CA}, valid from an hour ago for two days. */
  public static TestCa create() {
    return create("harbor-jib test CA");
  }

  /** A new CA with that common name. */
  public static TestCa create(String commonName) {
    KeyPair keyPair = newKeyPair();
    X500Name name = new X500Name("CN=" + commonName);
    Instant now = Instant.now();
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), name,
          keyPair.getPublic());
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          utils.createSubjectKeyIdentifier(keyPair.getPublic()));
      return new TestCa(keyPair, sign(builder, keyPair.getPrivate()));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("Cannot create a test CA", e);
    }
  }

  /** The CA certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The CA certificate as PEM text. */
  public String caPem() {
    return pem(certificate);
  }

  /**
   * Writes the CA certificate as {@code ca.crt} into {@code dir} (created if needed), the layout skopeo's
   * {@code --cert-dir} and Docker's {@code certs.d} expect; returns {@code dir}.
   */
  public Path writeCertDir(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("ca.crt"), caPem(), StandardCharsets.US_ASCII);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An in-memory trust store that holds only this CA. */
  public KeyStore trustStore() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("harbor-jib-test-ca", certificate);
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("Cannot make a trust store", e);
    }
  }

  /** A TLS context that trusts this CA only, for test HTTP clients. */
  public SSLContext sslContext() {
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trustStore());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot make a TLS context", e);
    }
  }

  /** A server certificate for {@code localhost} and {@code 127.0.0.1}, valid now, with EKU serverAuth. */
  public IssuedCertificate issueServerCertificate() {
    Instant now = Instant.now();
    return issueServerCertificate(List.of("localhost"), List.of("127.0.0.1"), now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofDays(1)));
  }

  /** A server certificate for {@code localhost} and {@code 127.0.0.1} that expired yesterday. */
  public IssuedCertificate issueExpiredServerCertificate() {
    Instant now = Instant.now();
    return issueServerCertificate(List.of("localhost"), List.of("127.0.0.1"), now.minus(Duration.ofDays(3)),
        now.minus(Duration.ofDays(1)));
  }

  /** A valid server certificate for {@link #WRONG_HOST} only: a client of 127.0.0.1 must reject it. */
  public IssuedCertificate issueServerCertificateForWrongHost() {
    Instant now = Instant.now();
    return issueServerCertificate(List.of(WRONG_HOST), List.of(), now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofDays(1)));
  }

  /** A server certificate with exactly these subject alternative names and validity. */
  public IssuedCertificate issueServerCertificate(List<String> dnsNames, List<String> ipAddresses,
      Instant notBefore, Instant notAfter) {
    List<GeneralName> names = new ArrayList<>();
    dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
    ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
    String commonName = dnsNames.isEmpty() ? ipAddresses.get(0) : dnsNames.get(0);
    return issue(commonName, notBefore, notAfter, names, KeyPurposeId.id_kp_serverAuth);
  }

  /** A certificate for signing (for example a token service's JWTs), valid now, issued by this CA. */
  public IssuedCertificate issueSigningCertificate(String commonName) {
    Instant now = Instant.now();
    return issue(commonName, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), List.of(), null);
  }

  private IssuedCertificate issue(String commonName, Instant notBefore, Instant notAfter, List<GeneralName> names,
      KeyPurposeId purpose) {
    KeyPair leaf = newKeyPair();
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
          Date.from(notBefore), Date.from(notAfter), new X500Name("CN=" + commonName), leaf.getPublic());
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      if (purpose != null) {
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      }
      if (!names.isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(names.toArray(GeneralName[]::new)));
      }
      builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(leaf.getPublic()));
      builder.addExtension(Extension.authorityKeyIdentifier, false,
          utils.createAuthorityKeyIdentifier(certificate));
      return new IssuedCertificate(sign(builder, keyPair.getPrivate()), leaf.getPrivate(), certificate);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("Cannot issue a certificate for " + commonName, e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot make an EC key pair", e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(63, RANDOM).add(BigInteger.ONE);
  }

  static String pem(Object object) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  @Override
  public String toString() {
    return "TestCa{" + certificate.getSubjectX500Principal().getName() + "}";
  }
}
