package io.jenkins.plugins.harborjib.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.engine.BaseImage;
import io.jenkins.plugins.harborjib.engine.BuildMetadata;
import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.ContainerSettings;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.ImageFormat;
import io.jenkins.plugins.harborjib.engine.ImageTarget;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.PushRequest;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestJsonTest {
  private static final String ROBOT = "robot$app+ci";
  private static final String TOKEN = "Tok3n\"with\\escapes\u00e9-and-more";
  private static final String TOKEN_JSON = "Tok3n\\\"with\\\\escapes\\u00e9-and-more";

  @TempDir
  Path dir;

  /** A minimal valid request; {@code extra} is spliced in as further top-level fields. */
  private static String minimal(String extra) {
    return """
        {"protocolVersion": 1,
         "target": {"registry": "harbor.example.com", "project": "app", "repository": "demo", "tags": ["42"]},
         "baseImage": {"reference": "harbor.example.com/base/jre17:17"},
         "buildOutput": {"type": "auto", "directory": "."}%s}
        """.formatted(extra.isEmpty() ? "" : ", " + extra);
  }

  private static ProtocolRequest read(String json) throws PushException {
    return RequestJson.read(json.getBytes(StandardCharsets.UTF_8));
  }

  private static PushException rejected(String json) {
    try {
      read(json);
    } catch (PushException e) {
      return e;
    }
    throw new AssertionError("accepted: " + json);
  }

  @Test
  void readsAMinimalRequestWithDefaults() throws PushException {
    ProtocolRequest r = read(minimal(""));

    assertThat(r.push().target()).isEqualTo(new ImageTarget("harbor.example.com", "app", "demo", List.of("42")));
    assertThat(r.push().baseImage()).isEqualTo(BaseImage.of("harbor.example.com/base/jre17:17"));
    assertThat(r.push().buildOutput()).isEqualTo(new BuildOutput.AutoDetect(Path.of(".")));
    assertThat(r.push().credentials()).isEmpty();
    assertThat(r.push().tls()).isEqualTo(TlsSettings.DEFAULT);
    assertThat(r.push().httpTimeout()).isEqualTo(PushRequest.DEFAULT_HTTP_TIMEOUT);
    assertThat(r.verbosity()).isEqualTo(Verbosity.NORMAL);
    assertThat(r.proxyCredentials()).isEmpty();
  }

  @Test
  void keepsRobotNamesAndPasswordsExactlyAsSent() throws PushException {
    ProtocolRequest r = read(minimal(
        "\"credentials\": {\"username\": \"" + ROBOT + "\", \"password\": \"" + TOKEN_JSON + "\"}"));

    Credentials c = r.push().credentials().orElseThrow();
    assertThat(c.username()).isEqualTo(ROBOT);
    assertThat(c.password()).isEqualTo(TOKEN.toCharArray());
    assertThat(r.toString()).contains(ROBOT).doesNotContain(TOKEN).doesNotContain("Tok3n");
  }

  @Test
  void readsAPasswordThatSpansTheParsersBuffers() throws PushException {
    String longToken = "x".repeat(20_000) + "-end";

    ProtocolRequest r = read(minimal(
        "\"credentials\": {\"username\": \"u\", \"password\": \"" + longToken + "\"}"));

    assertThat(r.push().credentials().orElseThrow().password()).isEqualTo(longToken.toCharArray());
  }

  @Test
  void readsEveryField() throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    String json = """
        {"protocolVersion": 1,
         "target": {"registry": "localhost:5000", "project": "app", "repository": "team/demo", "tags": ["42", "latest"]},
         "credentials": {"username": "robot$app+ci", "password": "p1"},
         "baseImage": {"reference": "other.example.com/base/jre17@sha256:%s",
                       "credentials": {"username": "reader", "password": "p2"}},
         "buildOutput": {"type": "war", "war": "target/app.war", "appRoot": "/var/lib/jetty/webapps/ROOT"},
         "container": {"mainClass": "com.example.Main", "jvmFlags": ["-Xmx1g"], "programArguments": ["a", "b c"],
                       "environment": {"B": "2", "A": "1"}, "ports": ["8080", "53/udp"],
                       "labels": {"z": "last", "a": "first"}, "user": "1000", "workingDirectory": "/w",
                       "volumes": ["/data"], "format": "oci", "platforms": ["linux/arm64"],
                       "creationTime": "USE_CURRENT_TIMESTAMP", "appRoot": "/srv", "dependencyLayers": 1},
         "metadata": {"source": "https://git.example.com/x", "revision": "abc", "version": "1.2.3",
                      "created": "2025-11-27T21:54:00+01:00"},
         "tls": {"caFile": "%s", "insecure": true},
         "proxy": {"username": "proxy-user", "password": "p3"},
         "cacheDirectory": "/var/cache/harbor-jib",
         "httpTimeoutMillis": 1500,
         "verbosity": "verbose"}
        """.formatted("a".repeat(64), ca.toString().replace("\\", "\\\\"));
    Instant now = Instant.parse("2030-01-01T00:00:00Z");

    ProtocolRequest r = RequestJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
        Clock.fixed(now, ZoneOffset.UTC));

    PushRequest p = r.push();
    assertThat(p.target().tags()).containsExactly("42", "latest");
    assertThat(p.credentials().orElseThrow().password()).isEqualTo("p1".toCharArray());
    assertThat(p.baseImage().credentials().orElseThrow()).isEqualTo(Credentials.of("reader", "p2".toCharArray()));
    assertThat(p.buildOutput())
        .isEqualTo(new BuildOutput.War(Path.of("target/app.war"), Optional.of("/var/lib/jetty/webapps/ROOT")));
    ContainerSettings c = p.container();
    assertThat(c.mainClass()).contains("com.example.Main");
    assertThat(c.jvmFlags()).containsExactly("-Xmx1g");
    assertThat(c.programArguments()).containsExactly("a", "b c");
    assertThat(c.environment()).containsExactly(Map.entry("B", "2"), Map.entry("A", "1"));
    assertThat(c.ports()).containsExactly("8080", "53/udp");
    assertThat(c.labels()).containsExactly(Map.entry("z", "last"), Map.entry("a", "first"));
    assertThat(c.user()).contains("1000");
    assertThat(c.workingDirectory()).contains("/w");
    assertThat(c.volumes()).containsExactly("/data");
    assertThat(c.format()).isEqualTo(ImageFormat.OCI);
    assertThat(c.platforms()).containsExactly("linux/arm64");
    assertThat(c.creationTime()).contains(now);
    assertThat(c.appRoot()).isEqualTo("/srv");
    assertThat(c.dependencyLayers()).isEqualTo(1);
    assertThat(p.metadata().created()).contains(Instant.parse("2025-11-27T20:54:00Z"));
    assertThat(p.metadata().version()).contains("1.2.3");
    assertThat(p.tls().caCertificatesPem()).contains(Files.readString(ca));
    assertThat(p.tls().insecure()).isTrue();
    assertThat(r.proxyCredentials().orElseThrow()).isEqualTo(Credentials.of("proxy-user", "p3".toCharArray()));
    assertThat(p.cacheDirectory()).contains(Path.of("/var/cache/harbor-jib"));
    assertThat(p.httpTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(r.verbosity()).isEqualTo(Verbosity.VERBOSE);
  }

  @Test
  void roundTripsARequestWrittenByTheOtherSide() throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("Z", "1");
    env.put("A", "2");
    PushRequest push = PushRequest.builder(
            new BuildOutput.Exploded(Path.of("target/classes"), Optional.of(Path.of("target/dependency"))),
            BaseImage.of("harbor.example.com/base/jre17:17", Credentials.of("reader", "base-pw".toCharArray())),
            new ImageTarget("harbor.example.com", "app", "demo", List.of("42", "latest")))
        .credentials(Credentials.of(ROBOT, TOKEN.toCharArray()))
        .container(ContainerSettings.builder().mainClass("a.B").jvmFlags(List.of("-Xss1m")).environment(env)
            .putLabel("l", "v").format(ImageFormat.OCI).platforms(List.of("linux/amd64", "linux/arm64"))
            .creationTime(Instant.parse("2025-01-01T00:00:00Z")).appRoot("/opt/app").dependencyLayers(3).build())
        .metadata(new BuildMetadata(Optional.of("https://x"), Optional.of("r1"), Optional.empty(),
            Optional.of(Instant.parse("2025-02-03T04:05:06Z"))))
        .tls(new TlsSettings(Optional.of("PEM TEXT"), "Jenkins global CA", true))
        .cacheDirectory(Path.of("/cache"))
        .httpTimeout(Duration.ofSeconds(7))
        .build();
    ProtocolRequest sent = new ProtocolRequest(push, Verbosity.QUIET,
        Optional.of(Credentials.of("proxy", "proxy-pw".toCharArray())));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    RequestJson.write(sent, bytes);
    ProtocolRequest received = RequestJson.read(bytes.toByteArray());

    PushRequest p = received.push();
    assertThat(p.target()).isEqualTo(push.target());
    assertThat(p.baseImage()).isEqualTo(push.baseImage());
    assertThat(p.buildOutput()).isEqualTo(push.buildOutput());
    assertThat(p.credentials()).isEqualTo(push.credentials());
    assertThat(p.container()).usingRecursiveComparison().isEqualTo(push.container());
    assertThat(p.metadata()).isEqualTo(push.metadata());
    assertThat(p.tls()).isEqualTo(push.tls());
    assertThat(p.cacheDirectory()).isEqualTo(push.cacheDirectory());
    assertThat(p.httpTimeout()).isEqualTo(push.httpTimeout());
    assertThat(received.verbosity()).isEqualTo(Verbosity.QUIET);
    assertThat(received.proxyCredentials()).isEqualTo(sent.proxyCredentials());
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).endsWith("}\n").contains("\"protocolVersion\":1");
  }

  @Test
  void roundTripsEveryBuildOutputShape() throws Exception {
    for (BuildOutput output : List.of(new BuildOutput.AutoDetect(Path.of("m")),
        new BuildOutput.Exploded(Path.of("c"), Optional.empty()), new BuildOutput.ThinJar(Path.of("t.jar")),
        new BuildOutput.SpringBootJar(Path.of("b.jar")), new BuildOutput.War(Path.of("w.war"), Optional.empty()))) {
      PushRequest push = PushRequest.builder(output, BaseImage.of("b"),
          new ImageTarget("r", "p", "q", List.of("t"))).build();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      RequestJson.write(ProtocolRequest.of(push), bytes);
      assertThat(RequestJson.read(bytes.toByteArray()).push().buildOutput()).isEqualTo(output);
    }
  }

  @Test
  void stopsReadingAfterTheRequestObject() throws PushException {
    // A plugin that forgets to close standard input must not hang the CLI.
    InputStream neverEnds = new InputStream() {
      private final byte[] json = minimal("").getBytes(StandardCharsets.UTF_8);
      private int next;

      @Override
      public int read() {
        if (next < json.length) {
          return json[next++];
        }
        throw new AssertionError("read past the end of the request");
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (next >= json.length) {
          throw new AssertionError("read past the end of the request");
        }
        int n = Math.min(len, json.length - next);
        System.arraycopy(json, next, b, off, n);
        next += n;
        return n;
      }
    };

    assertThat(RequestJson.read(neverEnds).push().target().project()).isEqualTo("app");
  }

  @Test
  void rejectsAnUnknownFieldByItsPathAndSuggestsTheIntendedOne() {
    PushException e = rejected(minimal("").replace("\"tags\"", "\"tag\""));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.field()).contains("target.tag");
    assertThat(e.getMessage()).contains("unknown field 'target.tag'", "Did you mean 'tags'?");
  }

  @Test
  void rejectsAnUnknownTopLevelField() {
    PushException e = rejected(minimal("\"verbose\": true"));

    assertThat(e.field()).contains("verbose");
    assertThat(e.getMessage()).contains("Did you mean 'verbosity'?");
  }

  @Test
  void rejectsAFieldOfAnotherBuildOutputType() {
    PushException e = rejected(minimal("").replace("\"directory\": \".\"", "\"jar\": \"a.jar\""));

    assertThat(e.field()).contains("buildOutput.jar");
    assertThat(e.getMessage()).contains("buildOutput of type auto has type, directory");
  }

  @Test
  void wantsTheProtocolVersionFirst() {
    assertThat(rejected(minimal("").replace("\"protocolVersion\": 1,", "")).field()).contains("protocolVersion");
    PushException newer = rejected(minimal("\"fieldFromTheFuture\": 1").replace("\"protocolVersion\": 1", "\"protocolVersion\": 2"));
    assertThat(newer.field()).contains("protocolVersion");
    assertThat(newer.getMessage()).contains("protocolVersion 2 is not supported", "speaks protocol version 1");
  }

  @Test
  void namesMissingAndMistypedFields() {
    assertThat(rejected(minimal("").replace("\"project\": \"app\", ", "")).field()).contains("target.project");
    assertThat(rejected(minimal("").replace("[\"42\"]", "[]")).field()).contains("target.tags");
    assertThat(rejected(minimal("").replace("[\"42\"]", "[\"42\", 43]")).field()).contains("target.tags[1]");
    assertThat(rejected(minimal("").replace("[\"42\"]", "\"42\"")).getMessage())
        .contains("target.tags must be a JSON array of strings");
    assertThat(rejected(minimal("\"container\": {\"format\": \"rkt\"}")).field()).contains("container.format");
    assertThat(rejected(minimal("\"container\": {\"dependencyLayers\": 1.5}")).field())
        .contains("container.dependencyLayers");
    assertThat(rejected(minimal("\"container\": {\"environment\": {\"A\": 1}}")).field())
        .contains("container.environment.A");
    assertThat(rejected(minimal("\"httpTimeoutMillis\": -1")).field()).contains("httpTimeoutMillis");
    assertThat(rejected(minimal("\"verbosity\": \"loud\"")).field()).contains("verbosity");
    assertThat(rejected(minimal("\"container\": {\"creationTime\": \"yesterday\"}")).field())
        .contains("container.creationTime");
    assertThat(rejected(minimal("\"tls\": {\"caPem\": \"x\", \"caFile\": \"y\"}")).field()).contains("tls.caFile");
    assertThat(rejected(minimal("").replace("\"type\": \"auto\"", "\"type\": \"ear\"")).field())
        .contains("buildOutput.type");
    assertThat(rejected(minimal("\"credentials\": {\"username\": \"u\"}")).field()).contains("credentials.password");
  }

  @Test
  void rejectsAFieldGivenTwice() {
    PushException e = rejected(minimal("\"cacheDirectory\": \"a\", \"cacheDirectory\": \"b\""));

    assertThat(e.field()).contains("cacheDirectory");
    assertThat(e.getMessage()).contains("appears twice");
  }

  @Test
  void neverQuotesAPasswordOfTheWrongType() {
    PushException e = rejected(minimal("\"credentials\": {\"username\": \"u\", \"password\": 987654321}"));

    assertThat(e.field()).contains("credentials.password");
    assertThat(e.getMessage()).isEqualTo("credentials.password must be a JSON string").doesNotContain("987654321");
  }

  @Test
  void neverQuotesTheRequestTextWhenItIsNotJson() {
    // An unquoted password is a syntax error; Jackson's own message would quote the token.
    PushException e = rejected(minimal("\"credentials\": {\"username\": \"u\", \"password\": hunter2secret}"));

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.getMessage()).contains("not valid JSON", "line", "column").doesNotContain("hunter2");
  }

  @Test
  void saysWhenTheRequestIsCutShortOrMissing() {
    assertThat(rejected(minimal("").substring(0, 40)).getMessage()).contains("ends in the middle");
    assertThat(rejected("").getMessage()).contains("standard input held no request");
    assertThat(rejected("[1]").getMessage()).contains("must be one JSON object");
  }

  @Test
  void acceptsNullForOptionalFields() throws PushException {
    ProtocolRequest r = read(minimal("\"credentials\": null, \"container\": {\"mainClass\": null}, \"tls\": null"));

    assertThat(r.push().credentials()).isEmpty();
    assertThat(r.push().container().mainClass()).isEmpty();
  }

  @Test
  void readsEnumValuesInAnyCase() throws PushException {
    ProtocolRequest r = read(minimal("\"container\": {\"format\": \"DOCKER\"}, \"verbosity\": \"Quiet\""));

    assertThat(r.push().container().format()).isEqualTo(ImageFormat.DOCKER);
    assertThat(r.verbosity()).isEqualTo(Verbosity.QUIET);
  }

  @Test
  void namesAnUnreadableCaFile() {
    PushException e = rejected(minimal("\"tls\": {\"caFile\": \"" + dir.resolve("none.pem") + "\"}"));

    assertThat(e.field()).contains("tls.caFile");
  }

  @Test
  void writesPasswordsOnlyWhereTheyBelong() throws IOException {
    PushRequest push = PushRequest.builder(new BuildOutput.AutoDetect(Path.of(".")), BaseImage.of("b"),
        new ImageTarget("r", "p", "q", List.of("t"))).credentials(Credentials.of(ROBOT, TOKEN.toCharArray())).build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    RequestJson.write(ProtocolRequest.of(push), bytes);

    String json = bytes.toString(StandardCharsets.UTF_8);
    assertThat(json).contains("\"credentials\":{\"username\":\"robot$app+ci\",\"password\":\"" + TOKEN_JSON.replace("\\u00e9", "\u00e9") + "\"}");
  }
  @Test
  void readsTheHarborSectionAndWritesItBack() throws Exception {
    ProtocolRequest r = read(minimal("""
        "harbor": {"url": "https://harbor.example.com", "createProject": true, "labels": ["qa-passed"],
                   "scan": {"threshold": "critical", "onViolation": "unstable", "allowList": ["CVE-2026-1"],
                            "timeoutSeconds": 120, "trigger": false, "sbom": true}},
        "retry": {"attempts": 2, "firstBackoffMillis": 50}"""));

    io.jenkins.plugins.harborjib.engine.HarborSettings h = r.push().harbor();
    assertThat(h.mode()).isEqualTo(io.jenkins.plugins.harborjib.engine.HarborSettings.Mode.REQUIRED);
    assertThat(h.url()).contains(java.net.URI.create("https://harbor.example.com"));
    assertThat(h.createProject()).isTrue();
    assertThat(h.projectPublic()).isFalse();
    assertThat(h.labels()).containsExactly("qa-passed");
    assertThat(h.scan()).hasValueSatisfying(s -> {
      assertThat(s.threshold()).isEqualTo(io.jenkins.plugins.harborjib.engine.harbor.Severity.CRITICAL);
      assertThat(s.onViolation()).isEqualTo(io.jenkins.plugins.harborjib.engine.HarborSettings.OnViolation.UNSTABLE);
      assertThat(s.allowList()).containsExactly("CVE-2026-1");
      assertThat(s.timeout()).isEqualTo(Duration.ofMinutes(2));
      assertThat(s.triggerScan()).isFalse();
      assertThat(s.requestSbom()).isTrue();
    });
    assertThat(r.push().retryPolicy()).isEqualTo(new io.jenkins.plugins.harborjib.engine.RetryPolicy(2,
        Duration.ofMillis(50)));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RequestJson.write(r, out);
    ProtocolRequest again = RequestJson.read(out.toByteArray());
    assertThat(again.push().harbor()).isEqualTo(h);
    assertThat(again.push().retryPolicy()).isEqualTo(r.push().retryPolicy());
  }

  @Test
  void withoutAHarborSectionTheRegistryIsAskedWhetherItIsHarbor() throws Exception {
    assertThat(read(minimal("")).push().harbor())
        .isEqualTo(io.jenkins.plugins.harborjib.engine.HarborSettings.AUTO);
    assertThat(read(minimal("\"harbor\": {\"mode\": \"off\"}")).push().harbor().mode())
        .isEqualTo(io.jenkins.plugins.harborjib.engine.HarborSettings.Mode.OFF);
  }

  @Test
  void rejectsBadHarborValuesNamingTheField() {
    assertThat(rejected(minimal("\"harbor\": {\"scan\": {\"threshold\": \"severe\"}}")).field())
        .contains("harbor.scan.threshold");
    assertThat(rejected(minimal("\"harbor\": {\"url\": \"harbor.example.com\"}")).field())
        .contains("harbor.url");
    assertThat(rejected(minimal("\"harbor\": {\"mode\": \"maybe\"}")).field()).contains("harbor.mode");
    assertThat(rejected(minimal("\"harbor\": {\"scan\": {\"timeoutSeconds\": 0}}")).field())
        .contains("harbor.scan.timeoutSeconds");
    assertThat(rejected(minimal("\"harbor\": {\"lables\": []}")).getMessage()).contains("Did you mean 'labels'");
    assertThat(rejected(minimal("\"retry\": {\"attempts\": 0}")).field()).contains("retry.attempts");
  }
}
