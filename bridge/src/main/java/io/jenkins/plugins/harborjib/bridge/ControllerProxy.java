package io.jenkins.plugins.harborjib.bridge;

import io.jenkins.plugins.harborjib.engine.Credentials;
import java.net.ProxySelector;
import java.util.Objects;
import java.util.Optional;

/**
 * Jenkins' HTTP proxy for the controller's own calls to Harbor ("Test connection", the project list): which proxy
 * for which host, and, for an authenticating proxy, as whom.
 */
public record ControllerProxy(ProxySelector selector, Optional<Credentials> login) {
  public ControllerProxy {
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(login, "login");
  }
}
