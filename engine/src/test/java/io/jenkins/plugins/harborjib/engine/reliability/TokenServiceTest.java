package io.jenkins.plugins.harborjib.engine.reliability;

import static io.jenkins.plugins.harborjib.engine.reliability.Faults.QUICK_RETRIES;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.engine.BaseImage;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.ImageTarget;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.PushRequest;
import io.jenkins.plugins.harborjib.engine.PushResult;
import io.jenkins.plugins.harborjib.engine.RecordedEvents;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.fault.Fault;
import io.jenkins.plugins.harborjib.testkit.fault.FaultProxy;
import io.jenkins.plugins.harborjib.testkit.fault.FaultRule;
import io.jenkins.plugins.harborjib.testkit.harbor.Access;
import io.jenkins.plugins.harborjib.testkit.harbor.HarborStandIn;
import io.jenkins.plugins.harborjib.testkit.harbor.LoggedRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Harbor's token service failing: the Harbor stand-in (its API, its token service and the real registry behind
 * {@code /v2/}) over plain HTTP behind the fault proxy, which rewrites the token realm to itself, so token requests
 * travel through it too. The engine's own checks ask for tokens with an encoded scope ({@code repository%3A...}), Jib
 * with a plain one ({@code repository:...}), which lets a rule pick Jib's.
 */
class TokenServiceTest {
  private static final String ROBOT = "robot$app+ci";
  private static final String SECRET = "Rb0t-T0ken-S3cret";
  private static final String ANY_TOKEN = "^/service/token";
  private static final String JIBS_TOKEN = "^/service/token\\?.*scope=repository:";

  @RegisterExtension
  static HarborStandIn harbor = HarborStandIn.builder().plainHttp().build();

  @TempDir
  Path cache;

  private final RecordedEvents events = new RecordedEvents();
  private FaultProxy proxy;

  @BeforeEach
  void setUp() {
    Faults.resetJvmTrust();
    harbor.reset();
    harbor.addProject("base", true, false, -1);
    harbor.addProject("app");
    harbor.addRobot(ROBOT, SECRET, "app", Access.PUSH, Access.PULL);
    proxy = FaultProxy.toUrl(harbor.url()).start();
    // Through the proxy: Jib tries TLS first, and only the proxy answers a TLS hello on a plain port at once.
    BaseImageFixture.push(proxy.host() + "/base/jre17:17", HarborStandIn.ADMIN, harbor.adminPassword(), false);
    proxy.clearRequests();
    harbor.clearLogs();
  }

  @AfterEach
  void tearDown() {
    proxy.close();
  }

  private PushRequest.Builder request(String repository) {
    return PushRequest.builder(Faults.exploded(), BaseImage.of("base/jre17:17"),
            new ImageTarget(proxy.host(), "app", repository, List.of("1")))
        .credentials(Credentials.of(ROBOT, SECRET.toCharArray()))
        .tls(TlsSettings.DEFAULT.withInsecure(true))
        .httpTimeout(Faults.SHORT_HTTP_TIMEOUT)
        .cacheDirectory(cache)
        .retryPolicy(QUICK_RETRIES);
  }

  @Test
  void aTokenServiceThatIsDownFailsThePushBeforeAnyUploadAndNamesTheTokenService() {
    proxy.when("GET", ANY_TOKEN).then(Fault.respond(503));

    PushException e = Faults.failure(request("token-down").build(), events);

    assertThat(e.kind()).isEqualTo(ErrorKind.REGISTRY);
    assertThat(e.getMessage()).contains("token service", "/service/token", "503");
    assertThat(harbor.blobUploads()).isEmpty();
    // Only the app's repository: the base image's manifest PUT of the set-up may be logged a moment late.
    assertThat(harbor.requests()).noneMatch(r -> r.path().startsWith("/v2/app/") && r.path().contains("/manifests/")
        && r.method().equals("PUT"));
  }

  /**
   * Jib reports a token service's 503 as a failed authentication ({@code RegistryAuthenticationFailedException}); the
   * engine reads the status behind it, reports a REGISTRY error naming the token service, and retries the push, which
   * succeeds.
   */
  @Test
  void aTokenServiceFailingTwiceDuringThePushIsRetriedAndThePushSucceeds() {
    FaultRule rule = proxy.when("GET", JIBS_TOKEN).times(2).then(Fault.respond(503));

    PushResult result = Faults.success(request("token-flaky").build(), events);

    assertThat(rule.applied()).isEqualTo(2);
    assertThat(Faults.pushRetries(events)).isNotEmpty().allSatisfy(r -> assertThat(r.reason()).contains("503"));
    assertThat(result.tags()).containsExactly("1");
  }

  /**
   * A token service that keeps answering 503 is an outage, not bad credentials: not AUTHENTICATION; the message names
   * the token service and the status; no tag.
   */
  @Test
  void aTokenServiceFailingThroughoutThePushIsNotReportedAsBadCredentials() {
    proxy.when("GET", JIBS_TOKEN).then(Fault.respond(503));

    PushException e = Faults.failure(request("token-outage").build(), events);

    assertThat(e.kind()).isNotEqualTo(ErrorKind.AUTHENTICATION);
    assertThat(e.getMessage()).contains("503").containsIgnoringCase("token").doesNotContain("check the user name");
    assertThat(harbor.requests()).filteredOn(r -> r.method().equals("PUT") && r.path().startsWith("/v2/app/")
        && r.path().contains("/manifests/")).extracting(LoggedRequest::status).doesNotContain(201);
  }
}
