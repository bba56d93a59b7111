package io.jenkins.plugins.harborjib.engine.push;

import static io.jenkins.plugins.harborjib.engine.push.EngineFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.harborjib.engine.BaseImage;
import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.HarborJib;
import io.jenkins.plugins.harborjib.engine.ImageTarget;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.PushRequest;
import io.jenkins.plugins.harborjib.engine.RecordedEvents;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.Samples;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What the user sees when a push cannot happen: each message names the server, the user or field, and the fix. */
class PushFailuresTest {
  private static final String WRONG_PASSWORD = "Wr0ng-Passw0rd-4-Test";
  private static final Pattern REQUEST = Pattern.compile("\"(GET|HEAD|POST|PUT|PATCH|DELETE) /");

  @RegisterExtension
  static TestRegistry basicAuth = TestRegistry.plainHttpWithBasicAuth();

  @RegisterExtension
  static TestRegistry https = TestRegistry.httpsWithBasicAuth();

  @TempDir
  Path cache;

  private final RecordedEvents events = new RecordedEvents();

  private static BuildOutput exploded() {
    return new BuildOutput.Exploded(Samples.helloAppClasses(), Optional.of(Samples.helloAppDependencies()));
  }

  private static long requestsSeenBy(TestRegistry registry) {
    return registry.logLinesUpToNow().stream()
        .filter(l -> REQUEST.matcher(l).find() && !l.contains("harbor-jib-log-marker")).count();
  }

  @Test
  void aWrongPasswordIsAnAuthenticationErrorNamingTheRegistryAndTheUserButNeverThePassword() {
    BaseImageFixture.pushJre17(basicAuth);
    PushRequest r = request(basicAuth, exploded(), "hello", cache, "1")
        .credentials(Credentials.of(basicAuth.username(), WRONG_PASSWORD.toCharArray())).build();

    PushException e = catchPush(r);
    assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
    assertThat(e.getMessage()).contains(basicAuth.host(), "'" + basicAuth.username() + "'")
        .doesNotContain(WRONG_PASSWORD).doesNotContain(basicAuth.password());
    assertThat(events.all().toString()).doesNotContain(WRONG_PASSWORD);
    assertThat(basicAuth.blobUploads()).noneMatch(l -> l.contains("/v2/app/"));
  }

  @Test
  void aRobotNamePassesThroughUntouched() {
    PushRequest r = request(basicAuth, exploded(), "hello", cache, "1")
        .credentials(Credentials.of("robot$app+ci", WRONG_PASSWORD.toCharArray())).build();
    assertThat(catchPush(r).getMessage()).contains("'robot$app+ci'").doesNotContain(WRONG_PASSWORD);
  }

  @Test
  void anUnknownHostIsANetworkErrorThatSaysSo() {
    PushRequest r = PushRequest.builder(exploded(), BaseImage.of("base/jre17:17"),
        new ImageTarget("registry.does-not-exist.invalid", "app", "hello", List.of("1"))).cacheDirectory(cache).build();
    PushException e = catchPush(r);
    assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK);
    assertThat(e.getMessage()).contains("Cannot resolve", "registry.does-not-exist.invalid");
  }

  @Test
  void anUntrustedCertificateFailsWithinFiveSecondsAndSaysHowToSupplyTheCa() {
    PushRequest r = request(https, exploded(), "hello", cache, "1").tls(TlsSettings.DEFAULT).build();
    long start = System.nanoTime();
    PushException e = catchPush(r);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(e.kind()).isEqualTo(ErrorKind.TLS);
    assertThat(e.getMessage()).contains(https.host(), "not trusted", "--ca-file", "tls.caPem");
    assertThat(took).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void theWrongCaIsNamedInTheMessage() {
    String otherCa = io.jenkins.plugins.harborjib.testkit.TestCa.create().caPem();
    PushRequest r = request(https, exploded(), "hello", cache, "1").tls(TlsSettings.withCaPem(otherCa)).build();
    PushException e = catchPush(r);
    assertThat(e.kind()).isEqualTo(ErrorKind.TLS);
    assertThat(e.getMessage()).contains("did not sign it either");
  }

  @Test
  void anInvalidTagOrRepositoryIsRejectedBeforeAnyNetworkCall() {
    long before = requestsSeenBy(basicAuth);
    PushException tag = catchPush(request(basicAuth, exploded(), "hello", cache, "1", "not valid!").build());
    PushException repo = catchPush(request(basicAuth, exploded(), "Hello", cache, "1").build());

    assertThat(tag.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(tag.field()).contains("tags");
    assertThat(tag.getMessage()).contains("'not valid!'");
    assertThat(repo.field()).contains("repository");
    assertThat(requestsSeenBy(basicAuth)).isEqualTo(before);
  }

  @Test
  void aMissingBaseImageIsNamedBeforeAnyUpload() {
    PushRequest r = request(basicAuth, exploded(), "hello", cache, "1").build();
    PushRequest missingBase = PushRequest.builder(r.buildOutput(), BaseImage.of("base/nope:1"), r.target())
        .credentials(r.credentials().orElseThrow()).tls(r.tls()).cacheDirectory(cache).build();
    PushException e = catchPush(missingBase);
    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).contains(basicAuth.host() + "/base/nope:1", "does not exist");
    assertThat(basicAuth.blobUploads()).noneMatch(l -> l.contains("/v2/app/"));
  }

  @Test
  void aMissingBuildOutputLeavesNothingBehind() throws Exception {
    PushException e = catchPush(request(basicAuth, new BuildOutput.Exploded(cache.resolve("no-such-classes"),
        Optional.empty()), "hello", cache, "1").build());
    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).contains("no-such-classes");
    try (Stream<Path> left = Files.walk(cache)) {
      // The cache folder existed before (a @TempDir): it keeps only the lock that concurrent pushes share.
      assertThat(left.filter(Files::isRegularFile)).extracting(p -> cache.relativize(p).toString())
          .containsOnly("harbor-jib.lock");
    }
  }

  private PushException catchPush(PushRequest request) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> HarborJib.push(request, events));
    assertThat(thrown).isInstanceOf(PushException.class);
    return (PushException) thrown;
  }
}
