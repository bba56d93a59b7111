package io.jenkins.plugins.harborjib.engine.tls;

import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Turns {@link TlsSettings} into trust for one client: the JVM's default CAs plus the extra PEM certificates, or, when
 * insecure, trust in any certificate and any host name. Nothing JVM-wide is changed. The contexts of the last few
 * settings are kept: a push's checks, its Harbor client and Jib share one context (and its TLS sessions) instead of
 * each copying the JVM's 140-odd CA certificates into a trust store of its own again (about 100 ms of CPU, context
 * included, in a fresh JVM).
 */
public final class TrustMaterial {
  private static final Pattern PEM_BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

  /** How many contexts are kept: a push needs two at most (its checks', and Jib's, which is never insecure). */
  private static final int KEPT = 4;

  private static final Map<TlsSettings, SSLContext> CONTEXTS = new LinkedHashMap<>();

  private TrustMaterial() {}

  /**
   * An {@link SSLContext} that trusts what {@code tls} says.
   *
   * @throws PushException of kind INVALID_INPUT, field {@code caCertificate}, when the PEM text cannot be read
   */
  public static SSLContext sslContext(TlsSettings tls) throws PushException {
    synchronized (CONTEXTS) {
      SSLContext kept = CONTEXTS.get(tls);
      if (kept != null) {
        return kept;
      }
      TrustManager trustManager = tls.insecure() ? new TrustAll() : trustManager(tls);
      try {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustManager}, new SecureRandom());
        if (CONTEXTS.size() >= KEPT) {
          CONTEXTS.remove(CONTEXTS.keySet().iterator().next());
        }
        CONTEXTS.put(tls, context);
        return context;
      } catch (GeneralSecurityException e) {
        throw new PushException(
            ErrorKind.INTERNAL, "This JVM cannot create a TLS context: " + e, e);
      }
    }
  }

  /**
   * A trust manager for the JVM's default CAs plus the extra certificates of {@code tls} (its insecure switch is not
   * looked at). It checks host names when used by an HTTPS client.
   */
  public static X509TrustManager trustManager(TlsSettings tls) throws PushException {
    try {
      return pkixTrustManager(trustStore(tls));
    } catch (GeneralSecurityException e) {
      throw new PushException(
          ErrorKind.INTERNAL, "This JVM cannot build a trust store: " + e, e);
    }
  }

  /**
   * A new in-memory key store holding the JVM's default CA certificates and the extra certificates of {@code tls},
   * for callers that need a {@link KeyStore} (e.g. to write a trust store file for a child process).
   */
  public static KeyStore trustStore(TlsSettings tls) throws PushException {
    List<X509Certificate> extra =
        tls.caCertificatesPem().isPresent() ? parseCertificates(tls.caCertificatesPem().get(), tls.caSource()) : List.of();
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int n = 0;
      for (X509Certificate ca : jvmDefaultTrustManager().getAcceptedIssuers()) {
        store.setCertificateEntry("jvm-" + n++, ca);
      }
      n = 0;
      for (X509Certificate ca : extra) {
        store.setCertificateEntry("extra-" + n++, ca);
      }
      return store;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new PushException(
          ErrorKind.INTERNAL, "This JVM cannot build a trust store: " + e, e);
    }
  }

  /**
   * The {@code CERTIFICATE} blocks of {@code pem}, in order.
   *
   * @param source where the text came from, named in the message when it cannot be read
   * @throws PushException of kind INVALID_INPUT, field {@code caCertificate}, naming the source and the fix
   */
  public static List<X509Certificate> parseCertificates(String pem, String source) throws PushException {
    String where = source.isBlank() ? "the CA certificate text" : source;
    Matcher m = PEM_BLOCK.matcher(pem);
    List<X509Certificate> certificates = new ArrayList<>();
    boolean sawPrivateKey = false;
    CertificateFactory factory;
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("X.509 is always available", e);
    }
    while (m.find()) {
      String type = m.group(1);
      if (type.contains("PRIVATE KEY")) {
        sawPrivateKey = true;
        continue;
      }
      if (!type.equals("CERTIFICATE") && !type.equals("TRUSTED CERTIFICATE")) {
        continue;
      }
      int index = certificates.size() + 1;
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(m.group(2).trim());
      } catch (IllegalArgumentException e) {
        throw PushException.invalid(
            "caCertificate",
            "Certificate " + index + " in " + where + " is not valid base64 (" + e.getMessage() + "). "
                + "Copy the whole PEM block again, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----, "
                + "without changing its lines.");
      }
      try {
        certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      } catch (CertificateException | ClassCastException e) {
        throw PushException.invalid(
            "caCertificate",
            "Certificate " + index + " in " + where + " is not an X.509 certificate (" + e.getMessage() + "). "
                + "Export the CA certificate again in PEM form, e.g. "
                + "'openssl x509 -in ca.crt -out ca.pem' (add '-inform der' for a binary .cer/.der file).");
      }
    }
    if (certificates.isEmpty()) {
      String problem = sawPrivateKey
          ? where + " holds a private key but no certificate: never give a private key; give the CA's certificate"
          : where + " holds no PEM certificate (no -----BEGIN CERTIFICATE----- block)";
      throw PushException.invalid(
          "caCertificate",
          problem + ". Give the certificate of the CA that signed the Harbor server's certificate, in PEM form "
              + "(Harbor offers it for download as ca.crt on a project's repository page, 'Registry Certificate').");
    }
    return List.copyOf(certificates);
  }

  private static X509TrustManager jvmDefaultTrustManager() throws GeneralSecurityException {
    // init(null) reads the JVM's configured default trust store (cacerts or javax.net.ssl.trustStore), read-only.
    return pkixTrustManager(null);
  }

  private static X509TrustManager pkixTrustManager(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager tm : factory.getTrustManagers()) {
      if (tm instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X509TrustManager from " + factory.getAlgorithm());
  }

  /**
   * Trusts every certificate and skips the host name check. An extended trust manager, so the JDK does not wrap it in
   * one that checks host names again.
   */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
