package io.jenkins.plugins.harborjib.engine.reliability;

import static io.jenkins.plugins.harborjib.engine.reliability.Faults.BLOB_UPLOAD;
import static io.jenkins.plugins.harborjib.engine.reliability.Faults.through;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.engine.BaseImage;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.ImageTarget;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.PushRequest;
import io.jenkins.plugins.harborjib.engine.RecordedEvents;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.TestCa;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import io.jenkins.plugins.harborjib.testkit.fault.Fault;
import io.jenkins.plugins.harborjib.testkit.fault.FaultProxy;
import io.jenkins.plugins.harborjib.testkit.fault.FaultRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A registry that never answers, a host name that does not resolve, a token service that does not resolve. */
class UnreachableRegistryTest {
  private static final String NO_SUCH_HOST = "registry.does-not-exist.invalid";

  @RegisterExtension
  static TestRegistry registry = TestRegistry.plainHttpWithBasicAuth();

  @TempDir
  Path tmp;

  private final RecordedEvents events = new RecordedEvents();

  @BeforeEach
  void setUp() {
    Faults.resetJvmTrust();
  }

  @Test
  void aRegistryThatAcceptsConnectionsButNeverAnswersIsANetworkFailureWithinTheHttpTimeout() {
    Duration timeout = Duration.ofSeconds(2);
    try (FaultProxy proxy = FaultProxy.to(registry).start()) {
      FaultRule hang = proxy.when("GET", "^/v2/").then(Fault.hang());

      long start = System.nanoTime();
      PushException e = Faults.failure(through(proxy, registry, "hung", tmp.resolve("cache"), "1")
          .httpTimeout(timeout).build(), events);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK);
      assertThat(e.getMessage()).contains(proxy.host(), "did not answer in time", "raise the HTTP timeout");
      // One request, one timeout: the registry is not asked again and again before the user hears of it.
      assertThat(took).isGreaterThanOrEqualTo(timeout).isLessThan(timeout.multipliedBy(3));
      assertThat(hang.matched()).isEqualTo(1);
      Faults.assertNoTag(registry, "app/hung");
    }
  }

  @Test
  void anUnknownRegistryHostIsANetworkFailureNamingTheHost() {
    PushRequest request = PushRequest.builder(Faults.exploded(), BaseImage.of("base/jre17:17"),
            new ImageTarget(NO_SUCH_HOST, "app", "hello", List.of("1")))
        .cacheDirectory(tmp.resolve("cache")).build();

    PushException e = Faults.failure(request, events);

    assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK);
    assertThat(e.getMessage()).contains("Cannot resolve", NO_SUCH_HOST, "DNS");
  }

  @Test
  void aTokenServiceWhoseHostDoesNotResolveIsANetworkFailureNamingTheTokenService() throws Exception {
    Path bundle = Files.writeString(tmp.resolve("token-root.crt"), TestCa.create().caPem());
    try (TestRegistry tokenRegistry = TestRegistry.builder()
        .tokenAuth("http://token." + NO_SUCH_HOST + "/service/token", "harbor-registry", "harbor-token-issuer", bundle)
        .htpasswd("tester", "Unused-Passw0rd").build().start()) {
      PushRequest request = PushRequest.builder(Faults.exploded(), BaseImage.of("base/jre17:17"),
              new ImageTarget(tokenRegistry.host(), "app", "hello", List.of("1")))
          .credentials(Credentials.of("tester", "Unused-Passw0rd".toCharArray()))
          .tls(TlsSettings.DEFAULT.withInsecure(true)).cacheDirectory(tmp.resolve("cache")).build();

      PushException e = Faults.failure(request, events);

      assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK);
      assertThat(e.getMessage()).contains("Cannot resolve", "token service", "token." + NO_SUCH_HOST);
    }
  }

  /**
   * Measured, not wished for: each request is bounded by the HTTP timeout, the push is not. Jib retries an unanswered
   * upload about ten times with growing waits before giving up (about a minute with a 1 s timeout; with the default
   * 20 s timeout, minutes). The push then fails as NETWORK, with Jib's retries in the events and no tag. See
   * docs/reliability.md for the proposal of an overall deadline.
   */
  @Test
  @Tag("slow")
  void anUploadThatIsNeverAnsweredFailsAfterJibsOwnRetriesWithoutATag() {
    BaseImageFixture.pushJre17(registry);
    try (FaultProxy proxy = FaultProxy.to(registry).start()) {
      proxy.when("PATCH", BLOB_UPLOAD).then(Fault.hang());

      long start = System.nanoTime();
      PushException e = Faults.failure(through(proxy, registry, "never-answered", tmp.resolve("cache"), "1")
          .httpTimeout(Duration.ofSeconds(1)).build(), events);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK);
      assertThat(e.getMessage()).contains("did not answer in time");
      assertThat(Faults.requestRetries(events)).hasSizeGreaterThanOrEqualTo(10);
      assertThat(took).isLessThan(Duration.ofMinutes(5));
      Faults.assertNoTag(registry, "app/never-answered");
    }
  }
}
