package io.jenkins.plugins.harborjib.testkit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@code skopeo} command, pointed at one registry: reads what a push left there (digest, layers, config,
 * manifest, tags), copies images out to an {@code oci:} or {@code dir:} layout, or pushes a layout in.
 *
 * <p>Credentials never go on skopeo's command line: each call writes a temporary {@code auth.json} (mode 0600)
 * and deletes it when skopeo exits. HTTPS registries are trusted through a {@code --cert-dir} holding
 * {@code ca.crt}; plain-HTTP ones are reached with {@code --tls-verify=false}. A missing skopeo skips the test, or
 * fails it under {@code CI=true}.
 *
 * <p>Image arguments are {@code repository:tag} or {@code repository@sha256:...} in this registry, or a full
 * reference starting with the registry's host.
 */
public final class Skopeo {
  /** Where skopeo, as root, remembers where blobs live (and mounts them instead of uploading). */
  public static final Path BLOB_INFO_CACHE = Path.of("/var/lib/containers/cache/blob-info-cache-v1.boltdb");

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final long TIMEOUT_SECONDS = 300;

  private final String host;
  private final Path certDir;
  private final boolean tlsVerify;
  private final String username;
  private final char[] password;

  private Skopeo(String host, Path certDir, boolean tlsVerify, String username, char[] password) {
    this.host = host;
    this.certDir = certDir;
    this.tlsVerify = tlsVerify;
    this.username = username;
    this.password = password;
  }

  /** Skopeo for this registry: its credentials if it has any, and its CA (HTTPS) or no TLS (plain HTTP). */
  public static Skopeo of(TestRegistry registry) {
    Skopeo s = registry.isHttps() ? trusting(registry.host(), registry.caCertDir()) : plainHttp(registry.host());
    return registry.hasCredentials() ? s.withCredentials(registry.username(), registry.passwordChars()) : s;
  }

  /** Anonymous skopeo for an HTTPS registry at {@code host} trusted through {@code certDir} (holding ca.crt). */
  public static Skopeo trusting(String host, Path certDir) {
    return new Skopeo(host, Objects.requireNonNull(certDir, "certDir"), true, null, null);
  }

  /** Anonymous skopeo for an HTTPS registry at {@code host} checked against the system's trusted CAs only. */
  public static Skopeo systemTrust(String host) {
    return new Skopeo(host, null, true, null, null);
  }

  /** Anonymous skopeo for a registry at {@code host} without TLS verification (plain HTTP). */
  public static Skopeo plainHttp(String host) {
    return new Skopeo(host, null, false, null, null);
  }

  /** The same, sending these credentials (through a temporary auth file). */
  public Skopeo withCredentials(String username, char[] password) {
    return new Skopeo(host, certDir, tlsVerify, Objects.requireNonNull(username, "username"), password.clone());
  }

  /** The same, anonymous. */
  public Skopeo withoutCredentials() {
    return new Skopeo(host, certDir, tlsVerify, null, null);
  }

  /** The registry part of references, {@code 127.0.0.1:PORT}. */
  public String host() {
    return host;
  }

  /**
   * {@code skopeo inspect --no-tags}: digest, platform, environment, labels and layers of an image. Layer sizes
   * and media types come from the manifest ({@code inspect --raw}), as skopeo 1.9 does not print them.
   */
  public ImageInspection inspect(String image) {
    JsonNode json = readJson(run(registryCommand("inspect", "--no-tags"), docker(image)), image);
    List<Layer> layers = new ArrayList<>();
    for (JsonNode l : json.path("LayersData")) {
      layers.add(new Layer(l.path("Digest").asText(), l.path("Size").asLong(), l.path("MIMEType").asText()));
    }
    if (layers.isEmpty()) {
      // By digest, so the manifest read is the one inspected even if the tag moved in between.
      String digest = json.path("Digest").asText();
      String repository = json.path("Name").asText();
      JsonNode manifest = readJson(inspectRaw(repository + "@" + digest), image);
      for (JsonNode l : manifest.path("layers")) {
        layers.add(new Layer(l.path("digest").asText(), l.path("size").asLong(), l.path("mediaType").asText()));
      }
    }
    return new ImageInspection(json.path("Name").asText(), json.path("Digest").asText(),
        json.path("Architecture").asText(), json.path("Os").asText(), layers, strings(json.path("Env")),
        stringMap(json.path("Labels")));
  }

  /** {@code skopeo list-tags}: the tags of a repository, as the registry lists them. */
  public List<String> listTags(String repository) {
    return strings(readJson(run(registryCommand("list-tags"), docker(repository)), repository).path("Tags"));
  }

