package io.jenkins.plugins.harborjib;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.ProxyConfiguration;
import hudson.security.ACL;
import hudson.util.Secret;
import io.jenkins.plugins.harborjib.bridge.ControllerProxy;
import io.jenkins.plugins.harborjib.bridge.ProxySettings;
import io.jenkins.plugins.harborjib.bridge.Values;
import io.jenkins.plugins.harborjib.engine.Credentials;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import jenkins.model.Jenkins;

/** Jenkins' credentials and proxy configuration, as the bridge takes them. */
final class Connections {
  /**
   * Credentials a build can use, among those the root sees as {@code ACL.SYSTEM2}: System scope is for Jenkins itself
   * ({@code SystemCredentialsProvider} leaves it out of every lookup made for an item), so a build never finds it.
   */
  static final CredentialsMatcher USABLE_BY_BUILDS = CredentialsMatchers.not(
      CredentialsMatchers.withScope(CredentialsScope.SYSTEM));

  private Connections() {}

  /** Username/password credentials with this id that builds can use, looked up from the root for a server's URL. */
  static Optional<StandardUsernamePasswordCredentials> credentialsForBuilds(String id, @CheckForNull String url) {
    return Optional.ofNullable(CredentialsMatchers.firstOrNull(rootCredentials(url),
        CredentialsMatchers.allOf(CredentialsMatchers.withId(Values.trim(id)), USABLE_BY_BUILDS)));
  }

  /** Whether the root's credentials with this id are System-scoped: there, but out of every build's reach. */
  static boolean hasSystemScope(String id, @CheckForNull String url) {
    return CredentialsMatchers.firstOrNull(rootCredentials(url), CredentialsMatchers.allOf(
        CredentialsMatchers.withId(Values.trim(id)), CredentialsMatchers.withScope(CredentialsScope.SYSTEM))) != null;
  }

  private static List<StandardUsernamePasswordCredentials> rootCredentials(@CheckForNull String url) {
    return CredentialsProvider.lookupCredentialsInItemGroup(StandardUsernamePasswordCredentials.class, Jenkins.get(),
        ACL.SYSTEM2, URIRequirementBuilder.fromUri(Values.trim(url)).build());
  }

  /** The user and password of username/password credentials (a robot name such as {@code robot$app+ci} as it is). */
  static Optional<Credentials> login(@CheckForNull StandardUsernamePasswordCredentials c) {
    if (c == null) {
      return Optional.empty();
    }
    char[] password = Secret.toString(c.getPassword()).toCharArray();
    try {
      return Optional.of(Credentials.of(c.getUsername(), password));
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /**
   * Jenkins' proxy (Manage Jenkins &gt; System &gt; HTTP Proxy) for the controller's own calls to Harbor, with its
   * user and password when it has them.
   */
  static Optional<ControllerProxy> controllerProxy() {
    ProxyConfiguration p = Jenkins.get().getProxy();
    if (p == null || p.getName() == null || p.getName().isBlank()) {
      return Optional.empty();
    }
    Optional<Credentials> login = Optional.empty();
    if (p.getUserName() != null && !p.getUserName().isBlank()) {
      char[] password = Secret.toString(p.getSecretPassword()).toCharArray();
      try {
        login = Optional.of(Credentials.of(p.getUserName(), password));
      } finally {
        Arrays.fill(password, '\0');
      }
    }
    return Optional.of(new ControllerProxy(new JenkinsProxySelector(p), login));
  }

  /**
   * Jenkins' proxy for the engine on the agent: host, port and exclusions become JVM properties of the engine, the
   * user and password go in the request.
   */
  static ProxySettings engineProxy() {
    ProxyConfiguration p = Jenkins.get().getProxy();
    if (p == null || p.getName() == null || p.getName().isBlank()) {
      return ProxySettings.NONE;
    }
    char[] password = Secret.toString(p.getSecretPassword()).toCharArray();
    try {
      return ProxySettings.of(p.getName(), p.getPort(), p.getNoProxyHost(), p.getUserName(), password);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /** Jenkins' proxy with its exclusions, as {@link ProxyConfiguration#createProxy(String)} decides per host. */
  private static final class JenkinsProxySelector extends ProxySelector {
    private final ProxyConfiguration configuration;

    JenkinsProxySelector(ProxyConfiguration configuration) {
      this.configuration = configuration;
    }

    @Override
    public List<Proxy> select(URI uri) {
      return List.of(configuration.createProxy(uri.getHost()));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException e) {
      // nothing to remember: every call asks again
    }
  }
}
