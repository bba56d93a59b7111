package io.jenkins.plugins.harborjib.engine.harbor;

import io.jenkins.plugins.harborjib.engine.ErrorKind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/** Words the failures of one call: the server, the identity and the action are known here. */
final class HarborFailures {
  private final String server;
  private final String identity;
  private final boolean anonymous;
  private final String action;

  HarborFailures(String server, String identity, boolean anonymous, String action) {
    this.server = server;
    this.identity = identity;
    this.anonymous = anonymous;
    this.action = action;
  }

  String server() {
    return server;
  }

  String identity() {
    return identity;
  }

  String action() {
    return action;
  }

  /** A failure of {@code kind} worded by the caller, with the answer's status and request id attached. */
  HarborException of(ErrorKind kind, HarborResponse response, String message) {
    return new HarborException(kind, message + requestId(response), response.status(), null);
  }

  /** The usual wording for a status this call does not expect. */
  HarborException forStatus(HarborResponse r) {
    int status = r.status();
    String said = said(r);
    if (status == 401) {
      if (anonymous) {
        return of(ErrorKind.AUTHENTICATION, r, "Harbor " + server + " needs credentials to " + action
            + " (HTTP 401" + said + "). Give a Harbor user or robot account.");
      }
      return of(ErrorKind.AUTHENTICATION, r, "Harbor " + server + " rejected the credentials of '" + identity
          + "' (HTTP 401" + said + ") when asked to " + action + ". Check the user name and the password or token;"
          + " a robot account signs in with its full name (e.g. robot$project+name) and the secret shown when it was"
          + " created (or refreshed).");
    }
    if (status == 403) {
      return of(ErrorKind.PERMISSION_DENIED, r, "'" + identity + "' may not " + action + " on Harbor " + server
          + " (HTTP 403" + said + "). Ask a project administrator for a role that allows it, or use a robot"
          + " account that has this permission.");
    }
    if (status == 404) {
      return of(ErrorKind.REGISTRY, r, "Harbor " + server + " found nothing when asked to " + action
          + " (HTTP 404" + said + ").");
    }
    if (status >= 500) {
      return of(ErrorKind.REGISTRY, r, "Harbor " + server + " failed to " + action + " (HTTP " + status + said
          + "). Try again; if it goes on, the Harbor administrator can look the request id up in Harbor's core log.");
    }
    return of(ErrorKind.REGISTRY, r, "Harbor " + server + " refused to " + action + " (HTTP " + status + said
        + ").");
  }

  /** The answer had an accepted status but a body this client cannot read. */
  HarborException unreadable(HarborResponse r, Exception e) {
    return new HarborException(ErrorKind.REGISTRY, "Harbor " + server + " gave an answer that is not what Harbor's"
        + " API describes when asked to " + action + " (" + e.getMessage() + "). Is " + server
        + " a Harbor 2.x server? For a plain registry, switch the Harbor checks off." + requestId(r), r.status(), e);
  }

  /** No answer: the connection, the TLS handshake or the wait failed. */
  HarborException forIo(IOException e, Duration connectTimeout, Duration requestTimeout) {
    String host = server;
    if (e instanceof HttpConnectTimeoutException) {
      return noAnswer(ErrorKind.NETWORK, "could not connect to Harbor " + host + " within "
          + connectTimeout.toSeconds() + " s to " + action + ". Check the server URL, that Harbor is running and"
          + " that this machine may reach it (firewall, proxy settings).", e);
    }
    if (e instanceof HttpTimeoutException) {
      return noAnswer(ErrorKind.NETWORK, "Harbor " + host + " did not answer within " + requestTimeout.toSeconds()
          + " s when asked to " + action + ". Harbor may be overloaded; try again later or raise the timeout.", e);
    }
    if (causedBy(e, UnresolvedAddressException.class) || causedBy(e, UnknownHostException.class)) {
      return noAnswer(ErrorKind.NETWORK, "the host name of Harbor " + host + " cannot be resolved from this"
          + " machine. Check the server URL and this machine's DNS settings.", e);
    }
    if (e instanceof ConnectException || causedBy(e, ConnectException.class)) {
      return noAnswer(ErrorKind.NETWORK, "cannot connect to Harbor " + host + " (" + rootMessage(e) + "). Check"
          + " the server URL and port, that Harbor is running and that this machine may reach it (firewall, proxy"
          + " settings).", e);
    }
    if (e instanceof SSLException || causedBy(e, SSLException.class)) {
      return noAnswer(ErrorKind.TLS, tlsProblem(e), e);
    }
    return noAnswer(ErrorKind.NETWORK, "the connection to Harbor " + host + " failed when asked to " + action
        + " (" + rootMessage(e) + "). Check the server URL and the network between this machine and Harbor.", e);
  }

  private String tlsProblem(IOException e) {
    if (causedBy(e, CertPathBuilderException.class) || causedBy(e, CertPathValidatorException.class)) {
      return "Harbor " + server + " presents a TLS certificate that is not signed by a CA this client trusts ("
          + rootMessage(e) + "). Give the CA certificate of your Harbor in PEM form (the caCertificate setting;"
          + " Harbor offers it as ca.crt, 'Registry Certificate'), or, for a test server only, allow insecure"
          + " connections.";
    }
    String root = rootMessage(e);
    if (causedBy(e, CertificateException.class) && root.toLowerCase(java.util.Locale.ROOT).contains("name")) {
      return "Harbor " + server + " presents a TLS certificate for another host name (" + root + "). Use the host"
          + " name the certificate was issued for (the one in Harbor's external URL).";
    }
    if (e instanceof SSLHandshakeException || causedBy(e, SSLHandshakeException.class)) {
      return "the TLS handshake with Harbor " + server + " failed (" + root + "). Check that the server URL"
          + " names Harbor's HTTPS port and that Harbor's certificate is valid.";
    }
    return "the TLS connection to Harbor " + server + " failed (" + root + "). If Harbor is served over plain"
        + " HTTP, use an http:// URL (test servers only); otherwise check the port.";
  }

  private HarborException noAnswer(ErrorKind kind, String message, IOException e) {
    String text = Character.toUpperCase(message.charAt(0)) + message.substring(1);
    return new HarborException(kind, text, 0, e);
  }

  private static String said(HarborResponse r) {
    String text = r.errorText();
    return text.isEmpty() ? "" : ": " + text;
  }

  private static String requestId(HarborResponse r) {
    return r.requestId().isEmpty() ? "" : " [request id " + r.requestId() + "]";
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
  }
}
