package io.jenkins.plugins.harborjib.engine.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Talks to one registry's {@code /v2/} API with its own {@link SSLContext}: checks reachability, TLS and
 * credentials quickly (Jib alone retries for about a minute before it gives up on an untrusted certificate), and
 * reads manifests. Handles Basic and Bearer (token) authentication as Docker clients do. Not thread-safe.
 */
public final class RegistryClient implements AutoCloseable {
  static final String ACCEPT_MANIFESTS = String.join(",",
      "application/vnd.oci.image.index.v1+json",
      "application/vnd.docker.distribution.manifest.list.v2+json",
      "application/vnd.oci.image.manifest.v1+json",
      "application/vnd.docker.distribution.manifest.v2+json");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Attempts at a manifest or a token when the answer is 5xx. */
  private static final int MANIFEST_ATTEMPTS = 3;

  private final String registry;
  private final String purpose;
  private final boolean allowPlainHttp;
  private final TlsSettings tls;
  private final Optional<Credentials> credentials;
  private final Duration timeout;
  /**
   * One client, so one connection and one TLS handshake for all the checks of a registry. Redirects are followed by
   * hand ({@link #send}), which sends the registry's authorization to the registry only.
   */
  private final HttpClient http;
  private final Map<String, String> authorizationByScope = new HashMap<>();

  private String scheme;
  private AuthChallenge challenge;
  /** Basic credentials, once the registry accepted them: they are the same for every scope. */
  private boolean basicAccepted;

