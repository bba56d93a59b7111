package io.jenkins.plugins.harborjib.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.engine.ErrorKind;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ExitCodeTest {
  @Test
  void givesEachErrorKindItsOwnDocumentedCode() {
    Map<ErrorKind, Integer> codes = Arrays.stream(ErrorKind.values())
        .collect(Collectors.toMap(k -> k, k -> ExitCode.of(k).code()));

    assertThat(codes).containsExactlyInAnyOrderEntriesOf(Map.of(
        ErrorKind.INTERNAL, 1,
        ErrorKind.INVALID_INPUT, 2,
        ErrorKind.AUTHENTICATION, 3,
        ErrorKind.TLS, 4,
        ErrorKind.NETWORK, 5,
        ErrorKind.REGISTRY, 6,
        ErrorKind.PROJECT_NOT_FOUND, 7,
        ErrorKind.CANCELLED, 8,
        ErrorKind.PERMISSION_DENIED, 9,
        ErrorKind.QUOTA_EXCEEDED, 10));
    assertThat(ExitCode.OK.code()).isZero();
    assertThat(ExitCode.OK.kind()).isEmpty();
  }

  @Test
  void mapsCodesBackToKinds() {
    for (ErrorKind kind : ErrorKind.values()) {
      assertThat(ExitCode.fromCode(ExitCode.of(kind).code()).flatMap(ExitCode::kind)).contains(kind);
    }
    assertThat(ExitCode.fromCode(143)).isEmpty();
  }
}
