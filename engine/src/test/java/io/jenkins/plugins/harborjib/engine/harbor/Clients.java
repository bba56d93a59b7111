package io.jenkins.plugins.harborjib.engine.harbor;

import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import io.jenkins.plugins.harborjib.testkit.harbor.HarborStandIn;

/** Harbor clients for the stand-in, trusting its CA through {@link TlsSettings} as a user would. */
final class Clients {
  private Clients() {}

  static HarborClient as(HarborStandIn harbor, String user, String secret) throws PushException {
    return HarborClient.builder(harbor.uri())
        .credentials(Credentials.of(user, secret.toCharArray()))
        .tls(TlsSettings.withCaPem(harbor.caPem()))
        .build();
  }

  static HarborClient admin(HarborStandIn harbor) throws PushException {
    return as(harbor, HarborStandIn.ADMIN, harbor.adminPassword());
  }

  static HarborClient anonymous(HarborStandIn harbor) throws PushException {
    return HarborClient.builder(harbor.uri()).tls(TlsSettings.withCaPem(harbor.caPem())).build();
  }
}
