package io.jenkins.plugins.harborjib.cli;

import io.jenkins.plugins.harborjib.cli.protocol.ProtocolRequest;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.PushEvent;
import io.jenkins.plugins.harborjib.engine.PushListener;
import java.util.Arrays;

/**
 * The JVM-wide settings Jib reads from system properties, set from the request before the push. This is why the
 * CLI is one process per push (DESIGN.md): they would otherwise leak into every other push in the JVM. TLS trust
 * is the engine's to install.
 */
final class ProcessSettings {
  /** Jib's connect and read timeout, in milliseconds. */
  static final String HTTP_TIMEOUT = "jib.httpTimeout";
  /** Lets Jib send credentials over plain HTTP; without it an insecure push to an HTTP registry fails. */
  static final String SEND_CREDENTIALS_OVER_HTTP = "sendCredentialsOverHttp";

  private ProcessSettings() {}

  static void apply(ProtocolRequest request, CliContext.SystemProperties properties, PushListener listener) {
    long timeout = Math.min(Integer.MAX_VALUE, request.push().httpTimeout().toMillis());
    properties.set(HTTP_TIMEOUT, Long.toString(timeout));

    if (request.push().tls().insecure()) {
      properties.set(SEND_CREDENTIALS_OVER_HTTP, "true");
      listener.onEvent(new PushEvent.Warning("insecure mode: registries may be reached over plain HTTP or with "
          + "unverified TLS, and credentials may be sent unencrypted (this process sets "
          + SEND_CREDENTIALS_OVER_HTTP + "=true). Use it only for a test registry you control."));
    }

    if (request.proxyCredentials().isPresent()) {
      Credentials proxy = request.proxyCredentials().get();
      boolean anyProxy = false;
      for (String scheme : new String[] {"http", "https"}) {
        anyProxy |= properties.get(scheme + ".proxyHost").isPresent();
        properties.set(scheme + ".proxyUser", proxy.username());
        // Jib's HTTP client (Apache HttpClient, useSystemProperties) reads the proxy password only from here.
        char[] password = proxy.password();
        properties.set(scheme + ".proxyPassword", new String(password));
        Arrays.fill(password, '\0');
      }
      if (!anyProxy) {
        listener.onEvent(new PushEvent.Warning("proxy credentials were given, but no proxy: start the JVM with "
            + "-Dhttps.proxyHost=HOST -Dhttps.proxyPort=PORT (and -Dhttp.proxyHost/-Dhttp.proxyPort for plain "
            + "HTTP registries) to use one"));
      }
    }
  }
}
