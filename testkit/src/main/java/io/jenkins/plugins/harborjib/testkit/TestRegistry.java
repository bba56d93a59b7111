package io.jenkins.plugins.harborjib.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The CNCF distribution registry (Debian's {@code docker-registry}, what Harbor runs inside) as a child process on
 * a free 127.0.0.1 port, with a generated configuration and storage in a temporary folder.
 *
 * <p>As a JUnit 5 extension: {@code @RegisterExtension static TestRegistry registry = TestRegistry.plainHttp();}
 * starts it once for the class (a test that stopped or killed it gets it restarted before the next test), and a
 * non-static field gives each test its own. Without JUnit: {@link #start()} and {@link #close()}. A missing
 * {@code docker-registry} skips the test, or fails it under {@code CI=true} (see {@link RequiredTools}).
 *
 * <p>Every line the registry prints (its log and its access log) is kept: see {@link #logLines()} and
 * {@link #blobUploads()}. The generated password never appears in any output, message or command line.
 */
public final class TestRegistry
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback, AutoCloseable {
  /** The realm of the basic-auth challenge: {@code Www-Authenticate: Basic realm="harbor-jib-test"}. */
  public static final String BASIC_REALM = "harbor-jib-test";

  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern BLOB_UPLOAD = Pattern.compile("\"(PUT|PATCH) /v2/\\S+/blobs/uploads/");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long START_TIMEOUT_SECONDS = 30;

  private final TestCa ca;
  private final IssuedCertificate serverCertificate;
  private final String username;
  private final String password;
  private final boolean htpasswd;
  private final TokenAuth tokenAuth;
  private final String notificationUrl;
  private final String httpSecret = HexFormat.of().formatHex(randomBytes(16));
  private final List<String> log = new ArrayList<>();

  private Path directory;
  private volatile Process process;
  private Thread reader;
  private int port;
  private Runnable atExit;
  private boolean classScoped;
  private boolean startedForTest;

  private TestRegistry(Builder b) {
    this.ca = b.ca;
    this.serverCertificate = b.serverCertificate;
    this.username = b.username;
    this.password = b.password;
    this.htpasswd = b.htpasswd;
    this.tokenAuth = b.tokenAuth;
    this.notificationUrl = b.notificationUrl;
  }

  /** Plain HTTP, anonymous: {@code GET /v2/} answers 200. */
  public static TestRegistry plainHttp() {
    return builder().build();
  }

  /** Plain HTTP with basic auth for a generated user and random password. */
  public static TestRegistry plainHttpWithBasicAuth() {
    return builder().htpasswd().build();
  }

  /** HTTPS with a server certificate from a new {@link TestCa}, anonymous. */
  public static TestRegistry https() {
    return builder().https().build();
  }

  /** HTTPS with a new {@link TestCa} and basic auth for a generated user and random password. */
  public static TestRegistry httpsWithBasicAuth() {
    return builder().https().htpasswd().build();
  }

  /** For other combinations, bad certificates and token auth. */
  public static Builder builder() {
    return new Builder();
  }

  // ---- lifecycle ----------------------------------------------------------------------------------------------

  /** Starts the registry if it is not running (on its previous port and storage if it ran before); returns this. */
  public synchronized TestRegistry start() {
    RequiredTools.requireDockerRegistry();
    if (isRunning()) {
      return this;
    }
    try {
      if (directory == null) {
        directory = Files.createTempDirectory("harbor-jib-registry-");
        Path dir = directory;
        atExit = Cleanup.atExit(() -> {
          Process p = process;
          if (p != null) {
            p.destroyForcibly();
          }
          Cleanup.deleteRecursively(dir);
        });
        writeFiles();
      }
      Files.writeString(directory.resolve("config.yml"), config(port));
      launch();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare the test registry in " + directory, e);
    }
  }

  /** Stops the registry by its own PID (SIGTERM, then SIGKILL after 10 s); port and storage are kept. */
  public synchronized void stop() {
    Cleanup.stop(process, 10);
    joinReader();
  }

  /** Kills the registry abruptly (SIGKILL), as a crash would; port and storage are kept for {@link #restart()}. */
  public synchronized void kill() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    joinReader();
  }

  /** Stops the registry if it runs and starts it again on the same port with the same storage; returns this. */
  public synchronized TestRegistry restart() {
    stop();
    return start();
  }

  /** Stops the registry and deletes its folder (storage, configuration, certificates, htpasswd). */
  @Override
  public synchronized void close() {
    stop();
    Cleanup.cancel(atExit);
    atExit = null;
    Cleanup.deleteRecursively(directory);
    directory = null;
    process = null;
    port = 0;
  }

  /** Whether the registry process is alive. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The registry's process id. */
  public synchronized long pid() {
    return started().pid();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    classScoped = true;
    if (RequiredTools.isOnPath("docker-registry")) {
      start();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    RequiredTools.requireDockerRegistry();
    if (!classScoped && !isRunning()) {
      startedForTest = true;
    }
    start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (startedForTest) {
      startedForTest = false;
      close();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  // ---- accessors ----------------------------------------------------------------------------------------------

  /** {@code 127.0.0.1:PORT}, the registry part of an image reference. */
  public synchronized String host() {
    started();
    return "127.0.0.1:" + port;
  }

  public synchronized int port() {
    started();
    return port;
  }

  /** {@code http://127.0.0.1:PORT} or {@code https://127.0.0.1:PORT}. */
  public String url() {
    return (isHttps() ? "https://" : "http://") + host();
  }

  /** {@code host()/repositoryAndTag}, e.g. {@code reference("base/jre17:17")}. */
  public String reference(String repositoryAndTag) {
    return host() + "/" + repositoryAndTag;
  }

  public boolean isHttps() {
    return ca != null;
  }

  /**
   * Whether this registry has a user name and password for clients: always with basic auth; with token auth when
   * the builder was given them (the token service checks them).
   */
  public boolean hasCredentials() {
    return username != null;
  }

  public boolean isBasicAuth() {
    return htpasswd;
  }

  public boolean isTokenAuth() {
    return tokenAuth != null;
  }

  /** The CA that issued the server certificate. */
  public TestCa ca() {
    if (ca == null) {
      throw new IllegalStateException("This test registry serves plain HTTP: it has no CA");
    }
    return ca;
  }

  /** The CA certificate as PEM text. */
  public String caPem() {
    return ca().caPem();
  }

  /** A folder holding only {@code ca.crt}, for skopeo's {@code --cert-dir}. */
  public synchronized Path caCertDir() {
    ca();
    return folder().resolve("certs.d");
  }

  /**
   * The user name clients present. With basic auth the registry checks it; with token auth the caller's token
   * service does.
   */
  public String username() {
    requireCredentials();
    return username;
  }

  /** The password clients present (generated unless the builder was given one). Never print it. */
  public String password() {
    requireCredentials();
    return password;
  }

  /** The password as a fresh char array. */
  public char[] passwordChars() {
    return password().toCharArray();
  }

  /** The registry's storage root (the filesystem driver's {@code rootdirectory}). */
  public synchronized Path storageDirectory() {
    return folder().resolve("storage");
  }

  /** The generated {@code config.yml}. */
  public synchronized Path configFile() {
    return folder().resolve("config.yml");
  }

  /** Every line the registry printed (log and access log) since it was first started, in order. */
  public List<String> logLines() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  /** {@link #logLines()} joined with newlines. */
  public String log() {
    return String.join("\n", logLines());
  }

  /**
   * {@link #logLines()} once the registry has logged every request that completed before this call: sends a
   * marker request and waits (up to 10 s) for its access-log line. Use it before asserting on the log. (The
   * marker goes through a client that trusts the registry's CA, so it fails on a registry serving an expired or
   * wrong-host certificate; use {@link #logLines()} there.)
   */
  public List<String> logLinesUpToNow() {
    String marker = "harbor-jib-log-marker=" + UUID.randomUUID();
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (isHttps()) {
      client.sslContext(ca.sslContext());
    }
    try {
      client.build().send(HttpRequest.newBuilder(URI.create(url() + "/v2/?" + marker)).timeout(Duration.ofSeconds(10))
          .build(), HttpResponse.BodyHandlers.discarding());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline) {
        List<String> lines = logLines();
        if (lines.stream().anyMatch(l -> l.contains(marker))) {
          return lines;
        }
        Thread.sleep(20);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("The test registry did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new IllegalStateException("The test registry did not log a request within 10 s");
  }

  /**
   * The access-log lines of blob uploads ({@code PUT} or {@code PATCH} on {@code /v2/.../blobs/uploads/}), up to
   * now (see {@link #logLinesUpToNow()}).
   */
  public List<String> blobUploads() {
    return logLinesUpToNow().stream().filter(l -> BLOB_UPLOAD.matcher(l).find()).collect(Collectors.toList());
  }

  @Override
  public String toString() {
    String where = directory == null ? "not started" : port == 0 ? "starting" : "127.0.0.1:" + port;
    return "TestRegistry{" + where + (isHttps() ? ", https" : ", http") + (htpasswd ? ", basic auth" : "")
        + (tokenAuth != null ? ", token auth" : "") + "}";
  }

  // ---- internals ----------------------------------------------------------------------------------------------

  private void requireCredentials() {
    if (username == null) {
      throw new IllegalStateException("This test registry is anonymous: it has no user name or password");
    }
  }

  private Process started() {
    if (process == null || port == 0) {
      throw new IllegalStateException("The test registry is not started");
    }
    return process;
  }

  private Path folder() {
    if (directory == null) {
      throw new IllegalStateException("The test registry is not started");
    }
    return directory;
  }

  private void writeFiles() throws IOException {
    Files.createDirectories(directory.resolve("storage"));
    if (ca != null) {
      Path tls = Files.createDirectories(directory.resolve("tls"));
      serverCertificate.writeChain(tls.resolve("server.crt"));
      serverCertificate.writePrivateKey(tls.resolve("server.key"));
      ca.writeCertDir(directory.resolve("certs.d"));
    }
    if (htpasswd) {
      Path file = directory.resolve("htpasswd");
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      // Cost 4: the registry checks the hash on every request, and these are throwaway passwords.
      String hash = OpenBSDBCrypt.generate("2y", password.toCharArray(), randomBytes(16), 4);
      Files.writeString(file, username + ":" + hash + "\n");
    }
  }

  private String config(int listenPort) {
    StringBuilder y = new StringBuilder();
    y.append("version: 0.1\n");
    y.append("log:\n  level: info\n  formatter: text\n");
    y.append("storage:\n  filesystem:\n    rootdirectory: ").append(q(directory.resolve("storage"))).append('\n');
    y.append("  delete:\n    enabled: true\n");
    y.append("  maintenance:\n    uploadpurging:\n      enabled: false\n");
    y.append("http:\n  addr: ").append(q("127.0.0.1:" + listenPort)).append('\n');
    y.append("  secret: ").append(q(httpSecret)).append('\n');
    y.append("  draintimeout: 2s\n");
    if (ca != null) {
      y.append("  tls:\n    certificate: ").append(q(directory.resolve("tls/server.crt"))).append('\n');
      y.append("    key: ").append(q(directory.resolve("tls/server.key"))).append('\n');
    }
    if (tokenAuth != null) {
      y.append("auth:\n  token:\n    realm: ").append(q(tokenAuth.realm)).append('\n');
      y.append("    service: ").append(q(tokenAuth.service)).append('\n');
      y.append("    issuer: ").append(q(tokenAuth.issuer)).append('\n');
      y.append("    rootcertbundle: ").append(q(tokenAuth.rootCertBundle)).append('\n');
    } else if (htpasswd) {
      y.append("auth:\n  htpasswd:\n    realm: ").append(q(BASIC_REALM)).append('\n');
      y.append("    path: ").append(q(directory.resolve("htpasswd"))).append('\n');
    }
    if (notificationUrl != null) {
      y.append("notifications:\n  endpoints:\n    - name: harbor-jib-test\n      url: ").append(q(notificationUrl))
          .append("\n      timeout: 3s\n      threshold: 5\n      backoff: 1s\n");
    }
    return y.toString();
  }

  private static String q(Object value) {
    try {
      return JSON.writeValueAsString(value.toString()); // a JSON string is a YAML double-quoted scalar
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private void launch() throws IOException {
    ProcessBuilder pb = new ProcessBuilder(RequiredTools.executable("docker-registry").toString(), "serve",
        directory.resolve("config.yml").toString())
        .directory(directory.toFile())
        .redirectErrorStream(true);
    // REGISTRY_* variables would override the generated configuration.
    pb.environment().keySet().removeIf(k -> k.startsWith("REGISTRY_"));
    CompletableFuture<Integer> listening = new CompletableFuture<>();
    Process p = pb.start();
    p.getOutputStream().close();
    Thread t = new Thread(() -> readOutput(p, listening), "docker-registry-" + p.pid());
    t.setDaemon(true);
    t.start();
    process = p;
    reader = t;
    try {
      int actual = listening.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (port != 0 && port != actual) {
        throw new IllegalStateException("docker-registry came back on port " + actual + " instead of " + port);
      }
      port = actual;
    } catch (TimeoutException | ExecutionException e) {
      Cleanup.killTree(p);
      joinReader();
      throw new IllegalStateException("docker-registry did not start listening within " + START_TIMEOUT_SECONDS
          + " s (exit code " + (p.isAlive() ? "none" : p.exitValue()) + "); its log:\n" + log(), e);
    } catch (InterruptedException e) {
      Cleanup.killTree(p);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting docker-registry", e);
    }
  }

  private void readOutput(Process p, CompletableFuture<Integer> listening) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (log) {
          log.add(line);
        }
        if (!listening.isDone()) {
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            listening.complete(Integer.parseInt(m.group(1)));
          }
        }
      }
    } catch (IOException e) {
      // The stream closes when the process dies.
    } finally {
      listening.completeExceptionally(new IllegalStateException("docker-registry exited"));
    }
  }

  private void joinReader() {
    if (reader != null) {
      try {
        reader.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      reader = null;
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  static String randomPassword() {
    String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 24; i++) {
      s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  private record TokenAuth(String realm, String service, String issuer, Path rootCertBundle) {}

  /**
   * Builds a {@link TestRegistry}. Defaults: plain HTTP, anonymous. Basic auth and token auth exclude each other
   * in the registry; given both, the registry uses token auth and the user name and password are what clients
   * present to the token service.
   */
  public static final class Builder {
    private TestCa ca;
    private IssuedCertificate serverCertificate;
    private String username;
    private String password;
    private boolean htpasswd;
    private TokenAuth tokenAuth;
    private String notificationUrl;

    private Builder() {}

    /** HTTPS with a new {@link TestCa}. */
    public Builder https() {
      return https(TestCa.create());
    }

    /** HTTPS with a valid server certificate ({@code localhost}, {@code 127.0.0.1}) issued by {@code ca}. */
    public Builder https(TestCa ca) {
      return https(ca, ca.issueServerCertificate());
    }

    /** HTTPS with this server certificate, e.g. {@link TestCa#issueExpiredServerCertificate()}. */
    public Builder https(TestCa ca, IssuedCertificate serverCertificate) {
      this.ca = Objects.requireNonNull(ca, "ca");
      this.serverCertificate = Objects.requireNonNull(serverCertificate, "serverCertificate");
      return this;
    }

    /** Basic auth (bcrypt htpasswd) for user {@code tester} with a random password. */
    public Builder htpasswd() {
      return htpasswd("tester", randomPassword());
    }

    /** Basic auth (bcrypt htpasswd) for this user and password. */
    public Builder htpasswd(String username, String password) {
      if (username.isEmpty() || username.contains(":")) {
        throw new IllegalArgumentException("An htpasswd user name must be non-empty and have no colon");
      }
      this.username = username;
      this.password = Objects.requireNonNull(password, "password");
      this.htpasswd = true;
      return this;
    }

    /**
     * Token auth, as Harbor configures its registry: a client without a token gets {@code 401} with
     * {@code Www-Authenticate: Bearer realm="REALM",service="SERVICE",...}, and tokens must be JWTs from
     * {@code issuer} for {@code service}, signed by a key whose certificate is in the PEM bundle at
     * {@code rootCertBundle}.
     */
    public Builder tokenAuth(String realm, String service, String issuer, Path rootCertBundle) {
      this.tokenAuth = new TokenAuth(Objects.requireNonNull(realm, "realm"), Objects.requireNonNull(service,
          "service"), Objects.requireNonNull(issuer, "issuer"), rootCertBundle.toAbsolutePath());
      return this;
    }

    /** Sends the registry's event notifications (pushes, pulls, deletes) to this URL, as Harbor's core receives. */
    public Builder notificationEndpoint(String url) {
      this.notificationUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    public TestRegistry build() {
      if (tokenAuth != null) {
        htpasswd = false;
      }
      return new TestRegistry(this);
    }
  }
}
