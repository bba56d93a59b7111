package io.jenkins.plugins.harborjib.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fault proxy in front of the real registry: it forwards faithfully, and faults exactly what its rules pick. */
class FaultProxyTest {
  @RegisterExtension
  static TestRegistry registry = TestRegistry.plainHttp();

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private FaultProxy proxy;

  @BeforeEach
  void startProxy() {
    proxy = FaultProxy.to(registry).start();
  }

  @AfterEach
  void closeProxy() {
    proxy.close();
  }

  @Test
  void forwardsAnUploadAndADownloadByteForByteOverOneKeptAliveConnection() throws Exception {
    byte[] blob = randomBytes(300_000);
    String digest = sha256(blob);

    HttpResponse<String> ping = http.send(get("/v2/"), HttpResponse.BodyHandlers.ofString());
    String location = startUpload("demo");
    // A body of unknown length travels chunked, as Jib sends blobs.
    HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(location + "&digest=" + digest))
        .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(blob))).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<byte[]> back = http.send(get("/v2/demo/blobs/" + digest), HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(proxy.url() + "/v2/demo/blobs/" + digest))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());

    assertThat(ping.statusCode()).isEqualTo(200);
    assertThat(location).startsWith(proxy.url() + "/v2/demo/blobs/uploads/");
    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(back.statusCode()).isEqualTo(200);
    assertThat(back.body()).isEqualTo(blob);
    assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(blob.length);
    assertThat(proxy.requests()).extracting(RecordedRequest::method, RecordedRequest::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple("GET", 200), org.assertj.core.groups.Tuple.tuple("POST", 202),
        org.assertj.core.groups.Tuple.tuple("PUT", 201), org.assertj.core.groups.Tuple.tuple("GET", 200),
        org.assertj.core.groups.Tuple.tuple("HEAD", 200));
    assertThat(proxy.requests()).noneMatch(RecordedRequest::faulted);
    assertThat(proxy.connectionsAccepted()).isEqualTo(1);
  }

  @Test
  void answersOnlyTheChosenOccurrenceWithItsOwnStatusWithoutForwardingIt() throws Exception {
    FaultRule rule = proxy.when("GET", "^/v2/$").nth(2).then(Fault.respond(503));
    long before = pingsSeenByRegistry();

    List<Integer> statuses = List.of(status(get("/v2/")), status(get("/v2/")), status(get("/v2/")));

    assertThat(statuses).containsExactly(200, 503, 200);
    assertThat(rule.matched()).isEqualTo(3);
    assertThat(rule.applied()).isEqualTo(1);
    assertThat(proxy.requests("GET", "^/v2/$")).extracting(r -> r.fault().orElse(""))
        .containsExactly("", "respond 503", "");
    assertThat(pingsSeenByRegistry() - before).isEqualTo(2);
  }

  @Test
  void answersWithABodyOfItsOwnWhenGivenOne() throws Exception {
    String body = "{\"errors\":[{\"code\":\"MANIFEST_BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\"}]}";
    proxy.when("PUT", "/manifests/").then(Fault.respond(400, "application/json", body));

    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(proxy.url() + "/v2/x/manifests/1"))
        .PUT(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(r.body()).isEqualTo(body);
  }

  @Test
  void timesAndFromPickWindowsOfOccurrencesAndTheFirstRuleAddedWins() throws Exception {
    proxy.when("GET", "^/v2/$").times(2).then(Fault.respond(502));
    proxy.when(FaultRule.ANY, "^/v2/").from(2).then(Fault.respond(504));

    List<Integer> statuses = List.of(status(get("/v2/")), status(get("/v2/")), status(get("/v2/")),
        status(get("/v2/")));

    assertThat(statuses).containsExactly(502, 502, 504, 504);
  }

  @Test
  void rulesCanBeRemovedAndClearedWhileItRuns() throws Exception {
    FaultRule rule = proxy.when("GET", "/v2/").then(Fault.respond(502));
    assertThat(status(get("/v2/"))).isEqualTo(502);
    rule.remove();
    assertThat(status(get("/v2/"))).isEqualTo(200);
    proxy.when("GET", "/v2/").then(Fault.respond(503));
    assertThat(status(get("/v2/"))).isEqualTo(503);
    proxy.clearRules();
    assertThat(status(get("/v2/"))).isEqualTo(200);
    assertThat(proxy.rules()).isEmpty();
  }

  @Test
  void delaysAndThenForwards() throws Exception {
    proxy.when("GET", "^/v2/$").then(Fault.delay(Duration.ofMillis(400)));
    long start = System.nanoTime();
    assertThat(status(get("/v2/"))).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
  }

  @Test
  void cutsTheResponseAfterExactlyTheGivenBodyBytes() throws Exception {
    byte[] blob = randomBytes(100_000);
    String digest = pushBlob("cut", blob);
    proxy.when("GET", "/blobs/sha256:").then(Fault.cutResponseAfter(1_000));

    RawExchange r = raw("GET /v2/cut/blobs/" + digest + " HTTP/1.1\r\nHost: " + proxy.host() + "\r\n\r\n");

    assertThat(r.head()).startsWith("HTTP/1.1 200").contains("Content-Length: 100000");
    assertThat(r.body()).hasSize(1_000).isEqualTo(java.util.Arrays.copyOf(blob, 1_000));
    assertThat(r.failure()).isNull(); // an orderly end of stream, 99000 bytes early
    assertThat(proxy.requests("GET", "/blobs/sha256:")).singleElement()
        .satisfies(q -> assertThat(q.fault()).hasValue("cut response after 1000 body bytes"));
  }

  @Test
  void resetsTheConnectionBeforeForwardingAnything() throws Exception {
    proxy.when("PATCH", "/blobs/uploads/").then(Fault.reset());
    String location = startUpload("reset");
    String path = URI.create(location).getRawPath() + "?" + URI.create(location).getRawQuery();

    RawExchange r = raw("PATCH " + path + " HTTP/1.1\r\nHost: " + proxy.host() + "\r\nContent-Length: 5\r\n\r\nhello");

    assertThat(r.failure()).isInstanceOf(SocketException.class).hasMessageContaining("reset");
    assertThat(r.head()).isEmpty();
    assertThat(registry.logLinesUpToNow()).noneMatch(l -> l.contains("PATCH /v2/reset/"));
  }

  @Test
  void cutsTheRequestAfterTheGivenBodyBytesSoTheServerGetsOnlyThose() throws Exception {
    proxy.when("PATCH", "/blobs/uploads/").then(Fault.cutRequestAfter(3));
    String location = startUpload("cut-request");
    String path = URI.create(location).getRawPath() + "?" + URI.create(location).getRawQuery();

    RawExchange r = raw("PATCH " + path + " HTTP/1.1\r\nHost: " + proxy.host() + "\r\nContent-Length: 5\r\n\r\nhello");

    assertThat(r.head()).isEmpty(); // no answer at all
    assertThat(proxy.requests("PATCH", "")).singleElement().satisfies(q -> assertThat(q.status()).isZero());
    assertThat(registry.logLinesUpToNow()).anyMatch(l -> l.contains("client disconnected during blob PATCH")
        && l.contains("copied=3") && l.contains("/v2/cut-request/"));
  }

  @Test
  void hangsUntilTheClientGivesUpOrTheProxyCloses() throws Exception {
    proxy.when("GET", "^/v2/$").then(Fault.hang());
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
      s.setSoTimeout(500);
      s.getOutputStream().write(("GET /v2/ HTTP/1.1\r\nHost: " + proxy.host() + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);

      proxy.close();
      s.setSoTimeout(5_000);
      int end;
      try {
        end = s.getInputStream().read();
      } catch (SocketException e) {
        end = -1;
      }
      assertThat(end).isEqualTo(-1);
    }
    assertThat(proxy.requests()).singleElement().satisfies(q -> {
      assertThat(q.status()).isZero();
      assertThat(q.fault()).hasValue("hang");
    });
  }

  @Test
  void answers502WhileNothingListensBehindItAndForwardsAgainOnceTheServerIsBack() throws Exception {
    proxy.when("GET", "/v2/_catalog").nth(1).then(Fault.run("kill the registry", registry::kill));

    int whileKilled = status(get("/v2/_catalog"));
    int stillDown = status(get("/v2/"));
    registry.restart();
    int back = status(get("/v2/"));

    assertThat(whileKilled).isEqualTo(502);
    assertThat(stillDown).isEqualTo(502);
    assertThat(back).isEqualTo(200);
  }

  @Test
  void rewritesTheServersAddressInLocationAndWwwAuthenticateToItsOwn() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    String self = "127.0.0.1:" + server.getAddress().getPort();
    server.createContext("/", ex -> {
      ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + self + "/service/token\","
          + "service=\"harbor-registry\"");
      ex.getResponseHeaders().add("Location", "http://" + self + "/v2/x/blobs/uploads/1");
      ex.getResponseHeaders().add("X-Other", "http://" + self + "/");
      ex.sendResponseHeaders(401, -1);
      ex.close();
    });
    server.start();
    try (FaultProxy front = FaultProxy.to("127.0.0.1", server.getAddress().getPort()).start()) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(front.url() + "/v2/")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"http://" + front.host()
          + "/service/token\",service=\"harbor-registry\"");
      assertThat(r.headers().firstValue("Location")).hasValue("http://" + front.host() + "/v2/x/blobs/uploads/1");
      assertThat(r.headers().firstValue("X-Other")).hasValue("http://" + self + "/");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void closingFreesThePortAndKeepsTheRecord() throws Exception {
    assertThat(status(get("/v2/"))).isEqualTo(200);
    int port = proxy.port();
    proxy.close();

    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
        .isInstanceOf(ConnectException.class);
    assertThat(proxy.requests()).hasSize(1);
  }

  @Test
  void refusesHttpsUpstreamsItCannotRead() {
    try (TestRegistry https = TestRegistry.https()) {
      https.start();
      assertThatThrownBy(() -> FaultProxy.to(https)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  // ---- helpers ------------------------------------------------------------------------------------------------

  private static long pingsSeenByRegistry() {
    return registry.logLinesUpToNow().stream().filter(l -> l.contains("\"GET /v2/ ")).count();
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(URI.create(proxy.url() + path)).timeout(Duration.ofSeconds(20)).build();
  }

  private int status(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private String startUpload(String repository) throws Exception {
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(proxy.url() + "/v2/" + repository
        + "/blobs/uploads/")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(202);
    return post.headers().firstValue("Location").orElseThrow();
  }

  private String pushBlob(String repository, byte[] blob) throws Exception {
    String digest = sha256(blob);
    String location = startUpload(repository);
    int status = http.send(HttpRequest.newBuilder(URI.create(location + "&digest=" + digest))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(blob)).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
    assertThat(status).isEqualTo(201);
    proxy.clearRequests();
    return digest;
  }

  /** What a raw socket got back: the head, the body bytes after it, and how reading ended. */
  private record RawExchange(String head, byte[] body, IOException failure) {}

  private RawExchange raw(String request) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      IOException failure = null;
      InputStream in = s.getInputStream();
      try {
        in.transferTo(all);
      } catch (IOException e) {
        failure = e;
      }
      byte[] bytes = all.toByteArray();
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      if (end < 0) {
        return new RawExchange(text, new byte[0], failure);
      }
      return new RawExchange(text.substring(0, end), java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length),
          failure);
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static String sha256(byte[] b) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
