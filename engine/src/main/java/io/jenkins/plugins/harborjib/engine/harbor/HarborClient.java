package io.jenkins.plugins.harborjib.engine.harbor;

import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.registry.ProxyLogin;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import io.jenkins.plugins.harborjib.engine.tls.TrustMaterial;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A client for one Harbor server's REST API ({@code <server>/api/v2.0}), with its own TLS trust (from {@link
 * TlsSettings}, nothing JVM-wide), HTTP Basic credentials sent with every request and no cookie jar (Harbor skips its
 * CSRF check only for requests without a session cookie). Thread-safe; reuse one per server.
 *
 * <pre>{@code
 * HarborClient harbor = HarborClient.builder(URI.create("https://harbor.example.com"))
 *     .credentials(Credentials.of("robot$app+ci", token))
 *     .tls(TlsSettings.withCaFile(Path.of("harbor-ca.pem")))
 *     .build();
 * Optional<HarborProject> project = harbor.project("app");
 * }</pre>
 */
public final class HarborClient implements AutoCloseable {
  private static final String API = "/api/v2.0";

  private final URI serverUrl;
  private final String server;
  private final Optional<Credentials> credentials;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final String userAgent;
  private final HttpClient http;

  private HarborClient(Builder b, HttpClient http) {
    this.serverUrl = b.serverUrl;
    this.server = b.serverUrl.toString();
    this.credentials = b.credentials;
    this.connectTimeout = b.connectTimeout;
    this.requestTimeout = b.requestTimeout;
    this.userAgent = b.userAgent;
    this.http = http;
  }

  /**
   * A builder for the Harbor at {@code serverUrl}, e.g. {@code https://harbor.example.com} (no {@code /api/v2.0}; a
   * trailing slash is dropped).
   */
  public static Builder builder(URI serverUrl) {
    return new Builder(serverUrl);
  }

  /**
   * The server URL for a registry name as in an image reference: {@code harbor.example.com:8443} becomes {@code
   * https://harbor.example.com:8443}; a value with a scheme is taken as it is.
   */
  public static URI serverUrl(String registryOrUrl) {
    String s = registryOrUrl.trim();
    return URI.create(s.contains("://") ? s : "https://" + s);
  }

  /** Ends the HTTP client's threads, so that the JVM can exit at once. */
  @Override
  public void close() {
    io.jenkins.plugins.harborjib.engine.registry.HttpClients.close(http);
  }

  /** The server URL, without a trailing slash. */
  public URI serverUrl() {
    return serverUrl;
  }

  /** Who this client signs in as, for messages: the user name, or {@code anonymous}. */
  public String identity() {
    return credentials.map(Credentials::username).orElse("anonymous");
  }

  /** {@code GET /ping}: Harbor's API answers at all. Needs no credentials. */
  public String ping() throws HarborException {
    return send(new HarborPinger());
  }

  /** {@code GET /systeminfo}: version and external URL (given only to a signed-in identity). */
  public HarborSystemInfo systemInfo() throws HarborException {
    return send(new SystemInfoReader());
  }

  /**
   * Proves the credentials, for users and robot accounts alike ({@code GET /users/current/permissions}).
   *
   * @throws HarborException of kind AUTHENTICATION when Harbor does not know the identity or the secret is wrong
   */
  public void checkCredentials() throws HarborException {
    send(new PermissionsReader());
  }

  /** What the identity may do in {@code project}, resources relative to it ({@code repository:push}, ...). */
  public List<HarborPermission> permissions(HarborProject project) throws HarborException {
    return send(new PermissionsReader(project.id(), project.name()));
  }

  /** {@code HEAD /projects?project_name=}: whether a project of this name exists (member or not). */
  public boolean projectExists(String projectName) throws HarborException {
    return send(new ProjectChecker(projectName));
  }

  /**
   * The project named {@code projectName}; empty when there is none.
   *
   * @throws HarborException of kind PERMISSION_DENIED when it exists but the identity may not see it
   */
  public Optional<HarborProject> project(String projectName) throws HarborException {
    return send(new ProjectReader(projectName));
  }

