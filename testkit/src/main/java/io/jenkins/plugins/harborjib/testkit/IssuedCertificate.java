package io.jenkins.plugins.harborjib.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** A certificate issued by a {@link TestCa}, with its private key. {@link #toString()} shows no key. */
public final class IssuedCertificate {
  private final X509Certificate certificate;
  private final PrivateKey privateKey;
  private final X509Certificate issuer;

  IssuedCertificate(X509Certificate certificate, PrivateKey privateKey, X509Certificate issuer) {
    this.certificate = certificate;
    this.privateKey = privateKey;
    this.issuer = issuer;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  /** The certificate alone, as PEM text. */
  public String certificatePem() {
    return TestCa.pem(certificate);
  }

  /** The certificate followed by its issuing CA, as PEM text (what a TLS server sends). */
  public String chainPem() {
    return certificatePem() + TestCa.pem(issuer);
  }

  /** The private key as unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
  public String privateKeyPem() {
    try {
      return TestCa.pem(new JcaPKCS8Generator(privateKey, null).generate());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A TLS context that serves this certificate and its chain, e.g. for a {@code com.sun.net.httpserver.HttpsServer}. */
  public SSLContext serverSslContext() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("server", privateKey, new char[0], new Certificate[] {certificate, issuer});
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, new char[0]);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot make a TLS context of " + this, e);
    }
  }

  /** Writes {@link #chainPem()} to {@code file}; returns it. */
  public Path writeChain(Path file) {
    try {
      return Files.writeString(file, chainPem(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the private key to a new {@code file} readable by its owner only; returns it. */
  public Path writePrivateKey(Path file) {
    try {
      Files.deleteIfExists(file);
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      return Files.writeString(file, privateKeyPem(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "IssuedCertificate{" + certificate.getSubjectX500Principal().getName() + ", notAfter="
        + certificate.getNotAfter().toInstant() + "}";
  }
}
