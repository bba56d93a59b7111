package io.jenkins.plugins.harborjib.protocol;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.jenkins.plugins.harborjib.engine.BaseImage;
import io.jenkins.plugins.harborjib.engine.BuildMetadata;
import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.ContainerSettings;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.HarborSettings;
import io.jenkins.plugins.harborjib.engine.ImageFormat;
import io.jenkins.plugins.harborjib.engine.ImageTarget;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.PushRequest;
import io.jenkins.plugins.harborjib.engine.RetryPolicy;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import io.jenkins.plugins.harborjib.engine.harbor.Severity;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The request of the JSON protocol, both ways: {@link #read} turns the object a program writes to the CLI's
 * standard input into a {@link ProtocolRequest}; {@link #write} writes one (the Jenkins plugin's side). The shape is
 * documented in {@code docs/cli-protocol.md}.
 *
 * <p>Reading is strict: an unknown field is an error naming it, so a typo ({@code "tag"} for {@code "tags"}) cannot
 * silently push somewhere else or drop a setting. Every {@code "password"} value is copied from the parser's buffer
 * into a {@code char[]} and never becomes a {@link String}; no error message quotes it, or any JSON text near it.
 */
public final class RequestJson {
  /** The JSON field that holds a secret, wherever it appears. */
  static final String SECRET_FIELD = "password";

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
      .build()
      .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private static final Set<String> ROOT_FIELDS = ordered("protocolVersion", "target", "credentials", "baseImage",
      "buildOutput", "container", "metadata", "tls", "proxy", "cacheDirectory", "httpTimeoutMillis", "harbor",
      "retry", "verbosity");
  private static final Set<String> HARBOR_FIELDS = ordered("mode", "url", "preflight", "createProject",
      "projectPublic", "autoScan", "labels", "scan");
  private static final Set<String> SCAN_FIELDS = ordered("enabled", "threshold", "onViolation", "allowList",
      "timeoutSeconds", "trigger", "sbom");
  private static final Set<String> RETRY_FIELDS = ordered("attempts", "firstBackoffMillis");
  private static final Set<String> TARGET_FIELDS = ordered("registry", "project", "repository", "tags");
  private static final Set<String> CREDENTIALS_FIELDS = ordered("username", SECRET_FIELD);
  private static final Set<String> BASE_IMAGE_FIELDS = ordered("reference", "credentials");
  private static final Map<String, Set<String>> BUILD_OUTPUT_FIELDS = buildOutputFields();
  private static final Set<String> CONTAINER_FIELDS = ordered("mainClass", "jvmFlags", "programArguments",
      "environment", "ports", "labels", "user", "workingDirectory", "volumes", "format", "platforms", "creationTime",
      "appRoot", "dependencyLayers");
  private static final Set<String> METADATA_FIELDS = ordered("source", "revision", "version", "created");
  private static final Set<String> TLS_FIELDS = ordered("caPem", "caSource", "caFile", "insecure");

  private RequestJson() {}

  /**
   * Reads one request object from {@code in} and stops after its closing brace: it does not wait for the end of
   * the stream. Relative paths are resolved later, against the process's working directory.
   *
   * @throws PushException {@link ErrorKind#INVALID_INPUT} naming the field for anything missing, unknown or
   *     malformed; {@link ErrorKind#INTERNAL} if the stream cannot be read
   */
  public static ProtocolRequest read(InputStream in) throws PushException {
    return read(in, Clock.systemUTC());
  }

  /** {@link #read(InputStream)} with the clock that {@code USE_CURRENT_TIMESTAMP} reads. */
  public static ProtocolRequest read(InputStream in, Clock clock) throws PushException {
    Map<String, char[]> secrets = new HashMap<>();
    try {
      ObjectNode root = parse(in, secrets);
      return new Interpreter(secrets, clock).request(root);
    } finally {
      secrets.values().forEach(s -> Arrays.fill(s, '\0'));
    }
  }

  /** Reads a request from UTF-8 bytes (tests, files). */
  public static ProtocolRequest read(byte[] json) throws PushException {
    return read(new ByteArrayInputStream(json));
  }

  /**
   * Writes {@code request} as one JSON object followed by a newline, in UTF-8, and flushes; {@code out} stays open.
   * Passwords go from the {@link Credentials}' arrays to the stream without becoming Strings.
   */
  public static void write(ProtocolRequest request, OutputStream out) throws IOException {
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      new Writer(g).request(request);
      g.writeRaw('\n');
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Reading, step 1: the stream into a tree, secrets into char arrays.

  /** Stands in the tree for a password read into {@code secrets} under {@link #path}. */
  private record SecretRef(String path) {}

  private static ObjectNode parse(InputStream in, Map<String, char[]> secrets) throws PushException {
    try (JsonParser p = FACTORY.createParser(in)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw PushException.invalid("request", "standard input held no request: write one JSON object (see "
            + "docs/cli-protocol.md), then close standard input");
      }
      if (first != JsonToken.START_OBJECT) {
        throw PushException.invalid("request", "the request must be one JSON object, not " + describe(first));
      }
      return readObject(p, "", secrets);
    } catch (JsonEOFException e) {
      throw PushException.invalid("request", "the request ends in the middle of a JSON value (line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
          + "): write the whole object before closing standard input");
    } catch (StreamReadException e) {
      // Jackson's own message may quote the offending text, which can be a secret: report only where it is.
      throw PushException.invalid("request", "the request is not valid JSON: syntax error at line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
    } catch (IOException e) {
      throw new PushException(ErrorKind.INTERNAL, "could not read the request from standard input: " + e, e);
    }
  }

  private static ObjectNode readObject(JsonParser p, String path, Map<String, char[]> secrets)
      throws IOException, PushException {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String name = p.currentName();
      String fieldPath = path.isEmpty() ? name : path + "." + name;
      if (node.has(name)) {
        throw PushException.invalid(fieldPath, "field '" + fieldPath + "' appears twice in the request");
      }
      JsonToken value = p.nextToken();
      if (name.equals(SECRET_FIELD) && value == JsonToken.VALUE_STRING) {
        char[] buffer = p.getTextCharacters();
        secrets.put(fieldPath, Arrays.copyOfRange(buffer, p.getTextOffset(), p.getTextOffset() + p.getTextLength()));
        node.set(name, new POJONode(new SecretRef(fieldPath)));
      } else {
        node.set(name, readValue(p, value, fieldPath, secrets));
      }
    }
    return node;
  }

  private static JsonNode readValue(JsonParser p, JsonToken t, String path, Map<String, char[]> secrets)
      throws IOException, PushException {
    JsonNodeFactory f = JsonNodeFactory.instance;
    switch (t) {
      case START_OBJECT:
        return readObject(p, path, secrets);
      case START_ARRAY: {
        ArrayNode array = f.arrayNode();
        int i = 0;
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          array.add(readValue(p, e, path + "[" + i++ + "]", secrets));
        }
        return array;
      }
      case VALUE_STRING:
        return f.textNode(p.getText());
      case VALUE_NUMBER_INT:
        return switch (p.getNumberType()) {
          case INT -> f.numberNode(p.getIntValue());
          case LONG -> f.numberNode(p.getLongValue());
          default -> f.numberNode(p.getBigIntegerValue());
        };
      case VALUE_NUMBER_FLOAT:
        return f.numberNode(p.getDecimalValue());
      case VALUE_TRUE:
        return f.booleanNode(true);
      case VALUE_FALSE:
        return f.booleanNode(false);
      case VALUE_NULL:
        return f.nullNode();
      default:
        throw PushException.invalid(path, "unexpected " + describe(t) + " at " + path);
    }
  }

  private static String describe(JsonToken t) {
    return switch (t) {
      case START_ARRAY -> "an array";
      case START_OBJECT -> "an object";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.name();
    };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Reading, step 2: the tree into a request, checking each field.

  private static final class Interpreter {
    private final Map<String, char[]> secrets;
    private final Clock clock;

    Interpreter(Map<String, char[]> secrets, Clock clock) {
      this.secrets = secrets;
      this.clock = clock;
    }

    ProtocolRequest request(ObjectNode root) throws PushException {
      // The version first: a request from another release should say so, not trip over a field it added.
      JsonNode version = root.get("protocolVersion");
      if (version == null || version.isNull()) {
        throw PushException.invalid("protocolVersion", "protocolVersion is missing: this harbor-jib speaks "
            + "protocol version " + Protocol.VERSION + "; add \"protocolVersion\": " + Protocol.VERSION);
      }
      if (!version.canConvertToExactIntegral() || version.asLong() != Protocol.VERSION) {
        throw PushException.invalid("protocolVersion", "protocolVersion " + version + " is not supported: this "
            + "harbor-jib speaks protocol version " + Protocol.VERSION + " (the program that started it and the "
            + "CLI jar come from different releases)");
      }
      known(root, "", ROOT_FIELDS);

      ImageTarget target = target("target", object(root, "target"));
      BaseImage baseImage = baseImage(object(root, "baseImage"));
      BuildOutput buildOutput = buildOutput(object(root, "buildOutput"));
      PushRequest.Builder push = PushRequest.builder(buildOutput, baseImage, target);

      Optional<ObjectNode> credentials = optionalObject(root, "", "credentials");
      if (credentials.isPresent()) {
        push.credentials(credentials(credentials.get(), "credentials"));
      }
      Optional<ObjectNode> container = optionalObject(root, "", "container");
      if (container.isPresent()) {
        push.container(container(container.get()));
      }
      Optional<ObjectNode> metadata = optionalObject(root, "", "metadata");
      if (metadata.isPresent()) {
        push.metadata(metadata(metadata.get()));
      }
      Optional<ObjectNode> tls = optionalObject(root, "", "tls");
      if (tls.isPresent()) {
        push.tls(tls(tls.get()));
      }
      Optional<String> cache = optionalString(root, "", "cacheDirectory");
      if (cache.isPresent()) {
        push.cacheDirectory(path("cacheDirectory", cache.get()));
      }
      JsonNode timeout = root.get("httpTimeoutMillis");
      if (timeout != null && !timeout.isNull()) {
        if (!timeout.canConvertToExactIntegral() || timeout.asLong() <= 0) {
          throw PushException.invalid("httpTimeoutMillis", "httpTimeoutMillis must be a positive whole number "
              + "of milliseconds, not " + timeout);
        }
        push.httpTimeout(Duration.ofMillis(timeout.asLong()));
      }

      Optional<ObjectNode> harbor = optionalObject(root, "", "harbor");
      if (harbor.isPresent()) {
        push.harbor(harbor(harbor.get()));
      }
      Optional<ObjectNode> retry = optionalObject(root, "", "retry");
      if (retry.isPresent()) {
        push.retryPolicy(retry(retry.get()));
      }

      Verbosity verbosity = Verbosity.NORMAL;
      Optional<String> verbosityName = optionalString(root, "", "verbosity");
      if (verbosityName.isPresent()) {
        verbosity = enumValue(Verbosity.class, verbosityName.get());
        if (verbosity == null) {
          throw PushException.invalid("verbosity", "verbosity '" + verbosityName.get()
              + "' is not one of quiet, normal, verbose");
        }
      }
      Optional<Credentials> proxy = Optional.empty();
      Optional<ObjectNode> proxyNode = optionalObject(root, "", "proxy");
      if (proxyNode.isPresent()) {
        proxy = Optional.of(credentials(proxyNode.get(), "proxy"));
      }
      return new ProtocolRequest(push.build(), verbosity, proxy);
    }

    private ImageTarget target(String path, ObjectNode node) throws PushException {
      known(node, path, TARGET_FIELDS);
      List<String> tags = stringList(node, path, "tags");
      if (tags.isEmpty()) {
        throw PushException.invalid("target.tags", "target.tags is empty: give at least one tag, e.g. [\"42\"]");
      }
      return new ImageTarget(string(node, path, "registry"), string(node, path, "project"),
          string(node, path, "repository"), tags);
    }

    private BaseImage baseImage(ObjectNode node) throws PushException {
      known(node, "baseImage", BASE_IMAGE_FIELDS);
      String reference = string(node, "baseImage", "reference");
      Optional<ObjectNode> credentials = optionalObject(node, "baseImage", "credentials");
      return credentials.isPresent()
          ? BaseImage.of(reference, credentials(credentials.get(), "baseImage.credentials"))
          : BaseImage.of(reference);
    }

    private Credentials credentials(ObjectNode node, String path) throws PushException {
      known(node, path, CREDENTIALS_FIELDS);
      String username = string(node, path, "username");
      String passwordPath = path + "." + SECRET_FIELD;
      JsonNode password = node.get(SECRET_FIELD);
      if (password == null || password.isNull()) {
        throw PushException.invalid(passwordPath, passwordPath + " is missing: give the password or token of "
            + "'" + username + "' as a JSON string");
      }
      if (!(password instanceof POJONode pojo && pojo.getPojo() instanceof SecretRef ref)) {
        throw PushException.invalid(passwordPath, passwordPath + " must be a JSON string");
      }
      // Credentials.of copies; the array read from the stream is wiped when reading ends.
      return Credentials.of(username, secrets.get(ref.path()));
    }

    private BuildOutput buildOutput(ObjectNode node) throws PushException {
      String path = "buildOutput";
      String type = string(node, path, "type");
      Set<String> fields = BUILD_OUTPUT_FIELDS.get(type);
      if (fields == null) {
        throw PushException.invalid("buildOutput.type", "buildOutput.type '" + type + "' is not one of "
            + String.join(", ", BUILD_OUTPUT_FIELDS.keySet()));
      }
      known(node, path, "buildOutput of type " + type, fields);
      return switch (type) {
        case "auto" -> new BuildOutput.AutoDetect(path(node, path, "directory"));
        case "exploded" -> new BuildOutput.Exploded(path(node, path, "classes"),
            optionalPath(node, path, "dependencies"));
        case "thin-jar" -> new BuildOutput.ThinJar(path(node, path, "jar"));
        case "spring-boot-jar" -> new BuildOutput.SpringBootJar(path(node, path, "jar"));
        case "war" -> new BuildOutput.War(path(node, path, "war"), optionalString(node, path, "appRoot"));
        default -> throw new IllegalStateException(type);
      };
    }

    private ContainerSettings container(ObjectNode node) throws PushException {
      String path = "container";
      known(node, path, CONTAINER_FIELDS);
      ContainerSettings.Builder b = ContainerSettings.builder();
      b.mainClass(optionalString(node, path, "mainClass").orElse(null));
      b.jvmFlags(optionalStringList(node, path, "jvmFlags"));
      b.programArguments(optionalStringList(node, path, "programArguments"));
      b.environment(stringMap(node, path, "environment"));
      b.ports(optionalStringList(node, path, "ports"));
      b.labels(stringMap(node, path, "labels"));
      b.user(optionalString(node, path, "user").orElse(null));
      b.workingDirectory(optionalString(node, path, "workingDirectory").orElse(null));
      b.volumes(optionalStringList(node, path, "volumes"));
      Optional<String> format = optionalString(node, path, "format");
      if (format.isPresent()) {
        ImageFormat f = enumValue(ImageFormat.class, format.get());
        if (f == null) {
          throw PushException.invalid("container.format", "container.format '" + format.get()
              + "' is not one of docker, oci");
        }
        b.format(f);
      }
      if (node.hasNonNull("platforms")) {
        b.platforms(optionalStringList(node, path, "platforms"));
      }
      Optional<String> creationTime = optionalString(node, path, "creationTime");
      if (creationTime.isPresent()) {
        b.creationTime(TimeValues.creationTime("container.creationTime", creationTime.get(), clock).orElse(null));
      }
      optionalString(node, path, "appRoot").ifPresent(b::appRoot);
      JsonNode dependencyLayers = node.get("dependencyLayers");
      if (dependencyLayers != null && !dependencyLayers.isNull()) {
        if (!dependencyLayers.canConvertToExactIntegral() || !dependencyLayers.canConvertToInt()) {
          throw PushException.invalid("container.dependencyLayers", "container.dependencyLayers must be a whole"
              + " number from 1 to " + ContainerSettings.MAX_DEPENDENCY_LAYERS + " (1 keeps one dependencies layer),"
              + " not " + dependencyLayers);
        }
        b.dependencyLayers(dependencyLayers.asInt());
      }
      return b.build();
    }

    private BuildMetadata metadata(ObjectNode node) throws PushException {
      known(node, "metadata", METADATA_FIELDS);
      Optional<String> created = optionalString(node, "metadata", "created");
      Optional<Instant> createdAt = Optional.empty();
      if (created.isPresent()) {
        createdAt = Optional.of(TimeValues.instant("metadata.created", created.get(), clock));
      }
      return new BuildMetadata(optionalString(node, "metadata", "source"),
          optionalString(node, "metadata", "revision"), optionalString(node, "metadata", "version"), createdAt);
    }

    private TlsSettings tls(ObjectNode node) throws PushException {
      known(node, "tls", TLS_FIELDS);
      Optional<String> pem = optionalString(node, "tls", "caPem");
      Optional<String> file = optionalString(node, "tls", "caFile");
      Optional<String> source = optionalString(node, "tls", "caSource");
      boolean insecure = optionalBoolean(node, "tls", "insecure");
      TlsSettings tls = TlsSettings.DEFAULT;
      if (pem.isPresent() && file.isPresent()) {
        throw PushException.invalid("tls.caFile", "give the CA certificates either as tls.caPem or as tls.caFile, "
            + "not both");
      }
      if (source.isPresent() && pem.isEmpty()) {
        throw PushException.invalid("tls.caSource", "tls.caSource names where tls.caPem came from; it needs "
            + "tls.caPem");
      }
      if (pem.isPresent()) {
        tls = source.isPresent()
            ? new TlsSettings(pem, source.get(), false)
            : TlsSettings.withCaPem(pem.get());
      } else if (file.isPresent()) {
        tls = TlsSettings.fromCaFile("tls.caFile", path("tls.caFile", file.get()));
      }
      return tls.withInsecure(insecure);
    }

    /** Present means Harbor is required, unless {@code mode} says otherwise. */
    private HarborSettings harbor(ObjectNode node) throws PushException {
      known(node, "harbor", HARBOR_FIELDS);
      HarborSettings h = HarborSettings.REQUIRED;
      Optional<String> mode = optionalString(node, "harbor", "mode");
      if (mode.isPresent()) {
        HarborSettings.Mode m = enumValue(HarborSettings.Mode.class, mode.get());
        if (m == null) {
          throw PushException.invalid("harbor.mode", "harbor.mode '" + mode.get() + "' is not one of auto, required,"
              + " off");
        }
        h = h.withMode(m);
      }
      Optional<String> url = optionalString(node, "harbor", "url");
      if (url.isPresent()) {
        h = h.withUrl(HarborJson.url("harbor.url", url.get()));
      }
      if (node.hasNonNull("preflight")) {
        h = h.withPreflight(optionalBoolean(node, "harbor", "preflight"));
      }
      Optional<Boolean> autoScan = node.hasNonNull("autoScan")
          ? Optional.of(optionalBoolean(node, "harbor", "autoScan")) : Optional.empty();
      h = h.withCreateProject(optionalBoolean(node, "harbor", "createProject"),
          optionalBoolean(node, "harbor", "projectPublic"), autoScan);
      h = h.withLabels(optionalStringList(node, "harbor", "labels"));
      Optional<ObjectNode> scan = optionalObject(node, "harbor", "scan");
      if (scan.isPresent() && (!scan.get().hasNonNull("enabled") || optionalBoolean(scan.get(), "harbor.scan",
          "enabled"))) {
        h = h.withScan(scan(scan.get()));
      }
      return h;
    }

    private HarborSettings.ScanGate scan(ObjectNode node) throws PushException {
      String path = "harbor.scan";
      known(node, path, SCAN_FIELDS);
      Severity threshold = HarborJson.threshold(path + ".threshold",
          optionalString(node, path, "threshold").orElse("high"));
      HarborSettings.OnViolation onViolation = HarborSettings.OnViolation.FAIL;
      Optional<String> violation = optionalString(node, path, "onViolation");
      if (violation.isPresent()) {
        onViolation = enumValue(HarborSettings.OnViolation.class, violation.get());
        if (onViolation == null) {
          throw PushException.invalid(path + ".onViolation", path + ".onViolation '" + violation.get()
              + "' is not one of fail, unstable");
        }
      }
      Duration timeout = HarborSettings.ScanGate.DEFAULT_TIMEOUT;
      JsonNode seconds = node.get("timeoutSeconds");
      if (seconds != null && !seconds.isNull()) {
        if (!seconds.canConvertToExactIntegral() || seconds.asLong() <= 0) {
          throw PushException.invalid(path + ".timeoutSeconds", path + ".timeoutSeconds must be a positive whole"
              + " number of seconds, not " + seconds);
        }
        timeout = Duration.ofSeconds(seconds.asLong());
      }
      boolean trigger = !node.hasNonNull("trigger") || optionalBoolean(node, path, "trigger");
      return new HarborSettings.ScanGate(threshold, onViolation,
          new LinkedHashSet<>(optionalStringList(node, path, "allowList")), timeout, trigger,
          optionalBoolean(node, path, "sbom"));
    }

    private RetryPolicy retry(ObjectNode node) throws PushException {
      known(node, "retry", RETRY_FIELDS);
      JsonNode attempts = node.get("attempts");
      JsonNode backoff = node.get("firstBackoffMillis");
      int n = RetryPolicy.DEFAULT.attempts();
      long millis = RetryPolicy.DEFAULT.firstBackoff().toMillis();
      if (attempts != null && !attempts.isNull()) {
        if (!attempts.canConvertToInt() || attempts.asInt() < 1 || attempts.asInt() > 10) {
          throw PushException.invalid("retry.attempts", "retry.attempts must be a whole number from 1 to 10, not "
              + attempts);
        }
        n = attempts.asInt();
      }
      if (backoff != null && !backoff.isNull()) {
        if (!backoff.canConvertToExactIntegral() || backoff.asLong() < 0 || backoff.asLong() > 600_000) {
          throw PushException.invalid("retry.firstBackoffMillis", "retry.firstBackoffMillis must be a whole number"
              + " of milliseconds from 0 to 600000, not " + backoff);
        }
        millis = backoff.asLong();
      }
      return new RetryPolicy(n, Duration.ofMillis(millis));
    }

    // Field helpers. Each names the field by its path in the request, e.g. "target.tags[1]".

    private void known(ObjectNode node, String path, Set<String> fields) throws PushException {
      known(node, path, path.isEmpty() ? "the request" : path, fields);
    }

    private void known(ObjectNode node, String path, String where, Set<String> fields) throws PushException {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!fields.contains(name)) {
          String fieldPath = path.isEmpty() ? name : path + "." + name;
          String suggestion = closest(name, fields).map(s -> " Did you mean '" + s + "'?").orElse("");
          throw PushException.invalid(fieldPath, "unknown field '" + fieldPath + "': " + where + " has "
              + String.join(", ", fields) + "." + suggestion);
        }
      }
    }

    private record Found(String path, JsonNode node) {}

    private Found required(ObjectNode node, String name) throws PushException {
      return required(node, "", name);
    }

    private Found required(ObjectNode node, String path, String name) throws PushException {
      String fieldPath = path.isEmpty() ? name : path + "." + name;
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        throw PushException.invalid(fieldPath, fieldPath + " is missing");
      }
      return new Found(fieldPath, value);
    }

    private ObjectNode object(ObjectNode node, String name) throws PushException {
      Found f = required(node, name);
      if (!(f.node() instanceof ObjectNode o)) {
        throw PushException.invalid(f.path(), f.path() + " must be a JSON object");
      }
      return o;
    }

    private Optional<ObjectNode> optionalObject(ObjectNode node, String path, String name) throws PushException {
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        return Optional.empty();
      }
      String fieldPath = path.isEmpty() ? name : path + "." + name;
      if (!(value instanceof ObjectNode o)) {
        throw PushException.invalid(fieldPath, fieldPath + " must be a JSON object");
      }
      return Optional.of(o);
    }

    private String string(ObjectNode node, String path, String name) throws PushException {
      Found f = required(node, path, name);
      if (!f.node().isTextual()) {
        throw PushException.invalid(f.path(), f.path() + " must be a JSON string");
      }
      return f.node().textValue();
    }

    private Optional<String> optionalString(ObjectNode node, String path, String name) throws PushException {
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        return Optional.empty();
      }
      String fieldPath = path.isEmpty() ? name : path + "." + name;
      if (!value.isTextual()) {
        throw PushException.invalid(fieldPath, fieldPath + " must be a JSON string");
      }
      return Optional.of(value.textValue());
    }

    private boolean optionalBoolean(ObjectNode node, String path, String name) throws PushException {
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        return false;
      }
      if (!value.isBoolean()) {
        throw PushException.invalid(path + "." + name, path + "." + name + " must be true or false");
      }
      return value.booleanValue();
    }

    private List<String> stringList(ObjectNode node, String path, String name) throws PushException {
      Found f = required(node, path, name);
      return strings(f.path(), f.node());
    }

    private List<String> optionalStringList(ObjectNode node, String path, String name) throws PushException {
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        return List.of();
      }
      return strings(path + "." + name, value);
    }

    private List<String> strings(String path, JsonNode value) throws PushException {
      if (!value.isArray()) {
        throw PushException.invalid(path, path + " must be a JSON array of strings");
      }
      List<String> list = new ArrayList<>();
      for (int i = 0; i < value.size(); i++) {
        JsonNode e = value.get(i);
        if (!e.isTextual()) {
          throw PushException.invalid(path + "[" + i + "]", path + "[" + i + "] must be a JSON string");
        }
        list.add(e.textValue());
      }
      return list;
    }

    private Map<String, String> stringMap(ObjectNode node, String path, String name) throws PushException {
      JsonNode value = node.get(name);
      Map<String, String> map = new LinkedHashMap<>();
      if (value == null || value.isNull()) {
        return map;
      }
      String fieldPath = path + "." + name;
      if (!value.isObject()) {
        throw PushException.invalid(fieldPath, fieldPath + " must be a JSON object of strings");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isTextual()) {
          throw PushException.invalid(fieldPath + "." + e.getKey(), fieldPath + "." + e.getKey()
              + " must be a JSON string");
        }
        map.put(e.getKey(), e.getValue().textValue());
      }
      return map;
    }

    private Path path(ObjectNode node, String path, String name) throws PushException {
      return path(path + "." + name, string(node, path, name));
    }

    private Optional<Path> optionalPath(ObjectNode node, String path, String name) throws PushException {
      Optional<String> value = optionalString(node, path, name);
      return value.isPresent() ? Optional.of(path(path + "." + name, value.get())) : Optional.empty();
    }

    private static Path path(String field, String value) throws PushException {
      try {
        return Path.of(value);
      } catch (InvalidPathException e) {
        throw PushException.invalid(field, field + " '" + value + "' is not a valid path: " + e.getReason());
      }
    }
  }

  /** The constant of {@code type} named {@code text}, ignoring case and treating '-' as '_'; null if none. */
  static <E extends Enum<E>> E enumValue(Class<E> type, String text) {
    String name = text.strip().replace('-', '_').toUpperCase(Locale.ROOT);
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    return null;
  }

  /** The known name closest to a misspelt one, if it is close enough to be the likely intent. */
  static Optional<String> closest(String name, Set<String> known) {
    return known.stream()
        .min(Comparator.comparingInt(k -> distance(name.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT))))
        .filter(k -> distance(name.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT))
            <= Math.max(2, k.length() / 3));
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static Set<String> ordered(String... names) {
    return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(List.of(names)));
  }

  private static Map<String, Set<String>> buildOutputFields() {
    Map<String, Set<String>> m = new LinkedHashMap<>();
    m.put("auto", ordered("type", "directory"));
    m.put("exploded", ordered("type", "classes", "dependencies"));
    m.put("thin-jar", ordered("type", "jar"));
    m.put("spring-boot-jar", ordered("type", "jar"));
    m.put("war", ordered("type", "war", "appRoot"));
    return java.util.Collections.unmodifiableMap(m);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Writing.

  private static final class Writer {
    private final JsonGenerator g;

    Writer(JsonGenerator g) {
      this.g = g;
    }

    void request(ProtocolRequest request) throws IOException {
      PushRequest push = request.push();
      g.writeStartObject();
      g.writeNumberField("protocolVersion", Protocol.VERSION);

      ImageTarget target = push.target();
      g.writeObjectFieldStart("target");
      g.writeStringField("registry", target.registry());
      g.writeStringField("project", target.project());
      g.writeStringField("repository", target.repository());
      strings("tags", target.tags());
      g.writeEndObject();

      if (push.credentials().isPresent()) {
        credentials("credentials", push.credentials().get());
      }

      g.writeObjectFieldStart("baseImage");
      g.writeStringField("reference", push.baseImage().reference());
      if (push.baseImage().credentials().isPresent()) {
        credentials("credentials", push.baseImage().credentials().get());
      }
      g.writeEndObject();

      buildOutput(push.buildOutput());
      container(push.container());

      BuildMetadata m = push.metadata();
      if (!m.equals(BuildMetadata.NONE)) {
        g.writeObjectFieldStart("metadata");
        optional("source", m.source());
        optional("revision", m.revision());
        optional("version", m.version());
        optional("created", m.created().map(Instant::toString));
        g.writeEndObject();
      }

      TlsSettings tls = push.tls();
      if (!tls.equals(TlsSettings.DEFAULT)) {
        g.writeObjectFieldStart("tls");
        if (tls.caCertificatesPem().isPresent()) {
          g.writeStringField("caPem", tls.caCertificatesPem().get());
          if (!tls.caSource().isEmpty()) {
            g.writeStringField("caSource", tls.caSource());
          }
        }
        g.writeBooleanField("insecure", tls.insecure());
        g.writeEndObject();
      }

      if (request.proxyCredentials().isPresent()) {
        credentials("proxy", request.proxyCredentials().get());
      }
      optional("cacheDirectory", push.cacheDirectory().map(Path::toString));
      g.writeNumberField("httpTimeoutMillis", push.httpTimeout().toMillis());
      harbor(push.harbor());
      if (!push.retryPolicy().equals(RetryPolicy.DEFAULT)) {
        g.writeObjectFieldStart("retry");
        g.writeNumberField("attempts", push.retryPolicy().attempts());
        g.writeNumberField("firstBackoffMillis", push.retryPolicy().firstBackoff().toMillis());
        g.writeEndObject();
      }
      g.writeStringField("verbosity", request.verbosity().name().toLowerCase(Locale.ROOT));
      g.writeEndObject();
    }

    private void harbor(HarborSettings h) throws IOException {
      if (h.equals(HarborSettings.AUTO)) {
        return;
      }
      g.writeObjectFieldStart("harbor");
      g.writeStringField("mode", h.mode().name().toLowerCase(Locale.ROOT));
      optional("url", h.url().map(Object::toString));
      g.writeBooleanField("preflight", h.preflight());
      g.writeBooleanField("createProject", h.createProject());
      g.writeBooleanField("projectPublic", h.projectPublic());
      if (h.autoScan().isPresent()) {
        g.writeBooleanField("autoScan", h.autoScan().get());
      }
      nonEmpty("labels", h.labels());
      if (h.scan().isPresent()) {
        HarborSettings.ScanGate s = h.scan().get();
        g.writeObjectFieldStart("scan");
        g.writeStringField("threshold", s.threshold().harborName().toLowerCase(Locale.ROOT));
        g.writeStringField("onViolation", s.onViolation().name().toLowerCase(Locale.ROOT));
        nonEmpty("allowList", s.allowList().stream().sorted().toList());
        g.writeNumberField("timeoutSeconds", Math.max(1, s.timeout().toSeconds()));
        g.writeBooleanField("trigger", s.triggerScan());
        g.writeBooleanField("sbom", s.requestSbom());
        g.writeEndObject();
      }
      g.writeEndObject();
    }

    private void credentials(String name, Credentials credentials) throws IOException {
      g.writeObjectFieldStart(name);
      g.writeStringField("username", credentials.username());
      char[] password = credentials.password();
      try {
        g.writeFieldName(SECRET_FIELD);
        g.writeString(password, 0, password.length);
      } finally {
        Arrays.fill(password, '\0');
      }
      g.writeEndObject();
    }

    private void buildOutput(BuildOutput output) throws IOException {
      g.writeObjectFieldStart("buildOutput");
      if (output instanceof BuildOutput.AutoDetect a) {
        g.writeStringField("type", "auto");
        g.writeStringField("directory", a.moduleDirectory().toString());
      } else if (output instanceof BuildOutput.Exploded e) {
        g.writeStringField("type", "exploded");
        g.writeStringField("classes", e.classes().toString());
        optional("dependencies", e.dependencies().map(Path::toString));
      } else if (output instanceof BuildOutput.ThinJar t) {
        g.writeStringField("type", "thin-jar");
        g.writeStringField("jar", t.jar().toString());
      } else if (output instanceof BuildOutput.SpringBootJar s) {
        g.writeStringField("type", "spring-boot-jar");
        g.writeStringField("jar", s.jar().toString());
      } else if (output instanceof BuildOutput.War w) {
        g.writeStringField("type", "war");
        g.writeStringField("war", w.war().toString());
        optional("appRoot", w.appRoot());
      }
      g.writeEndObject();
    }

    private void container(ContainerSettings c) throws IOException {
      g.writeObjectFieldStart("container");
      optional("mainClass", c.mainClass());
      nonEmpty("jvmFlags", c.jvmFlags());
      nonEmpty("programArguments", c.programArguments());
      map("environment", c.environment());
      nonEmpty("ports", c.ports());
      map("labels", c.labels());
      optional("user", c.user());
      optional("workingDirectory", c.workingDirectory());
      nonEmpty("volumes", c.volumes());
      g.writeStringField("format", c.format().name().toLowerCase(Locale.ROOT));
      strings("platforms", c.platforms());
      g.writeStringField("creationTime", c.creationTime().map(Instant::toString).orElse(TimeValues.EPOCH));
      g.writeStringField("appRoot", c.appRoot());
      g.writeNumberField("dependencyLayers", c.dependencyLayers());
      g.writeEndObject();
    }

    private void optional(String name, Optional<String> value) throws IOException {
      if (value.isPresent()) {
        g.writeStringField(name, value.get());
      }
    }

    private void nonEmpty(String name, List<String> values) throws IOException {
      if (!values.isEmpty()) {
        strings(name, values);
      }
    }

    private void strings(String name, List<String> values) throws IOException {
      g.writeArrayFieldStart(name);
      for (String v : values) {
        g.writeString(v);
      }
      g.writeEndArray();
    }

    private void map(String name, Map<String, String> values) throws IOException {
      if (values.isEmpty()) {
        return;
      }
      g.writeObjectFieldStart(name);
      for (Map.Entry<String, String> e : values.entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
    }
  }

}