  /**
   * The project named exactly {@code projectName}, as the identity's project list shows it ({@code GET
   * /projects?name=}), which a robot account sees for the projects its permissions name even without Project: Read
   * ({@code ListProjects} in Harbor's {@code handler/project.go}); then, when the list does not show it, {@code GET
   * /projects/{name}}. Empty when neither shows it: it does not exist, or the identity may not see it.
   */
  public Optional<HarborProject> findProject(String projectName) throws HarborException {
    for (int page = 1; page <= 10; page++) {
      HarborProjectPage found = projects(page, 100, Optional.of(projectName));
      for (HarborProject p : found.projects()) {
        if (p.name().equals(projectName)) {
          return Optional.of(p);
        }
      }
      if (!found.hasNextPage() || found.projects().isEmpty()) {
        break;
      }
    }
    try {
      return project(projectName);
    } catch (HarborException e) {
      if (refused(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Whether Harbor refused a call for lack of a permission: 403, or 401 to an identity it took for anonymous. */
  public static boolean refused(HarborException e) {
    int status = e.httpStatus().orElse(0);
    return status == 403 || status == 401;
  }

  /** Creates a project without reading it back. */
  public void createProjectOnly(String projectName, boolean isPublic, Optional<Boolean> autoScan)
      throws HarborException {
    send(new ProjectCreator(projectName, isPublic, autoScan));
  }

  /**
   * Creates a project and reads it back. When it was created meanwhile by someone else, the existing one is returned.
   *
   * @param isPublic whether anyone may pull from it; private is the safe choice
   * @param autoScan whether Harbor scans every push by itself; empty leaves Harbor's default
   */
  public HarborProject createProject(String projectName, boolean isPublic, Optional<Boolean> autoScan)
      throws HarborException {
    send(new ProjectCreator(projectName, isPublic, autoScan));
    // A system robot whose permissions do not cover the new project may not see it (goharbor/harbor#18363).
    return findProject(projectName).orElseThrow(() -> new HarborException(ErrorKind.PERMISSION_DENIED,
        "Harbor " + server + " created project '" + projectName + "', but '" + identity() + "' may not see it: it"
            + " has no rights in the new project. A system robot needs project permissions covering all projects.",
        403, null));
  }

  /** Repository count and storage quota of {@code project}. */
  public HarborProjectSummary projectSummary(HarborProject project) throws HarborException {
    return send(new ProjectSummaryReader(project.id(), project.name()));
  }

  /**
   * One page of the projects the identity can see, sorted by name.
   *
   * @param page from 1
   * @param pageSize 1 to 100
   * @param nameContains only projects whose name contains this
   */
  public HarborProjectPage projects(int page, int pageSize, Optional<String> nameContains) throws HarborException {
    return send(new ProjectLister(page, pageSize, nameContains));
  }

  /** The artifact at {@code reference} (a digest or a tag) with its tags and labels; empty when there is none. */
  public Optional<HarborArtifact> artifact(String project, String repository, String reference)
      throws HarborException {
    return send(new ArtifactReader(project, repository, reference, true, false, false));
  }

  /** The artifact with its tags, its vulnerability scan overview and its SBOM overview; empty when there is none. */
  public Optional<HarborArtifact> artifactWithScanOverview(String project, String repository, String reference)
      throws HarborException {
    return send(new ArtifactReader(project, repository, reference, false, true, true));
  }

  /** Adds {@code tag} to the artifact; false when the repository already has that tag. */
  public boolean addTag(String project, String repository, String digest, String tag) throws HarborException {
    return send(new TagAdder(project, repository, digest, tag));
  }

  /**
   * Starts a vulnerability scan of the artifact; false when one is already running.
   *
   * @throws HarborException of kind PERMISSION_DENIED (needs Maintainer or a robot with Scan: Create), or REGISTRY when
   *     the project has no scanner
   */
  public boolean startScan(String project, String repository, String digest) throws HarborException {
    return send(new ScanStarter(project, repository, digest, false));
  }

  /** Asks Harbor (2.11 or later, with a scanner that can) to generate an SBOM; false when one is being generated. */
  public boolean requestSbom(String project, String repository, String digest) throws HarborException {
    return send(new ScanStarter(project, repository, digest, true));
  }

  /** Every vulnerability of the artifact's last finished scan; empty when it has no scan report. */
  public Optional<VulnerabilityReport> vulnerabilities(String project, String repository, String digest)
      throws HarborException {
    return send(new VulnerabilityReader(project, repository, digest));
  }

  /** The labels named exactly {@code name}: the project's own first, then global ones. */
  public List<HarborLabel> findLabels(String name, HarborProject project) throws HarborException {
    List<HarborLabel> found = new ArrayList<>(labels(name, OptionalLong.of(project.id())));
    found.addAll(labels(name, OptionalLong.empty()));
    return List.copyOf(found);
  }

  /**
   * The labels named exactly {@code name} of one scope (a project's, or the global ones when {@code projectId} is
   * empty), every page of them (Harbor matches names loosely and gives at most 100 a page).
   */
  public List<HarborLabel> labels(String name, OptionalLong projectId) throws HarborException {
    List<HarborLabel> found = new ArrayList<>();
    for (int page = 1; page <= 100; page++) {
      LabelFinder.Page p = send(projectId.isPresent() ? new LabelFinder(name, projectId.getAsLong(), page)
          : new LabelFinder(name, page));
      found.addAll(p.exact());
      if (!p.more()) {
        break;
      }
    }
    return List.copyOf(found);
  }

  /** Attaches an existing label to the artifact; false when it was attached already. */
  public boolean attachLabel(String project, String repository, String digest, HarborLabel label)
      throws HarborException {
    return send(new LabelAttacher(project, repository, digest, label));
  }

  /**
   * Looks every label up by name (the project's own label first, then a global one) and, when all exist, attaches them.
   * Labels are never created: Harbor's administrators own them.
   *
   * @return the labels now attached
   * @throws HarborException of kind INVALID_INPUT naming the labels that do not exist, before anything is attached
   */
  public List<HarborLabel> attachLabels(HarborProject project, String repository, String digest, List<String> names)
      throws HarborException {
    List<HarborLabel> labels = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String name : names) {
      List<HarborLabel> found = findLabels(name, project);
      if (found.isEmpty()) {
        missing.add(name);
      } else {
        labels.add(found.get(0));
      }
    }
    if (!missing.isEmpty()) {
      throw new HarborException(ErrorKind.INVALID_INPUT, "Harbor " + server + " has no label "
          + String.join(", ", missing.stream().map(n -> "'" + n + "'").toList()) + " in project '" + project.name()
          + "' nor globally (looked up as '" + identity() + "'). Labels are not created by the push: ask a project"
          + " administrator to create them (project > Labels), or a Harbor administrator for global ones"
          + " (Administration > Labels), or drop them from the request.", 0, null);
    }
    for (HarborLabel label : labels) {
      attachLabel(project.name(), repository, digest, label);
    }
    return List.copyOf(labels);
  }

  /** Sends one call and hands its answer to it. */
  <T> T send(HarborCall<T> call) throws HarborException {
    String requestId = UUID.randomUUID().toString();
    HarborFailures failures = new HarborFailures(server, identity(), credentials.isEmpty(), call.actionDescription());
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + API + call.path()))
        .timeout(requestTimeout)
        .header("Accept", call.accept())
        .header("User-Agent", userAgent)
        .header("X-Request-Id", requestId);
    authorization().ifPresent(a -> request.header("Authorization", a));
    call.headers().forEach(request::header);
    Optional<Object> body = call.body();
    if (body.isPresent()) {
      byte[] json;
      try {
        json = HarborJson.MAPPER.writeValueAsBytes(body.get());
      } catch (IOException e) {
        throw new HarborException(ErrorKind.INTERNAL, "Cannot write the request to " + call.actionDescription()
            + ": " + e, 0, e);
      }
      request.header("Content-Type", "application/json");
      request.method(call.method(), HttpRequest.BodyPublishers.ofByteArray(json));
    } else {
      request.method(call.method(), HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<byte[]> answer;
    try {
      answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw failures.forIo(e, connectTimeout, requestTimeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HarborException(ErrorKind.CANCELLED, "Interrupted while asking Harbor " + server + " to "
          + call.actionDescription() + ".", 0, e);
    }
    byte[] bytes = answer.body() == null ? new byte[0] : answer.body();
    HarborResponse response = new HarborResponse(answer.statusCode(), answer.headers(), bytes,
        answer.headers().firstValue("X-Request-Id").orElse(requestId));
    if (call.acceptedStatuses().contains(response.status())) {
      return call.handleResponse(response, failures);
    }
    return call.handleError(response, failures);
  }

  private Optional<String> authorization() {
    if (credentials.isEmpty()) {
      return Optional.empty();
    }
    Credentials c = credentials.get();
    char[] password = c.password();
    ByteBuffer secret = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
    byte[] user = (c.username() + ":").getBytes(StandardCharsets.UTF_8);
    byte[] pair = new byte[user.length + secret.remaining()];
    System.arraycopy(user, 0, pair, 0, user.length);
    secret.get(pair, user.length, secret.remaining());
    try {
      return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair));
    } finally {
      Arrays.fill(password, '\0');
      Arrays.fill(pair, (byte) 0);
      if (secret.hasArray()) {
        Arrays.fill(secret.array(), (byte) 0);
      }
    }
  }

  @Override
  public String toString() {
    return "HarborClient{" + server + ", as " + identity() + "}";
  }

  /** Settings of a {@link HarborClient}. */
  public static final class Builder {
    private final URI serverUrl;
    private Optional<Credentials> credentials = Optional.empty();
    private TlsSettings tls = TlsSettings.DEFAULT;
    private javax.net.ssl.SSLContext sslContext;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Optional<ProxySelector> proxy = Optional.empty();
    private Optional<ProxyLogin> proxyLogin = Optional.empty();
    private String userAgent = "harbor-jib";

    private Builder(URI serverUrl) {
      Objects.requireNonNull(serverUrl, "serverUrl");
      String s = serverUrl.toString();
      while (s.endsWith("/")) {
        s = s.substring(0, s.length() - 1);
      }
      this.serverUrl = URI.create(s);
    }

    /** Signs in with these; without, the client is anonymous. */
    public Builder credentials(Credentials credentials) {
      this.credentials = Optional.of(credentials);
      return this;
    }

    /** Trust: the JVM's CAs plus extra PEM CAs, or insecure (any certificate, any host name, plain HTTP allowed). */
    public Builder tls(TlsSettings tls) {
      this.tls = Objects.requireNonNull(tls, "tls");
      return this;
    }

    /**
     * The TLS context already built from {@link #tls} for the same server (e.g. the registry checks'), so that the
     * two clients share its TLS sessions and the trust is not built twice.
     */
    public Builder sslContext(javax.net.ssl.SSLContext sslContext) {
      this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
      return this;
    }

    /** How long to wait for a connection; 10 s by default. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /** How long to wait for each answer; 30 s by default. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "requestTimeout");
      return this;
    }

    /** The proxies to use; without, the JVM's default proxy selector (its {@code http(s).proxyHost} settings). */
    public Builder proxy(ProxySelector proxy) {
      this.proxy = Optional.of(proxy);
      return this;
    }

    /**
     * The user and password of an authenticating proxy, given to the proxy only (never to Harbor). Note: for HTTPS
     * through a proxy the JDK sends Basic proxy credentials only when the JVM was started with
     * {@code -Djdk.http.auth.tunneling.disabledSchemes=} (it disables Basic for tunnels by default).
     */
    public Builder proxyCredentials(Credentials proxyCredentials) {
      return proxyLogin(new ProxyLogin(proxyCredentials));
    }

    /** As {@link #proxyCredentials}, from an existing {@link ProxyLogin}. */
    public Builder proxyLogin(ProxyLogin login) {
      this.proxyLogin = Optional.of(login);
      return this;
    }

    /** The User-Agent header; {@code harbor-jib} by default. */
    public Builder userAgent(String userAgent) {
      this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
      return this;
    }

    /**
     * The client.
     *
     * @throws PushException of kind INVALID_INPUT for a URL that is not http(s), plain HTTP without insecure, or a CA
     *     certificate that cannot be read (field {@code caCertificate})
     */
    public HarborClient build() throws PushException {
      String scheme = serverUrl.getScheme() == null ? "" : serverUrl.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !scheme.equals("http") || serverUrl.getHost() == null) {
        throw PushException.invalid("serverUrl", "Harbor server URL '" + serverUrl + "' is not an http(s) URL with a"
            + " host name. Give it like https://harbor.example.com.");
      }
      if (serverUrl.getRawQuery() != null || serverUrl.getRawFragment() != null) {
        throw PushException.invalid("serverUrl", "Harbor server URL '" + serverUrl + "' has a query or fragment."
            + " Give it like https://harbor.example.com.");
      }
      if (scheme.equals("http") && !tls.insecure()) {
        throw PushException.invalid("serverUrl", "Harbor server URL '" + serverUrl + "' is plain HTTP, so the"
            + " credentials would cross the network readable by anyone. Use https://, or allow insecure connections"
            + " for a test server.");
      }
      if (credentials.isPresent() && credentials.get().username().isEmpty()) {
        throw PushException.invalid("credentials", "The Harbor user name is empty. Give a user or robot account"
            + " name (e.g. robot$project+name).");
      }
      try {
        new URI(serverUrl.toString() + API);
      } catch (URISyntaxException e) {
        throw PushException.invalid("serverUrl", "Harbor server URL '" + serverUrl + "' is not valid: "
            + e.getMessage());
      }
      HttpClient.Builder http = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(connectTimeout)
          .followRedirects(HttpClient.Redirect.NEVER);
      // Built for http:// too, so a bad CA certificate is reported whatever the URL.
      http.sslContext(sslContext != null ? sslContext : TrustMaterial.sslContext(tls));
      proxy.ifPresent(http::proxy);
      proxyLogin.ifPresent(http::authenticator);
      return new HarborClient(this, http.build());
    }

    private static Duration positive(Duration d, String name) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }
  }
}
