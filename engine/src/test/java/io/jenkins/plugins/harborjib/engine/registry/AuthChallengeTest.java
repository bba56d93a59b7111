package io.jenkins.plugins.harborjib.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

  @Test
  void readsHarborsBearerChallenge() {
    AuthChallenge c = AuthChallenge.parse(
        "Bearer realm=\"https://harbor.example.com/service/token\",service=\"harbor-registry\"").orElseThrow();
    assertThat(c.isBearer()).isTrue();
    assertThat(c.realm()).contains("https://harbor.example.com/service/token");
    assertThat(c.service()).contains("harbor-registry");
  }

  @Test
  void readsABasicChallenge() {
    AuthChallenge c = AuthChallenge.parse("Basic realm=\"Registry Realm\"").orElseThrow();
    assertThat(c.isBearer()).isFalse();
    assertThat(c.realm()).contains("Registry Realm");
  }

  @Test
  void ignoresOtherSchemes() {
    assertThat(AuthChallenge.parse("Negotiate abc")).isEmpty();
    assertThat(AuthChallenge.parse(null)).isEmpty();
  }

  @Test
  void readsTheActionsATokenGrants() {
    String claims = "{\"access\":[{\"type\":\"repository\",\"name\":\"app/demo\",\"actions\":[\"pull\"]}]}";
    String jwt = "e30." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8))
        + ".sig";
    assertThat(RegistryClient.grantedActions(jwt, "app/demo")).containsExactly("pull");
    assertThat(RegistryClient.grantedActions(jwt, "app/other")).isEmpty();
    assertThat(RegistryClient.grantedActions("opaque-token", "app/demo")).isNull();
  }
}
