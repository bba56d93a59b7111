package io.jenkins.plugins.harborjib.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class TestRegistryTest {
  @RegisterExtension static TestRegistry plain = TestRegistry.plainHttp();
  @RegisterExtension static TestRegistry basic = TestRegistry.plainHttpWithBasicAuth();
  @RegisterExtension static TestRegistry https = TestRegistry.httpsWithBasicAuth();

  @Test
  void servesPlainHttpOnAFreeLoopbackPort() throws Exception {
    assertThat(plain.host()).isEqualTo("127.0.0.1:" + plain.port());
    assertThat(plain.url()).isEqualTo("http://127.0.0.1:" + plain.port());
    assertThat(plain.isHttps()).isFalse();
    assertThat(plain.hasCredentials()).isFalse();

    HttpResponse<String> response = Http.to(plain).get(plain.url() + "/v2/");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Docker-Distribution-Api-Version")).contains("registry/2.0");
  }

  @Test
  void asksForBasicCredentialsAndAcceptsTheGeneratedOnes() throws Exception {
    HttpResponse<String> anonymous = Http.to(basic).get(basic.url() + "/v2/");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("Www-Authenticate"))
        .contains("Basic realm=\"" + TestRegistry.BASIC_REALM + "\"");

    assertThat(Http.to(basic).basicAuth(basic.username(), basic.password()).get(basic.url() + "/v2/").statusCode())
        .isEqualTo(200);
    assertThat(Http.to(basic).basicAuth(basic.username(), basic.password() + "x").get(basic.url() + "/v2/")
        .statusCode()).isEqualTo(401);
  }

  @Test
  void keepsItsPasswordOutOfToStringAndTheHtpasswdFileUnreadableByOthers() throws Exception {
    assertThat(basic.password()).hasSizeGreaterThanOrEqualTo(20);
    assertThat(basic.toString()).doesNotContain(basic.password());
    String htpasswd = Files.readString(basic.configFile().resolveSibling("htpasswd"));
    assertThat(htpasswd).startsWith(basic.username() + ":$2y$").doesNotContain(basic.password());
    assertThat(PosixFilePermissions.toString(
        Files.getPosixFilePermissions(basic.configFile().resolveSibling("htpasswd")))).isEqualTo("rw-------");
    assertThat(basic.log()).doesNotContain(basic.password());
  }

  @Test
  void servesHttpsTrustedThroughItsOwnCaOnly() throws Exception {
    assertThat(https.url()).startsWith("https://127.0.0.1:");
    assertThat(Http.to(https).basicAuth(https.username(), https.password()).get(https.url() + "/v2/").statusCode())
        .isEqualTo(200);
    assertThat(Http.to(https).get(https.url() + "/v2/").statusCode()).isEqualTo(401);

    assertThatThrownBy(() -> Http.withDefaultTrust().get(https.url() + "/v2/"))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void offersItsCaAsPemAndAsACertDirForSkopeo() throws Exception {
    assertThat(https.caPem()).startsWith("-----BEGIN CERTIFICATE-----");
    Path certDir = https.caCertDir();
    try (var files = Files.list(certDir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("ca.crt");
    }
    assertThat(Files.readString(certDir.resolve("ca.crt"))).isEqualTo(https.caPem());
    assertThatThrownBy(plain::caCertDir).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void sendsClientsToTheTokenRealmWhenTokenAuthIsOn(@TempDir Path dir) throws Exception {
    Path bundle = TestCa.create().issueSigningCertificate("harbor-token-issuer").writeChain(dir.resolve("root.crt"));
    try (TestRegistry token = TestRegistry.builder()
        .tokenAuth("https://127.0.0.1:9/service/token", "harbor-registry", "harbor-token-issuer", bundle)
        .build()
        .start()) {
      HttpResponse<String> root = Http.to(token).get(token.url() + "/v2/");
      assertThat(root.statusCode()).isEqualTo(401);
      assertThat(root.headers().firstValue("Www-Authenticate"))
          .contains("Bearer realm=\"https://127.0.0.1:9/service/token\",service=\"harbor-registry\"");

      HttpResponse<String> manifest = Http.to(token).get(token.url() + "/v2/library/app/manifests/1.0");
      assertThat(manifest.statusCode()).isEqualTo(401);
      assertThat(manifest.headers().firstValue("Www-Authenticate").orElseThrow())
          .contains("scope=\"repository:library/app:pull\"");
      assertThat(token.isTokenAuth()).isTrue();
      assertThat(token.hasCredentials()).isFalse();
    }
  }

  @Test
  void withTokenAuthKeepsTheClientCredentialsForTheTokenServiceInsteadOfAnHtpasswdFile(@TempDir Path dir)
      throws Exception {
    Path bundle = TestCa.create().issueSigningCertificate("issuer").writeChain(dir.resolve("root.crt"));
    TestCa ca = TestCa.create();
    try (TestRegistry token = TestRegistry.builder().https(ca).htpasswd("robot$ci", "s3cret-for-the-token-service")
        .tokenAuth("https://127.0.0.1:9/service/token", "harbor-registry", "issuer", bundle).build().start()) {
      assertThat(token.isTokenAuth()).isTrue();
      assertThat(token.isBasicAuth()).isFalse();
      assertThat(token.username()).isEqualTo("robot$ci");
      assertThat(token.configFile().resolveSibling("htpasswd")).doesNotExist();
      assertThat(Files.readString(token.configFile())).contains("token:").doesNotContain("htpasswd");
      assertThat(Http.to(token).get(token.url() + "/v2/").headers().firstValue("Www-Authenticate").orElseThrow())
          .startsWith("Bearer ");
    }
  }

  @Test
  void survivesAKillAndRestartsOnTheSamePortWithTheSameStorage() throws Exception {
    try (TestRegistry registry = TestRegistry.plainHttp().start()) {
      int port = registry.port();
      String digest = pushBlob(registry, "fault/test", "a blob that must survive".getBytes(StandardCharsets.UTF_8));
      long pid = registry.pid();

      registry.kill();
      assertThat(registry.isRunning()).isFalse();
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));

      registry.restart();
      assertThat(registry.port()).isEqualTo(port);
      assertThat(registry.pid()).isNotEqualTo(pid);
      assertThat(Http.to(registry).head(registry.url() + "/v2/fault/test/blobs/" + digest).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void logsEveryRequestAndTellsBlobUploadsApart() throws Exception {
    try (TestRegistry registry = TestRegistry.plainHttp().start()) {
      Http.to(registry).get(registry.url() + "/v2/_catalog");
      assertThat(registry.blobUploads()).isEmpty();

      pushBlob(registry, "logged/repo", new byte[] {1, 2, 3});

      assertThat(registry.logLinesUpToNow()).anyMatch(l -> l.contains("\"GET /v2/_catalog HTTP/1.1\" 200"));
      assertThat(registry.blobUploads()).singleElement().asString().contains("PUT /v2/logged/repo/blobs/uploads/");
    }
  }

  @Test
  void stopsByItsOwnPidAndDeletesItsFolderOnClose() throws Exception {
    TestRegistry registry = TestRegistry.plainHttp().start();
    long pid = registry.pid();
    Path storage = registry.storageDirectory();
    assertThat(storage).isDirectory();

    registry.stop();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
    assertThat(storage).isDirectory();

    registry.close();
    assertThat(storage.getParent()).doesNotExist();
  }

  @Test
  void aRegistryFieldPerTestStartsBeforeTheTestAndIsGoneAfterIt() {
    TestRegistry perTest = TestRegistry.plainHttp();
    perTest.beforeEach(null);
    Path folder = perTest.configFile().getParent();
    long pid = perTest.pid();
    assertThat(perTest.isRunning()).isTrue();

    perTest.afterEach(null);

    assertThat(folder).doesNotExist();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
  }

  @Test
  void aClassRegistryStoppedByOneTestIsRestartedForTheNext() {
    TestRegistry shared = TestRegistry.plainHttp();
    shared.beforeAll(null);
    try {
      shared.beforeEach(null);
      int port = shared.port();
      shared.kill();
      shared.afterEach(null);

      shared.beforeEach(null);

      assertThat(shared.isRunning()).isTrue();
      assertThat(shared.port()).isEqualTo(port);
    } finally {
      shared.afterAll(null);
    }
  }

  /** Uploads a blob the way clients do (POST then PUT with the digest); returns its digest. */
  static String pushBlob(TestRegistry registry, String repository, byte[] content) throws Exception {
    Http http = Http.to(registry);
    HttpResponse<String> started = http.post(registry.url() + "/v2/" + repository + "/blobs/uploads/", new byte[0]);
    assertThat(started.statusCode()).isEqualTo(202);
    String location = started.headers().firstValue("Location").orElseThrow();
    String digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    String url = (location.startsWith("http") ? location : registry.url() + location)
        + (location.contains("?") ? "&" : "?") + "digest=" + digest;
    assertThat(http.put(url, content).statusCode()).isEqualTo(201);
    return digest;
  }
}
