package io.jenkins.plugins.harborjib.engine.push;

import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import io.jenkins.plugins.harborjib.engine.tls.TrustMaterial;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The JVM-wide settings Jib reads: its TLS trust (the default {@link SSLContext}), whether credentials may go over
 * plain HTTP, and its HTTP timeout. Jib offers no per-request way to set them, which is why a push runs in a
 * process of its own (the CLI) and why this class refuses to give one process two different trusts.
 */
final class JibProcessSettings {
  private static final Object LOCK = new Object();
  private static Optional<String> installedCa;

  private JibProcessSettings() {}

  /** Makes Jib trust the JVM's CAs plus {@code tls}'s extra CA, for the rest of this process. */
  static void installTrust(TlsSettings tls) throws PushException {
    synchronized (LOCK) {
      Optional<String> wanted = tls.caCertificatesPem().map(String::trim);
      if (installedCa == null) {
        installedCa = Optional.empty();
      }
      if (wanted.equals(installedCa)) {
        return;
      }
      if (installedCa.isPresent()) {
        throw new PushException(ErrorKind.INTERNAL, "This process already trusts another CA certificate for Jib;"
            + " a push with its own CA needs a process of its own (the harbor-jib CLI starts one per push)");
      }
      SSLContext context = TrustMaterial.sslContext(tls.withInsecure(false));
      SSLContext.setDefault(context);
      installedCa = wanted;
    }
  }

  /** Lets Jib send credentials to a plain-HTTP registry; only ever called when the insecure switch is on. */
  static void allowCredentialsOverHttp() {
    System.setProperty("sendCredentialsOverHttp", "true");
  }

  /** Jib's connect and read timeout. */
  static void httpTimeout(Duration timeout) {
    System.setProperty("jib.httpTimeout", Long.toString(timeout.toMillis()));
  }

  /** For tests: restores the JVM's own default trust (a new context of the JVM's default kind). */
  static void resetForTests() {
    synchronized (LOCK) {
      if (installedCa != null && installedCa.isPresent()) {
        try {
          SSLContext.setDefault(SSLContext.getInstance("Default"));
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException("This JVM has no default TLS context", e);
        }
      }
      installedCa = null;
    }
  }
}