  /**
   * @param registry host[:port]
   * @param purpose how messages name this registry, e.g. "the target registry"
   * @param ssl the trust for this registry
   * @param allowPlainHttp fall back to plain HTTP when the registry does not speak TLS (insecure switch)
   * @param tls the settings {@code ssl} was built from, for messages
   * @param credentials credentials for this registry, if any
   * @param timeout per-request timeout
   */
  public RegistryClient(String registry, String purpose, SSLContext ssl, boolean allowPlainHttp, TlsSettings tls,
      Optional<Credentials> credentials, Duration timeout) {
    this.registry = registry;
    this.purpose = purpose;
    this.allowPlainHttp = allowPlainHttp;
    this.tls = tls;
    this.credentials = credentials;
    this.timeout = timeout;
    HttpClient.Builder builder = HttpClient.newBuilder()
        .sslContext(ssl)
        .connectTimeout(timeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? timeout : MAX_CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .proxy(ProxySelector.getDefault());
    ProxyLogin.fromSystemProperties().ifPresent(builder::authenticator);
    this.http = builder.build();
  }

  /** Ends the HTTP client's threads, so that the JVM can exit at once. */
  @Override
  public void close() {
    HttpClients.close(http);
  }

  /** {@code https} or {@code http}, as found by {@link #ping()}. */
  public String scheme() throws PushException {
    if (scheme == null) {
      ping();
    }
    return scheme;
  }

  /**
   * {@code GET /v2/}: proves the registry can be reached and trusted, and learns how it wants clients to
   * authenticate. Returns the challenge, or empty when the registry needs no authentication.
   */
  public Optional<AuthChallenge> ping() throws PushException {
    HttpResponse<byte[]> response;
    try {
      scheme = "https";
      response = send(HttpRequest.newBuilder(uri("/v2/")).GET(), null);
    } catch (IOException e) {
      if (allowPlainHttp && ConnectionProblems.isPlainHttpAnswer(e)) {
        scheme = "http";
        try {
          response = send(HttpRequest.newBuilder(uri("/v2/")).GET(), null);
        } catch (IOException e2) {
          throw ConnectionProblems.describe(e2, registry, purpose, tls);
        }
      } else {
        throw ConnectionProblems.describe(e, registry, purpose, tls);
      }
    }
    if (response.statusCode() == 200) {
      challenge = null;
      return Optional.empty();
    }
    if (response.statusCode() == 401) {
      challenge = response.headers().firstValue("WWW-Authenticate").flatMap(AuthChallenge::parse).orElse(null);
      if (challenge == null) {
        throw new PushException(ErrorKind.REGISTRY, purpose + " " + registry + " asks for authentication in a way"
            + " this client does not understand (" + response.headers().firstValue("WWW-Authenticate").orElse("none")
            + ")");
      }
      return Optional.of(challenge);
    }
    throw new PushException(ErrorKind.REGISTRY, purpose + " " + registry + " answered HTTP " + response.statusCode()
        + " to GET /v2/: is " + registry + " a container registry (for Harbor, use the host name of Harbor's"
        + " web address)?");
  }

  /**
   * Proves that the credentials are accepted and, where the registry says so in its token, that they allow
   * {@code actions} (e.g. {@code pull,push}) on {@code repository}.
   */
  public void checkAccess(String repository, String actions) throws PushException {
    authorization(repository, actions);
  }

  /**
   * Reads a manifest by tag or digest; empty when the registry does not have it. A 5xx answer is asked again twice
   * (after 0.5 s and 1 s): a registry that is linking the same manifest for a concurrent push answers 500 for a
   * moment.
   */
  public Optional<ManifestInfo> manifest(String repository, String reference) throws PushException {
    String auth = authorization(repository, "pull");
    HttpResponse<byte[]> response;
    int attempt = 0;
    while (true) {
      try {
        response = send(HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + reference))
            .header("Accept", ACCEPT_MANIFESTS).GET(), auth);
      } catch (IOException e) {
        throw ConnectionProblems.describe(e, registry, purpose, tls);
      }
      if (response.statusCode() < 500 || ++attempt >= MANIFEST_ATTEMPTS) {
        break;
      }
      pause(Duration.ofMillis(500L << (attempt - 1)));
    }
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      throw denied(repository, "pull", response.statusCode());
    }
    if (response.statusCode() != 200) {
      throw new PushException(ErrorKind.REGISTRY, purpose + " " + registry + " answered HTTP "
          + response.statusCode() + " when reading the manifest " + repository + ":" + reference
          + errorDetail(response));
    }
    String mediaType = response.headers().firstValue("Content-Type").orElse("");
    return Optional.of(parseManifest(mediaType, response.body()));
  }

  /** Redirects followed: e.g. for a blob, a registry's own hop to its storage, and that storage's. */
  private static final int MAX_REDIRECTS = 5;

  /** The answers {@link #send} follows, as {@code HttpClient.Redirect.NORMAL} does. */
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  /**
   * The labels in the config of {@code image} (an image manifest of {@code repository}, not a list); empty when it
   * has none. A registry may answer {@code GET} of a blob with a redirect to its storage elsewhere (distribution and
   * Harbor with S3 or GCS storage do): {@link #send} follows it without the registry's authorization, as the
   * storage's signed URL carries its own.
   */
  public Map<String, String> configLabels(String repository, ManifestInfo image) throws PushException {
    if (image.configDigest().isEmpty()) {
      return Map.of();
    }
    String digest = image.configDigest().get();
    String auth = authorization(repository, "pull");
    HttpResponse<byte[]> response;
    try {
      response = send(HttpRequest.newBuilder(uri("/v2/" + repository + "/blobs/" + digest)).GET(), auth);
    } catch (IOException e) {
      throw ConnectionProblems.describe(e, registry, purpose, tls);
    }
    if (response.statusCode() != 200) {
      throw new PushException(ErrorKind.REGISTRY, purpose + " " + registry + " answered HTTP "
          + response.statusCode() + " when reading the image config " + digest + " of " + repository
          + errorDetail(response));
    }
    try {
      String actual = sha256(response.body());
      if (!actual.equals(digest)) {
        throw new PushException(ErrorKind.REGISTRY, purpose + " " + registry + " returned an image config of "
            + repository + " whose digest is " + actual + ", not " + digest);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      JSON.readTree(response.body()).path("config").path("Labels").fields()
          .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      return labels;
    } catch (IOException e) {
      throw new PushException(ErrorKind.REGISTRY, "The image config " + digest + " of " + repository + " on "
          + registry + " is not JSON", e);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String authorization(String repository, String actions) throws PushException {
    if (scheme == null) {
      ping();
    }
    if (challenge == null) {
      return null;
    }
    String scope = "repository:" + repository + ":" + actions;
    String cached = authorizationByScope.get(scope);
    if (cached != null) {
      return cached;
    }
    String auth = challenge.isBearer() ? bearerToken(repository, actions) : basic();
    if (!challenge.isBearer() && !basicAccepted) {
      verifyBasic(auth);
      basicAccepted = true;
    }
    authorizationByScope.put(scope, auth);
    return auth;
  }

  private void verifyBasic(String auth) throws PushException {
    try {
      HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri("/v2/")).GET(), auth);
      if (r.statusCode() == 401 || r.statusCode() == 403) {
        throw rejected(r.statusCode());
      }
    } catch (IOException e) {
      throw ConnectionProblems.describe(e, registry, purpose, tls);
    }
  }

  private String basic() throws PushException {
    if (credentials.isEmpty()) {
      throw new PushException(ErrorKind.AUTHENTICATION, purpose + " " + registry + " requires credentials, and none"
          + " were given: supply a user name and password (for Harbor, a robot account such as robot$app+ci)");
    }
    char[] password = credentials.get().password();
    char[] joined = new char[credentials.get().username().length() + 1 + password.length];
    credentials.get().username().getChars(0, credentials.get().username().length(), joined, 0);
    joined[credentials.get().username().length()] = ':';
    System.arraycopy(password, 0, joined, credentials.get().username().length() + 1, password.length);
    ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(joined));
    byte[] raw = new byte[bytes.remaining()];
    bytes.get(raw);
    String header = "Basic " + Base64.getEncoder().encodeToString(raw);
    Arrays.fill(password, '\0');
    Arrays.fill(joined, '\0');
    Arrays.fill(raw, (byte) 0);
    return header;
  }

  private String bearerToken(String repository, String actions) throws PushException {
    String realm = challenge.realm().orElseThrow(() -> new PushException(ErrorKind.REGISTRY,
        purpose + " " + registry + " asks for a Bearer token but names no realm to get it from"));
    StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? "&" : "?");
    challenge.service().ifPresent(s -> url.append("service=").append(enc(s)).append('&'));
    url.append("scope=").append(enc("repository:" + repository + ":" + actions));
    HttpResponse<byte[]> response;
    int attempt = 0;
    while (true) {
      try {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.toString())).GET();
        response = send(b, credentials.isPresent() ? basic() : null);
      } catch (IOException e) {
        throw ConnectionProblems.describe(e, URI.create(realm).getAuthority(), "the token service of " + purpose,
            tls);
      } catch (IllegalArgumentException e) {
        throw new PushException(ErrorKind.REGISTRY, purpose + " " + registry + " names an invalid token realm '"
            + realm + "'");
      }
      // A token service that is briefly overloaded answers 5xx: ask again, as for a manifest.
      if (response.statusCode() < 500 || ++attempt >= MANIFEST_ATTEMPTS) {
        break;
      }
      pause(Duration.ofMillis(500L << (attempt - 1)));
    }
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      throw rejected(response.statusCode());
    }
    if (response.statusCode() != 200) {
      throw new PushException(ErrorKind.REGISTRY, "The token service " + realm + " of " + purpose + " " + registry
          + " answered HTTP " + response.statusCode() + errorDetail(response));
    }
    String token;
    try {
      JsonNode body = JSON.readTree(response.body());
      JsonNode t = body.hasNonNull("token") ? body.get("token") : body.get("access_token");
      if (t == null || t.asText().isEmpty()) {
        throw new PushException(ErrorKind.REGISTRY, "The token service " + realm + " answered without a token");
      }
      token = t.asText();
    } catch (IOException e) {
      throw new PushException(ErrorKind.REGISTRY, "The token service " + realm + " answered something that is not"
          + " JSON", e);
    }
    List<String> granted = grantedActions(token, repository);
    if (granted != null) {
      for (String action : actions.split(",")) {
        if (!granted.contains(action)) {
          throw denied(repository, action, 0);
        }
      }
    }
    return "Bearer " + token;
  }

  /** The actions a JWT grants on {@code repository}; null when the token is not a readable JWT. */
  static List<String> grantedActions(String token, String repository) {
    String[] parts = token.split("\\.");
    if (parts.length != 3) {
      return null;
    }
    try {
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      JsonNode access = claims.get("access");
      if (access == null || !access.isArray()) {
        return null;
      }
      List<String> actions = new ArrayList<>();
      for (JsonNode entry : access) {
        if ("repository".equals(entry.path("type").asText()) && repository.equals(entry.path("name").asText())) {
          entry.path("actions").forEach(a -> actions.add(a.asText()));
        }
      }
      return actions;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  private PushException rejected(int status) {
    String user = credentials.map(Credentials::username).orElse("(anonymous)");
    return new PushException(ErrorKind.AUTHENTICATION, purpose + " " + registry + " rejected the credentials of user '"
        + user + "' (HTTP " + status + "): check the user name and the password or token; for a Harbor robot"
        + " account, use its full name (e.g. robot$app+ci) and the secret shown when it was created");
  }

  private PushException denied(String repository, String action, int status) {
    String user = credentials.map(Credentials::username).orElse("(anonymous)");
    return new PushException(ErrorKind.AUTHENTICATION, "User '" + user + "' may not " + action + " " + repository
        + " on " + purpose + " " + registry + (status > 0 ? " (HTTP " + status + ")" : "")
        + ": grant it " + action + " permission on the project (for a Harbor robot account, edit its"
        + " permissions), or use other credentials");
  }

  /**
   * Sends a {@code GET}, following redirects as {@code HttpClient.Redirect.NORMAL} would (not from https to http, at
   * most {@link #MAX_REDIRECTS}), with {@code authorization} only to the first request's origin: a registry that
   * sends a client on to its storage or elsewhere does not get its credentials passed on.
   */
  private HttpResponse<byte[]> send(HttpRequest.Builder builder, String authorization) throws IOException,
      PushException {
    builder.timeout(timeout).header("User-Agent", "harbor-jib");
    URI origin = builder.copy().build().uri();
    URI uri = origin;
    for (int hop = 0; ; hop++) {
      HttpResponse<byte[]> response;
      try {
        HttpRequest.Builder b = builder.copy().uri(uri);
        if (authorization != null && uri.getScheme().equalsIgnoreCase(origin.getScheme())
            && String.valueOf(uri.getRawAuthority()).equalsIgnoreCase(origin.getRawAuthority())) {
          b.header("Authorization", authorization);
        }
        response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PushException(ErrorKind.CANCELLED, "Interrupted while talking to " + purpose + " " + registry, e);
      } catch (IllegalArgumentException e) {
        // (not the address itself: a storage's signed URL carries a credential)
        throw new IOException("redirected to an address that cannot be used", e);
      }
      Optional<String> location = response.headers().firstValue("Location");
      if (!REDIRECTS.contains(response.statusCode()) || location.isEmpty() || hop >= MAX_REDIRECTS) {
        return response;
      }
      URI next;
      try {
        next = uri.resolve(location.get());
      } catch (IllegalArgumentException e) {
        throw new IOException("redirected to an address that cannot be read", e);
      }
      if (uri.getScheme().equalsIgnoreCase("https") && !"https".equalsIgnoreCase(next.getScheme())) {
        return response;
      }
      uri = next;
    }
  }

  private void pause(Duration d) throws PushException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PushException(ErrorKind.CANCELLED, "Interrupted while talking to " + purpose + " " + registry, e);
    }
  }

  private URI uri(String path) {
    return URI.create(scheme + "://" + registry + path);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String errorDetail(HttpResponse<byte[]> response) {
    try {
      JsonNode errors = JSON.readTree(response.body()).path("errors");
      if (errors.isArray() && errors.size() > 0) {
        return ": " + errors.get(0).path("code").asText() + " " + errors.get(0).path("message").asText();
      }
    } catch (IOException | RuntimeException e) {
      // not a registry error body
    }
    return "";
  }

  static ManifestInfo parseManifest(String contentType, byte[] body) throws PushException {
    try {
      JsonNode json = JSON.readTree(body);
      String mediaType = json.path("mediaType").asText(contentType);
      String digest = sha256(body);
      List<ManifestInfo.Descriptor> layers = new ArrayList<>();
      json.path("layers").forEach(l -> layers.add(new ManifestInfo.Descriptor(l.path("digest").asText(),
          l.path("size").asLong())));
      List<ManifestInfo.PlatformEntry> platforms = new ArrayList<>();
      json.path("manifests").forEach(m -> platforms.add(new ManifestInfo.PlatformEntry(m.path("digest").asText(),
          m.path("platform").path("os").asText(), m.path("platform").path("architecture").asText())));
      Optional<String> config = json.has("config")
          ? Optional.of(json.path("config").path("digest").asText()) : Optional.empty();
      if (mediaType.isEmpty()) {
        mediaType = json.has("manifests") ? "application/vnd.oci.image.index.v1+json"
            : "application/vnd.oci.image.manifest.v1+json";
      }
      return new ManifestInfo(mediaType, digest, layers, config, platforms);
    } catch (IOException e) {
      throw new PushException(ErrorKind.REGISTRY, "The registry returned a manifest that is not JSON", e);
    }
  }
}