  /** {@code skopeo inspect --config}: the image configuration (entrypoint, cmd, environment, ...). */
  public ImageConfig inspectConfig(String image) {
    return parseConfig(readJson(run(registryCommand("inspect", "--config"), docker(image)), image));
  }

  /** Reads an image configuration blob (JSON). */
  static ImageConfig parseConfig(JsonNode json) {
    JsonNode c = json.path("config");
    return new ImageConfig(json.path("architecture").asText(), json.path("os").asText(), strings(c.path("Entrypoint")),
        strings(c.path("Cmd")), strings(c.path("Env")), stringMap(c.path("Labels")), c.path("User").asText(""),
        c.path("WorkingDir").asText(""), keys(c.path("ExposedPorts")), keys(c.path("Volumes")));
  }

  /** {@code skopeo inspect --raw}: the manifest exactly as the registry serves it. */
  public String inspectRaw(String image) {
    return run(registryCommand("inspect", "--raw"), docker(image));
  }

  /** {@code skopeo inspect --config --raw}: the configuration blob exactly as stored. */
  public String inspectRawConfig(String image) {
    return run(registryCommand("inspect", "--config", "--raw"), docker(image));
  }

  /** Copies an image out to an OCI layout ({@code oci:DIR}); returns {@code dir}. */
  public Path copyToOci(String image, Path dir) {
    return copyOut(image, "oci:" + dir.toAbsolutePath(), dir);
  }

  /** Copies an image out to skopeo's {@code dir:} layout (manifest.json and one file per blob); returns {@code dir}. */
  public Path copyToDir(String image, Path dir) {
    return copyOut(image, "dir:" + dir.toAbsolutePath(), dir);
  }

  /** Pushes an image from an OCI layout ({@code oci:DIR}) to {@code image} in this registry. */
  public void copyFromOci(Path dir, String image) {
    forgetBlobLocations();
    List<String> args = new ArrayList<>(List.of("copy", "--retry-times", "0"));
    args.addAll(tlsArgs("--dest-"));
    run(withAuth(args, "--dest-"), "oci:" + dir.toAbsolutePath(), docker(image));
  }

  /** {@code skopeo delete}: deletes the manifest behind {@code image} (the registry must allow deletes). */
  public void delete(String image) {
    run(registryCommand("delete"), docker(image));
  }

