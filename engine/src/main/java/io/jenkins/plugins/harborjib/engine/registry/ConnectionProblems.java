package io.jenkins.plugins.harborjib.engine.registry;

import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Turns a failure to talk to a registry into a message that says what is wrong and how to fix it. Never
 * includes request headers (they carry credentials).
 */
public final class ConnectionProblems {
  private ConnectionProblems() {}

  /** Describes {@code e}, a failure reaching {@code registry} for {@code purpose} (e.g. "the target registry"). */
  public static PushException describe(IOException e, String registry, String purpose, TlsSettings tls) {
    Throwable root = rootCause(e);
    String where = purpose + " " + registry;
    if (has(e, UnknownHostException.class) || has(e, java.nio.channels.UnresolvedAddressException.class)) {
      return new PushException(ErrorKind.NETWORK, "Cannot resolve the host of " + where + " ("
          + hostOf(registry) + "): check the name, and the DNS and proxy settings of the machine running the push", e);
    }
    if (has(e, CertificateExpiredException.class) || messageContains(e, "validity check failed")
        || has(e, CertificateNotYetValidException.class)) {
      return new PushException(ErrorKind.TLS, "The TLS certificate of " + where + " is expired or not yet valid ("
          + safeMessage(root) + "): renew the registry's certificate", e);
    }
    if (messageContains(e, "no subject alternative") || messageContains(e, "no name matching")) {
      return new PushException(ErrorKind.TLS, "The TLS certificate of " + where + " does not name the host "
          + hostOf(registry) + " (" + safeMessage(root) + "): address the registry by a name its certificate"
          + " lists, or reissue the certificate with that name", e);
    }
    if (has(e, CertPathBuilderException.class) || has(e, CertPathValidatorException.class)
        || messageContains(e, "PKIX path") || messageContains(e, "unable to find valid certification path")) {
      String extra = tls.caCertificatesPem().isPresent()
          ? " The CA certificate supplied (" + tls.caSource() + ") did not sign it either."
          : "";
      return new PushException(ErrorKind.TLS, "The TLS certificate of " + where + " is not trusted: it is not"
          + " signed by a CA this Java runtime trusts." + extra + " If the registry uses a private CA, supply that"
          + " CA's certificate in PEM form: --ca-file on the command line, \"tls.caPem\" or \"tls.caFile\" in a"
          + " JSON request, or the Harbor server's CA certificate setting in Jenkins.", e);
    }
    if (e instanceof SSLException || has(e, SSLException.class)) {
      if (messageContains(e, "unrecognized ssl message") || messageContains(e, "plaintext connection")) {
        return new PushException(ErrorKind.TLS, where + " does not speak HTTPS (it answered in plain HTTP):"
            + " enable TLS on the registry, or, for a test registry only, turn the insecure switch on", e);
      }
      return new PushException(ErrorKind.TLS, "The TLS handshake with " + where + " failed ("
          + safeMessage(root) + "): check the registry's TLS setup and the CA certificate", e);
    }
    if (has(e, HttpTimeoutException.class) || has(e, SocketTimeoutException.class)) {
      return new PushException(ErrorKind.NETWORK, where + " did not answer in time (" + safeMessage(root)
          + "): check that the registry is up and reachable from this machine (firewall, proxy), or raise the"
          + " HTTP timeout", e);
    }
    if (has(e, ConnectException.class) || has(e, NoRouteToHostException.class)) {
      return new PushException(ErrorKind.NETWORK, "Nothing accepts connections at " + where + " ("
          + safeMessage(root) + "): check the host and port, and that the registry is running", e);
    }
    if (e instanceof InterruptedIOException) {
      return new PushException(ErrorKind.CANCELLED, "Interrupted while talking to " + where, e);
    }
    return new PushException(ErrorKind.NETWORK, "Could not talk to " + where + ": " + safeMessage(root), e);
  }

  static String hostOf(String registry) {
    if (registry.startsWith("[")) {
      return registry.substring(0, registry.indexOf(']') + 1);
    }
    int colon = registry.indexOf(':');
    return colon < 0 ? registry : registry.substring(0, colon);
  }

  static Throwable rootCause(Throwable t) {
    Throwable r = t;
    while (r.getCause() != null && r.getCause() != r) {
      r = r.getCause();
    }
    return r;
  }

  private static String safeMessage(Throwable t) {
    String m = t.getMessage();
    return (m == null || m.isBlank()) ? t.getClass().getSimpleName() : m;
  }

  private static boolean has(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  private static boolean messageContains(Throwable t, String text) {
    String needle = text.toLowerCase(Locale.ROOT);
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c.getMessage() != null && c.getMessage().toLowerCase(Locale.ROOT).contains(needle)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code e} says the server talks plain HTTP on a TLS connection. */
  static boolean isPlainHttpAnswer(IOException e) {
    return has(e, SSLException.class)
        && (messageContains(e, "unrecognized ssl message") || messageContains(e, "plaintext connection"));
  }
}
