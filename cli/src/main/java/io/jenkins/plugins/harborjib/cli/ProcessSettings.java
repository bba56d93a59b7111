package io.jenkins.plugins.harborjib.cli;

import io.jenkins.plugins.harborjib.protocol.ProtocolRequest;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.PushEvent;
import io.jenkins.plugins.harborjib.engine.PushListener;
import java.util.Arrays;

/**
 * The JVM-wide proxy credentials Jib reads from system properties, set from the request before the push. This is
 * one reason the CLI is one process per push (DESIGN.md). The engine itself sets what else Jib reads JVM-wide
 * (TLS trust, its HTTP timeout, credentials over plain HTTP for an insecure registry).
 */
final class ProcessSettings {
  private ProcessSettings() {}

  static void apply(ProtocolRequest request, CliContext.SystemProperties properties, PushListener listener) {
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
      // The JDK's HTTP client (the engine's registry and Harbor checks) refuses Basic proxy credentials for HTTPS
      // tunnels unless this is cleared before its first request; it affects this one-push process only.
      properties.set("jdk.http.auth.tunneling.disabledSchemes", "");
      if (!anyProxy) {
        listener.onEvent(new PushEvent.Warning("proxy credentials were given, but no proxy: start the JVM with "
            + "-Dhttps.proxyHost=HOST -Dhttps.proxyPort=PORT (and -Dhttp.proxyHost/-Dhttp.proxyPort for plain "
            + "HTTP registries) to use one"));
      }
    }
  }
}