  /**
   * Deletes skopeo's blob-location cache, so a later copy uploads blobs instead of mounting them from where it
   * saw them before.
   */
  public static void forgetBlobLocations() {
    try {
      Files.deleteIfExists(BLOB_INFO_CACHE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "Skopeo{" + host + (certDir != null ? ", cert-dir " + certDir : tlsVerify ? ", tls" : ", no tls verify")
        + (username != null ? ", user " + username : ", anonymous") + "}";
  }

  // ---- internals ----------------------------------------------------------------------------------------------

  private Path copyOut(String image, String destination, Path dir) {
    forgetBlobLocations();
    try {
      Files.createDirectories(dir.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> args = new ArrayList<>(List.of("copy", "--retry-times", "0"));
    args.addAll(tlsArgs("--src-"));
    run(withAuth(args, "--src-"), docker(image), destination);
    return dir;
  }

  private List<String> registryCommand(String... command) {
    List<String> args = new ArrayList<>(Arrays.asList(command));
    args.addAll(tlsArgs("--"));
    return withAuth(args, "--");
  }

  private List<String> tlsArgs(String prefix) {
    if (!tlsVerify) {
      return List.of(prefix + "tls-verify=false");
    }
    List<String> args = new ArrayList<>(List.of(prefix + "tls-verify=true"));
    if (certDir != null) {
      args.add(prefix + "cert-dir");
      args.add(certDir.toAbsolutePath().toString());
    }
    return args;
  }

  /** Marks where the auth file goes ({@code prefix + "authfile"}) or says to go anonymous. */
  private List<String> withAuth(List<String> args, String prefix) {
    args.add(username == null ? prefix + "no-creds" : prefix + "authfile");
    return args;
  }

  private String docker(String image) {
    String name = image.startsWith(host + "/") ? image : host + "/" + image;
    return "docker://" + name;
  }

  /** Runs skopeo with {@code args} then {@code operands}; the auth file path follows an {@code ...authfile} flag. */
  private String run(List<String> args, String... operands) {
    RequiredTools.requireSkopeo();
    List<String> command = new ArrayList<>();
    command.add(RequiredTools.executable("skopeo").toString());
    Path authFile = null;
    try {
      for (String arg : args) {
        command.add(arg);
        if (arg.endsWith("authfile")) {
          authFile = writeAuthFile();
          command.add(authFile.toString());
        }
      }
      command.addAll(Arrays.asList(operands));
      return execute(command);
    } finally {
      if (authFile != null) {
        try {
          Files.deleteIfExists(authFile);
        } catch (IOException e) {
          // Left behind only if the disk fails; it is readable by its owner alone (0600).
        }
      }
    }
  }

  private Path writeAuthFile() {
    byte[] pair = null;
    try {
      Path file = Files.createTempFile("harbor-jib-skopeo-auth-", ".json",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      pair = (username + ":" + new String(password)).getBytes(StandardCharsets.UTF_8);
      ObjectNode entry = JsonNodeFactory.instance.objectNode().put("auth", Base64.getEncoder().encodeToString(pair));
      ObjectNode auths = JsonNodeFactory.instance.objectNode();
      auths.putObject("auths").set(host, entry);
      Files.write(file, JSON.writeValueAsBytes(auths));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write a temporary auth file for skopeo", e);
    } finally {
      if (pair != null) {
        Arrays.fill(pair, (byte) 0);
      }
    }
  }

  private static String execute(List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(command);
    // Only what this call passes decides which credentials skopeo uses.
    pb.environment().remove("REGISTRY_AUTH_FILE");
    pb.environment().remove("DOCKER_CONFIG");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + command.get(0), e);
    }
    try {
      p.getOutputStream().close();
      CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
      String stdout = drain(p.getInputStream());
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        Cleanup.killTree(p);
        throw new SkopeoException(describe(command), -1, "timed out after " + TIMEOUT_SECONDS + " s");
      }
      String errors = stderr.join();
      if (p.exitValue() != 0) {
        throw new SkopeoException(describe(command), p.exitValue(), errors);
      }
      return stdout;
    } catch (InterruptedException e) {
      Cleanup.killTree(p);
      Thread.currentThread().interrupt();
      throw new SkopeoException(describe(command), -1, "interrupted");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String drain(InputStream in) {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static String describe(List<String> command) {
    return "skopeo " + String.join(" ", command.subList(1, command.size()));
  }

  static JsonNode readJson(String text, String what) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException("skopeo printed no JSON for " + what + ": " + text, e);
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(n -> values.add(n.asText()));
    return List.copyOf(values);
  }

  private static Map<String, String> stringMap(JsonNode object) {
    Map<String, String> map = new LinkedHashMap<>();
    object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  private static Set<String> keys(JsonNode object) {
    Set<String> keys = new LinkedHashSet<>();
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      keys.add(it.next());
    }
    return keys;
  }

  /** A layer as the manifest lists it: digest, compressed size in bytes, media type. */
  public record Layer(String digest, long size, String mediaType) {}

  /**
   * What {@code skopeo inspect} says of an image.
   *
   * @param name the repository, {@code host/repository}
   * @param digest the manifest digest, {@code sha256:...}
   */
  public record ImageInspection(String name, String digest, String architecture, String os, List<Layer> layers,
      List<String> env, Map<String, String> labels) {}

  /**
   * The {@code config} part of an image configuration. Absent lists, maps and sets are empty; an absent user or
   * working directory is the empty string.
   */
  public record ImageConfig(String architecture, String os, List<String> entrypoint, List<String> cmd,
      List<String> env, Map<String, String> labels, String user, String workingDir, Set<String> exposedPorts,
      Set<String> volumes) {

    /** The value of one environment variable, if set. */
    public Optional<String> env(String name) {
      return envMap().containsKey(name) ? Optional.of(envMap().get(name)) : Optional.empty();
    }

    /** The environment as an ordered map. */
    public Map<String, String> envMap() {
      Map<String, String> map = new LinkedHashMap<>();
      for (String e : env) {
        int eq = e.indexOf('=');
        map.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
      }
      return map;
    }
  }

  /** skopeo exited non-zero; the message carries its standard error (which never holds a password). */
  public static final class SkopeoException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;
    private final String stderr;

    SkopeoException(String command, int exitCode, String stderr) {
      super(command + " failed (exit code " + exitCode + "): " + stderr.strip());
      this.exitCode = exitCode;
      this.stderr = stderr;
    }

    public int exitCode() {
      return exitCode;
    }

    public String stderr() {
      return stderr;
    }
  }
}
