package io.jenkins.plugins.harborjib.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.harborjib.protocol.ProtocolRequest;
import io.jenkins.plugins.harborjib.engine.BaseImage;
import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.ImageTarget;
import io.jenkins.plugins.harborjib.engine.PushEvent;
import io.jenkins.plugins.harborjib.engine.PushRequest;
import java.io.ByteArrayInputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretsTest {
  @Test
  void readsAllOfStandardInputAsUtf8WithoutTrailingLineBreaks() throws Exception {
    String long_ = "p\u00e4ss-" + "x".repeat(1000);
    assertThat(SecretInput.read(new ByteArrayInputStream((long_ + "\r\n\n").getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(long_.toCharArray());
    assertThat(SecretInput.read(new ByteArrayInputStream("a b\tc".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo("a b\tc".toCharArray());
  }

  @Test
  void refusesBytesThatAreNotUtf8() {
    assertThatThrownBy(() -> SecretInput.read(new ByteArrayInputStream(new byte[] {(byte) 0xff, (byte) 0xfe})))
        .isInstanceOf(CharacterCodingException.class);
  }

  @Test
  void masksEveryPasswordOfTheRequest() {
    PushRequest push = PushRequest.builder(new BuildOutput.AutoDetect(Path.of(".")),
            BaseImage.of("b", Credentials.of("reader", "base-secret".toCharArray())),
            new ImageTarget("r", "p", "q", List.of("t")))
        .credentials(Credentials.of("robot$app+ci", "target-secret".toCharArray())).build();
    Redactor redactor = new Redactor();
    redactor.addAll(ProtocolRequest.of(push).withProxyCredentials(Credentials.of("u", "proxy-secret".toCharArray())));

    assertThat(redactor.redact("a target-secret, base-secret and proxy-secretproxy-secret"))
        .isEqualTo("a ****, **** and ********");
    assertThat(redactor.redact(new PushEvent.Retry("with target-secret", 2, "because base-secret")))
        .isEqualTo(new PushEvent.Retry("with ****", 2, "because ****"));
    assertThat(redactor.redact("nothing to hide")).isEqualTo("nothing to hide");
  }

  @Test
  void leavesTooShortPasswordsAlone() {
    PushRequest push = PushRequest.builder(new BuildOutput.AutoDetect(Path.of(".")), BaseImage.of("b"),
        new ImageTarget("r", "p", "q", List.of("t"))).credentials(Credentials.of("u", "abc".toCharArray())).build();
    Redactor redactor = new Redactor();
    redactor.addAll(ProtocolRequest.of(push));

    assertThat(redactor.redact("abc")).isEqualTo("abc");
  }

  @Test
  void mapsRequestFieldsToFlags() {
    assertThat(FlagNames.flagFor("target.tags[1]")).contains("--tag");
    assertThat(FlagNames.flagFor("container.environment.JAVA_HOME")).contains("--env");
    assertThat(FlagNames.flagFor("baseImage.credentials.password")).contains("--from-password-stdin/--from-password-file");
    assertThat(FlagNames.flagFor("--ca-file")).contains("--ca-file");
    assertThat(FlagNames.flagFor("request")).isEmpty();
  }
}
