package io.jenkins.plugins.harborjib.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How registries are trusted: the JVM's default trust store plus, optionally, extra CA certificates (PEM) for a
 * private CA. {@code insecure} allows plain HTTP and unverified TLS for test registries; it is off by default and
 * announced loudly in the events when on.
 *
 * @param caCertificatesPem PEM text holding one or more {@code CERTIFICATE} blocks, trusted in addition to the
 *     JVM's defaults
 * @param caSource where the PEM came from (a file name or "request"), for messages
 * @param insecure allow plain HTTP and unverified TLS
 */
public record TlsSettings(Optional<String> caCertificatesPem, String caSource, boolean insecure) {
  /** The JVM's default trust, verified TLS only. */
  public static final TlsSettings DEFAULT = new TlsSettings(Optional.empty(), "", false);

  public TlsSettings {
    Objects.requireNonNull(caCertificatesPem, "caCertificatesPem");
    Objects.requireNonNull(caSource, "caSource");
  }

  /** Extra CA certificates given as PEM text. */
  public static TlsSettings withCaPem(String pem) {
    return new TlsSettings(Optional.of(pem), "the CA certificate given in the request", false);
  }

  /** Extra CA certificates read from a PEM file now. */
  public static TlsSettings withCaFile(Path pemFile) throws IOException {
    return new TlsSettings(
        Optional.of(Files.readString(pemFile, StandardCharsets.UTF_8)), pemFile.toString(), false);
  }

  /**
   * Extra CA certificates read from a PEM file now, with a message naming {@code field}, the file and the fix when
   * it cannot be read.
   */
  public static TlsSettings fromCaFile(String field, Path pemFile) throws PushException {
    String fix = ": give the path of a PEM file holding the certificate of the CA that signed the registry's"
        + " certificate (-----BEGIN CERTIFICATE-----)";
    if (Files.isDirectory(pemFile)) {
      throw PushException.invalid(field, field + " '" + pemFile + "' is a folder" + fix);
    }
    if (!Files.exists(pemFile)) {
      throw PushException.invalid(field, field + " '" + pemFile + "' does not exist" + fix);
    }
    try {
      return withCaFile(pemFile);
    } catch (IOException e) {
      throw PushException.invalid(field, field + " '" + pemFile + "' cannot be read (" + e.getClass().getSimpleName()
          + ")" + fix);
    }
  }

  /** These settings with the insecure switch set as given. */
  public TlsSettings withInsecure(boolean insecure) {
    return new TlsSettings(caCertificatesPem, caSource, insecure);
  }

  @Override
  public String toString() {
    return "TlsSettings{ca=" + (caCertificatesPem.isPresent() ? caSource : "none") + ", insecure=" + insecure + "}";
  }
}
