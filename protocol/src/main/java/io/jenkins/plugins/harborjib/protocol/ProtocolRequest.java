package io.jenkins.plugins.harborjib.protocol;

import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.PushRequest;
import java.util.Objects;
import java.util.Optional;

/**
 * One push as the CLI receives it: the engine's {@link PushRequest} plus what only the process around it needs.
 * Written to JSON and read back by {@link RequestJson}; made from flags by the human mode.
 *
 * @param push what to build and where to push it
 * @param verbosity how much progress to report
 * @param proxyCredentials user and password for the HTTP(S) proxy, if it wants them; the proxy itself is chosen
 *     with the standard JVM properties ({@code -Dhttps.proxyHost=... -Dhttps.proxyPort=...}) on the child's
 *     command line, which must never carry a password
 */
public record ProtocolRequest(PushRequest push, Verbosity verbosity, Optional<Credentials> proxyCredentials) {
  public ProtocolRequest {
    Objects.requireNonNull(push, "push");
    Objects.requireNonNull(verbosity, "verbosity");
    Objects.requireNonNull(proxyCredentials, "proxyCredentials");
  }

  /** A request at the default verbosity, without proxy credentials. */
  public static ProtocolRequest of(PushRequest push) {
    return new ProtocolRequest(push, Verbosity.NORMAL, Optional.empty());
  }

  public ProtocolRequest withVerbosity(Verbosity verbosity) {
    return new ProtocolRequest(push, verbosity, proxyCredentials);
  }

  public ProtocolRequest withProxyCredentials(Credentials proxyCredentials) {
    return new ProtocolRequest(push, verbosity, Optional.ofNullable(proxyCredentials));
  }

  @Override
  public String toString() {
    return "ProtocolRequest{" + push + ", verbosity=" + verbosity + ", proxyUser="
        + proxyCredentials.map(Credentials::username).orElse("(none)") + "}";
  }
}
