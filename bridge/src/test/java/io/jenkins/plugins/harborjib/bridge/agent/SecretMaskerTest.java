package io.jenkins.plugins.harborjib.bridge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretMaskerTest {
  @Test
  void masksEveryPasswordOfTheRequestIncludingEscapedCharacters() {
    char[] request = ("{\"credentials\":{\"username\":\"robot$app+ci\",\"password\":\"tok\\\"en-1\"},"
        + "\"baseImage\":{\"credentials\":{\"username\":\"u\",\"password\":\"base-pass\"}},"
        + "\"proxy\":{\"username\":\"p\",\"password\":\"abc\"}}").toCharArray();
    try (SecretMasker masker = SecretMasker.fromRequest(request)) {
      assertThat(masker.mask("a tok\"en-1 b base-pass c")).isEqualTo("a **** b **** c");
      assertThat(masker.mask("robot$app+ci")).isEqualTo("robot$app+ci");
      assertThat(masker.mask("abc is too short to mask")).isEqualTo("abc is too short to mask");
    }
  }

  @Test
  void leavesLinesAloneWhenThereIsNothingToMask() {
    try (SecretMasker masker = SecretMasker.fromRequest("not json".toCharArray())) {
      assertThat(masker.mask("line")).isEqualTo("line");
    }
  }
}
