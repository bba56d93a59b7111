package io.jenkins.plugins.harborjib.cli.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.harborjib.testkit.Samples;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/**
 * The bad-input table: each row a wrong value given to the CLI, through the JSON request (what the Jenkins plugin
 * sends) or the flags (what people type), with the field the error must name and words the message must hold (the
 * value and the fix). All but the TLS rows must be refused before any network call; the TLS rows can only be found at
 * the first TLS contact, and must say so clearly. {@code BadInputTest} runs every row in this JVM, {@code
 * BadInputJarIT} a few through the real jar, and {@code docs/reliability.md} lists them all
 * ({@code ReliabilityDocTest} keeps it so).
 */
final class BadInputCases {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The password every row sends; it must never appear in any output. */
  static final String PASSWORD = "Not-Used-Passw0rd";
  /** The password typed as a flag value in one row; it must never appear in any output either. */
  static final String TYPED_PASSWORD = "Typed-0n-The-L1ne";

  private BadInputCases() {}

  /** How the input reaches the CLI. */
  enum Surface {
    JSON, FLAGS
  }

  /** Where the problem must be found. */
  enum Stage {
    /** Before any network call: nothing connects anywhere. */
    BEFORE_NETWORK,
    /** At the first TLS handshake: the registry's certificate is only seen there. */
    FIRST_TLS_CONTACT
  }

  /**
   * One row.
   *
   * @param id stable name, used in docs/reliability.md
   * @param what the input, in words
   * @param field the field the error names (its path in the JSON request, or the flag for flag-only problems); null
   *     when the CLI's argument parser reports it (no structured field)
   * @param flag for flag rows: the flag the human output must name
   * @param mentions words the message must hold: the value and the fix
   * @param exitCode 2 (INVALID_INPUT) or 4 (TLS)
   */
  record Case(String id, String what, Surface surface, Stage stage, String field, String flag, List<String> mentions,
      int exitCode, Setup setup) {
    @Override
    public String toString() {
      return id;
    }
  }

  /** Builds the invocation for a row in its own workspace. */
  @FunctionalInterface
  interface Setup {
    Invocation create(Workspace w) throws Exception;
  }

  /** Arguments and standard input. */
  record Invocation(List<String> args, byte[] stdin) {}

  /** The registries the TLS rows need; the other rows point at a {@link Tripwire}. */
  record Registries(TestRegistry expired, TestRegistry wrongHost, TestRegistry untrusted) {}

  /** A row's own folder, with the pieces requests are made of. */
  static final class Workspace {
    final Path dir;
    final String registry;
    final Registries registries;

    Workspace(Path dir, String registry, Registries registries) {
      this.dir = dir;
      this.registry = registry;
      this.registries = registries;
    }

    Path cache() {
      return dir.resolve("cache");
    }

    Path resultFile() {
      return dir.resolve("result.json");
    }

    Path passwordFile() throws IOException {
      Path f = dir.resolve("password.txt");
      if (!Files.exists(f)) {
        Files.writeString(f, PASSWORD);
      }
      return f;
    }

    /** A valid request (it would push the exploded sample to the tripwire); rows change one thing. */
    ObjectNode request() {
      ObjectNode r = JSON.createObjectNode();
      r.put("protocolVersion", 1);
      ObjectNode target = r.putObject("target");
      target.put("registry", registry);
      target.put("project", "app");
      target.put("repository", "hello");
      target.putArray("tags").add("1");
      ObjectNode credentials = r.putObject("credentials");
      credentials.put("username", "tester");
      credentials.put("password", PASSWORD);
      r.putObject("baseImage").put("reference", "base/jre17:17");
      ObjectNode output = r.putObject("buildOutput");
      output.put("type", "exploded");
      output.put("classes", Samples.helloAppClasses().toString());
      output.put("dependencies", Samples.helloAppDependencies().toString());
      r.putObject("tls").put("insecure", true);
      r.put("cacheDirectory", cache().toString());
      r.put("httpTimeoutMillis", 3000);
      return r;
    }

    Invocation json(Consumer<ObjectNode> change) {
      ObjectNode r = request();
      change.accept(r);
      return new Invocation(List.of("push", "--protocol", "json"), r.toString().getBytes(StandardCharsets.UTF_8));
    }

    Invocation rawJson(String text) {
      return new Invocation(List.of("push", "--protocol", "json"), text.getBytes(StandardCharsets.UTF_8));
    }

    /** Valid flags (they would push the exploded sample to the tripwire), with {@code changes} applied. */
    Invocation flags(Map<String, String> changes, String... extra) throws IOException {
      Map<String, String> f = new LinkedHashMap<>();
      f.put("--registry", registry);
      f.put("--project", "app");
      f.put("--repository", "hello");
      f.put("--tag", "1");
      f.put("--from", "base/jre17:17");
      f.put("--exploded", Samples.helloAppClasses().toString());
      f.put("--dependencies", Samples.helloAppDependencies().toString());
      f.put("--insecure", null);
      f.put("--cache-dir", cache().toString());
      f.put("--http-timeout", "3s");
      f.put("--username", "tester");
      f.put("--password-file", passwordFile().toString());
      f.put("--result-file", resultFile().toString());
      f.putAll(changes);
      List<String> args = new ArrayList<>(List.of("push"));
      f.forEach((k, v) -> {
        if (v == null) {
          args.add(k);
        } else if (!v.equals(REMOVE)) {
          args.add(k);
          args.add(v);
        }
      });
      args.addAll(List.of(extra));
      return new Invocation(args, new byte[0]);
    }

    Path file(String name, String content) throws IOException {
      Path f = dir.resolve(name);
      Files.createDirectories(f.getParent());
      return Files.writeString(f, content);
    }

    Path folder(String name) throws IOException {
      return Files.createDirectories(dir.resolve(name));
    }

    /** A jar with this manifest (main attributes) and these entries. */
    Path jar(String name, Map<String, String> manifest, Map<String, String> entries) throws IOException {
      Path jar = dir.resolve(name);
      Files.createDirectories(jar.getParent());
      Manifest m = new Manifest();
      m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
      manifest.forEach((k, v) -> m.getMainAttributes().put(new Attributes.Name(k), v));
      try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, m)) {
        for (Map.Entry<String, String> e : entries.entrySet()) {
          out.putNextEntry(new ZipEntry(e.getKey()));
          out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
          out.closeEntry();
        }
      }
      return jar;
    }

    /** A named pipe: not a regular file, and reading it would block. */
    Path fifo(String name) throws IOException, InterruptedException {
      Path f = dir.resolve(name);
      Process p = new ProcessBuilder("mkfifo", f.toString()).inheritIO().start();
      if (p.waitFor() != 0) {
        throw new IOException("mkfifo failed");
      }
      return f;
    }

    /** A copy of the sample's classes with a symbolic link to a file outside the workspace. */
    Path classesWithEscapingLink() throws IOException {
      Path classes = folder("target/classes");
      Files.writeString(classes.resolve("app.properties"), "greeting=hello\n");
      Files.createSymbolicLink(classes.resolve("secret.txt"), Path.of("/etc/hostname"));
      return classes;
    }
  }

  /** In {@link Workspace#flags}: leave this flag out. */
  static final String REMOVE = "<remove>";

  static List<Case> all() {
    List<Case> c = new ArrayList<>();
    // ---- the JSON request (what the Jenkins plugin sends) ----
    c.add(json("registry-with-scheme", "target.registry with a scheme", "target.registry",
        List.of("'https://harbor.example.com'", "write 'harbor.example.com'"),
        w -> w.json(r -> target(r).put("registry", "https://harbor.example.com"))));
    c.add(json("registry-with-path", "target.registry with a path", "target.registry",
        List.of("'harbor.example.com/app'", "put the project into the project field"),
        w -> w.json(r -> target(r).put("registry", "harbor.example.com/app"))));
    c.add(json("registry-bad-port", "target.registry with port 99999", "target.registry",
        List.of("'99999'", "use 1-65535"),
        w -> w.json(r -> target(r).put("registry", "harbor.example.com:99999"))));
    c.add(json("registry-empty", "target.registry empty", "target.registry",
        List.of("registry is empty", "e.g. harbor.example.com"),
        w -> w.json(r -> target(r).put("registry", ""))));
    c.add(json("project-uppercase", "target.project in uppercase", "target.project",
        List.of("'App'", "'app' would do"),
        w -> w.json(r -> target(r).put("project", "App"))));
    c.add(json("project-characters", "target.project with a space and '!'", "target.project",
        List.of("'my project!'", "use lowercase letters and digits"),
        w -> w.json(r -> target(r).put("project", "my project!"))));
    c.add(json("project-too-long", "target.project of 256 characters", "target.project",
        List.of("256 characters", "at most 255"),
        w -> w.json(r -> target(r).put("project", "a".repeat(256)))));
    c.add(json("repository-uppercase", "target.repository in uppercase", "target.repository",
        List.of("'Hello'", "'hello' would do"),
        w -> w.json(r -> target(r).put("repository", "Hello"))));
    c.add(json("repository-empty-component", "target.repository with '//'", "target.repository",
        List.of("'a//b'", "remove the extra '/'"),
        w -> w.json(r -> target(r).put("repository", "a//b"))));
    c.add(json("repository-too-long", "target.repository making project/repository 256 characters",
        "target.repository", List.of("256 characters", "at most 255"),
        w -> w.json(r -> target(r).put("repository", "r".repeat(252)))));
    c.add(json("tag-characters", "a tag with a space and '!'", "target.tags",
        List.of("'v1.0 beta!'", "use letters, digits, '_', '.' and '-'"),
        w -> w.json(r -> tags(r, "v1.0 beta!"))));
    c.add(json("tag-leading-dash", "a tag starting with '-'", "target.tags",
        List.of("'-rc1'", "not starting with '.' or '-'"),
        w -> w.json(r -> tags(r, "-rc1"))));
    c.add(json("tag-too-long", "a tag of 129 characters", "target.tags",
        List.of("129 characters", "at most 128"),
        w -> w.json(r -> tags(r, "t".repeat(129)))));
    c.add(json("tags-empty", "no tag", "target.tags",
        List.of("target.tags is empty", "give at least one tag"),
        w -> w.json(r -> tags(r))));
    c.add(json("tag-twice", "the same tag twice", "target.tags",
        List.of("'1' is given twice", "list each tag once"),
        w -> w.json(r -> tags(r, "1", "1"))));
    c.add(json("classes-missing", "buildOutput.classes that does not exist", "buildOutput.classes",
        List.of("/nonexistent/target/classes does not exist", "or correct the path"),
        w -> w.json(r -> output(r).put("classes", "/nonexistent/target/classes"))));
    c.add(json("module-empty", "an auto-detected module folder with no build output", "buildOutput",
        List.of("found no build output", "mvn package"),
        w -> {
          Path module = w.folder("empty-module/target");
          return w.json(r -> r.putObject("buildOutput").put("type", "auto").put("directory",
              module.getParent().toString()));
        }));
    c.add(json("jar-without-main-class", "a thin jar whose manifest has no Main-Class", "buildOutput.jar",
        List.of("has no Main-Class", "set mainClass"),
        w -> {
          Path jar = w.jar("target/app.jar", Map.of(), Map.of("a/App.class", "not really"));
          return w.json(r -> r.putObject("buildOutput").put("type", "thin-jar").put("jar", jar.toString()));
        }));
    c.add(json("jar-is-a-pipe", "a named pipe where the jar should be (unreadable as a file)", "buildOutput.jar",
        List.of("is not a file", "give the path of the jar"),
        w -> {
          Path fifo = w.fifo("app.jar");
          return w.json(r -> r.putObject("buildOutput").put("type", "thin-jar").put("jar", fifo.toString()));
        }));
    c.add(json("jar-is-a-folder", "a folder where the Spring Boot jar should be", "buildOutput.jar",
        List.of("is not a file", "give the path of the Spring Boot jar"),
        w -> {
          Path folder = w.folder("target/app.jar");
          return w.json(r -> r.putObject("buildOutput").put("type", "spring-boot-jar").put("jar", folder.toString()));
        }));
    c.add(json("symlink-escaping", "a symbolic link in the classes to a file outside them (/etc/hostname)",
        "buildOutput.classes", List.of("/etc/hostname", "remove the link"),
        w -> {
          Path classes = w.classesWithEscapingLink();
          return w.json(r -> {
            output(r).put("classes", classes.toString());
            output(r).remove("dependencies");
          });
        }));
    c.add(json("zip-slip", "a Spring Boot jar with a '../' entry name (zip slip)", "buildOutput.jar",
        List.of("'BOOT-INF/lib/../../../evil.sh'", "rebuild it with Maven"),
        w -> {
          Map<String, String> entries = new LinkedHashMap<>();
          entries.put("BOOT-INF/classes/a/App.class", "x");
          entries.put("BOOT-INF/lib/../../../evil.sh", "#!/bin/sh\necho pwned\n");
          Path jar = w.jar("target/app.jar", Map.of("Main-Class", "org.springframework.boot.loader.launch.JarLauncher",
              "Start-Class", "a.App", "Spring-Boot-Version", "3.5.7"), entries);
          return w.json(r -> r.putObject("buildOutput").put("type", "spring-boot-jar").put("jar", jar.toString()));
        }));
    c.add(json("class-path-huge", "a thin jar whose manifest Class-Path lists 10,001 jars", "buildOutput.jar",
        List.of("10001 entries", "rebuild the jar"),
        w -> {
          StringBuilder cp = new StringBuilder();
          for (int i = 0; i <= 10_000; i++) {
            cp.append(i == 0 ? "" : " ").append("lib/dep-").append(i).append(".jar");
          }
          Path jar = w.jar("target/app.jar", Map.of("Main-Class", "a.App", "Class-Path", cp.toString()),
              Map.of("a/App.class", "x"));
          return w.json(r -> r.putObject("buildOutput").put("type", "thin-jar").put("jar", jar.toString()));
        }));
    c.add(json("class-path-escaping", "a thin jar whose Class-Path leads out of its folder", "buildOutput.jar",
        List.of("'../outside.jar'", "copy the dependencies next to the jar"),
        w -> {
          w.file("outside.jar", "x");
          Path jar = w.jar("target/app.jar", Map.of("Main-Class", "a.App", "Class-Path", "../outside.jar"),
              Map.of("a/App.class", "x"));
          return w.json(r -> r.putObject("buildOutput").put("type", "thin-jar").put("jar", jar.toString()));
        }));
    c.add(json("ca-pem-not-pem", "tls.caPem that is not PEM", "tls.caPem",
        List.of("CERTIFICATE", "PEM"),
        w -> w.json(r -> tls(r).put("caPem", "this is not a certificate"))));
    c.add(json("ca-file-not-pem", "tls.caFile holding something else than PEM", "tls.caPem",
        List.of("ca.crt", "PEM"),
        w -> {
          Path ca = w.file("ca.crt", "{\"not\": \"a certificate\"}\n");
          return w.json(r -> tls(r).put("caFile", ca.toString()));
        }));
    // The message names the field and the value, says the file does not exist, and that it must be a PEM file of the
    // CA certificate.
    c.add(json("ca-file-missing", "tls.caFile that does not exist", "tls.caFile",
        List.of("'/nonexistent/ca.crt'", "does not exist", "PEM"),
        w -> w.json(r -> tls(r).put("caFile", "/nonexistent/ca.crt"))));
    c.add(json("ca-pem-and-file", "both tls.caPem and tls.caFile (conflicting)", "tls.caFile",
        List.of("either as tls.caPem or as tls.caFile"),
        w -> w.json(r -> {
          tls(r).put("caPem", "x");
          tls(r).put("caFile", "/nonexistent/ca.crt");
        })));
    c.add(json("insecure-foreign-base", "insecure on, with the base image in another registry (conflicting)",
        "tls.insecure", List.of("other.example.com", "turn insecure off"),
        w -> w.json(r -> ((ObjectNode) r.get("baseImage")).put("reference", "other.example.com/base/jre17:17"))));
    c.add(json("unknown-field", "a misspelt field (target.tag)", "target.tag",
        List.of("unknown field 'target.tag'", "Did you mean 'tags'?"),
        w -> w.json(r -> target(r).putArray("tag").add("1"))));
    c.add(json("protocol-version", "protocolVersion 2", "protocolVersion",
        List.of("protocolVersion 2 is not supported"),
        w -> w.json(r -> r.put("protocolVersion", 2))));
    c.add(json("request-cut-short", "a request that ends in the middle", "request",
        List.of("ends in the middle of a JSON value"),
        w -> w.rawJson("{\"protocolVersion\": 1, \"target\": {\"registry\": ")));
    c.add(json("password-empty", "an empty password", "credentials",
        List.of("'tester'", "store the password or robot secret"),
        w -> w.json(r -> ((ObjectNode) r.get("credentials")).put("password", ""))));
    c.add(json("username-with-colon", "a user name with ':'", "credentials",
        List.of("'a:b'", "check the credentials"),
        w -> w.json(r -> ((ObjectNode) r.get("credentials")).put("username", "a:b"))));
    c.add(json("http-timeout-zero", "httpTimeoutMillis 0", "httpTimeoutMillis",
        List.of("httpTimeoutMillis", "positive"),
        w -> w.json(r -> r.put("httpTimeoutMillis", 0))));
    c.add(json("base-image-with-scheme", "baseImage.reference with a scheme", "baseImage.reference",
        List.of("'https://harbor.example.com/base/jre17:17'", "write 'harbor.example.com/base/jre17:17'"),
        w -> w.json(r -> ((ObjectNode) r.get("baseImage")).put("reference",
            "https://harbor.example.com/base/jre17:17"))));
    c.add(json("port-invalid", "container.ports with '80a'", "container.ports",
        List.of("'80a'", "write 8080"),
        w -> w.json(r -> r.putObject("container").putArray("ports").add("80a"))));
    c.add(json("environment-name-invalid", "an environment variable named '1BAD'", "container.environment",
        List.of("'1BAD'", "use letters, digits and '_'"),
        w -> w.json(r -> r.putObject("container").putObject("environment").put("1BAD", "x"))));
    c.add(json("main-class-invalid", "container.mainClass that is not a class name", "container.mainClass",
        List.of("'com.example.1Main'", "fully qualified"),
        w -> w.json(r -> r.putObject("container").put("mainClass", "com.example.1Main"))));
    c.add(json("platform-invalid", "container.platforms with 'linux'", "container.platforms",
        List.of("'linux'", "e.g. linux/amd64"),
        w -> w.json(r -> r.putObject("container").putArray("platforms").add("linux"))));
    c.add(json("cache-directory-is-a-file", "cacheDirectory naming a file", "cacheDirectory",
        List.of("not-a-folder", "point it at a folder this user may write"),
        w -> {
          Path file = w.file("not-a-folder", "x");
          return w.json(r -> r.put("cacheDirectory", file.toString()));
        }));
    // ---- the flags (what people type) ----
    c.add(flags("two-build-outputs", "--exploded and --thin-jar together (conflicting)", "--thin-jar", "--thin-jar",
        List.of("give one build output", "--exploded and --thin-jar"),
        w -> w.flags(Map.of("--thin-jar", Samples.helloAppThinJar().toString()))));
    c.add(flags("quiet-and-verbose", "--quiet and --verbose together (conflicting)", "--quiet", "--quiet",
        List.of("contradict each other", "give one"),
        w -> w.flags(Map.of(), "--quiet", "--verbose")));
    c.add(flags("password-on-command-line", "a password as a flag value", "--password", "--password",
        List.of("no password on the command line", "use --password-stdin or --password-file"),
        w -> w.flags(Map.of(), "--password", TYPED_PASSWORD)));
    c.add(flags("password-stdin-and-file", "--password-stdin and --password-file together (conflicting)",
        "--password-stdin", "--password-stdin", List.of("--password-stdin or --password-file, not both"),
        w -> w.flags(Map.of(), "--password-stdin")));
    c.add(flags("username-without-password", "--username without a password", "--username", "--username",
        List.of("'tester'", "give it with --password-stdin or --password-file"),
        w -> w.flags(Map.of("--password-file", REMOVE))));
    c.add(flags("password-file-empty", "--password-file naming an empty file", "--password-file", "--password-file",
        List.of("'tester'", "is empty"),
        w -> w.flags(Map.of("--password-file", w.file("empty.txt", "").toString()))));
    c.add(flags("base-image-missing", "no --from", "--from", "--from",
        List.of("missing --from", "--from harbor.example.com/base/jre17:17"),
        w -> w.flags(Map.of("--from", REMOVE))));
    c.add(flags("tag-characters-flag", "--tag with a space", "target.tags", "--tag",
        List.of("'bad tag'", "use letters, digits"),
        w -> w.flags(Map.of("--tag", "bad tag"))));
    c.add(flags("project-uppercase-flag", "--project in uppercase", "target.project", "--project",
        List.of("'App'", "'app' would do"),
        w -> w.flags(Map.of("--project", "App"))));
    c.add(flags("ca-file-not-pem-flag", "--ca-file holding something else than PEM", "tls.caPem", "--ca-file",
        List.of("ca.crt", "PEM"),
        w -> w.flags(Map.of("--ca-file", w.file("ca.crt", "not a certificate\n").toString()))));
    c.add(flags("dependencies-without-exploded", "--dependencies with --thin-jar", "--dependencies",
        "--dependencies", List.of("--dependencies goes with --exploded"),
        w -> w.flags(Map.of("--exploded", REMOVE, "--thin-jar", Samples.helloAppThinJar().toString()))));
    c.add(flags("http-timeout-words", "--http-timeout soon", "--http-timeout", "--http-timeout",
        List.of("'soon'"),
        w -> w.flags(Map.of("--http-timeout", "soon"))));
    c.add(flags("unknown-flag", "a misspelt flag (--tagg)", null, "--tagg",
        List.of("unknown option --tagg", "did you mean --tag"),
        w -> w.flags(Map.of(), "--tagg", "2")));
    c.add(flags("json-with-flags", "--protocol json with another flag (conflicting)", "arguments", null,
        List.of("remove --tag from the command line"),
        w -> new Invocation(List.of("push", "--protocol", "json", "--tag", "1"), w.json(r -> { }).stdin())));
    c.add(flags("result-file-folder-missing", "--result-file in a folder that does not exist", null,
        "--result-file", List.of("/nonexistent", "does not exist"),
        w -> w.flags(Map.of("--result-file", "/nonexistent/result.json"))));
    // ---- found at the first TLS contact ----
    c.add(tls("certificate-expired", "the registry's certificate has expired",
        List.of("expired or not yet valid", "renew the registry's certificate"),
        w -> https(w, w.registries.expired(), true)));
    c.add(tls("certificate-wrong-host", "the registry's certificate names another host",
        List.of("does not name the host 127.0.0.1", "reissue the certificate"),
        w -> https(w, w.registries.wrongHost(), true)));
    c.add(tls("certificate-untrusted", "the registry's CA is not given",
        List.of("not trusted", "tls.caPem"),
        w -> https(w, w.registries.untrusted(), false)));
    return c;
  }

  private static Invocation https(Workspace w, TestRegistry registry, boolean withCa) {
    return w.json(r -> {
      target(r).put("registry", registry.host());
      ObjectNode tls = r.putObject("tls");
      if (withCa) {
        tls.put("caPem", registry.caPem());
        tls.put("caSource", "the test registry's CA");
      }
    });
  }

  private static Case json(String id, String what, String field, List<String> mentions, Setup setup) {
    return new Case(id, what, Surface.JSON, Stage.BEFORE_NETWORK, field, null, mentions, 2, setup);
  }

  private static Case flags(String id, String what, String field, String flag, List<String> mentions, Setup setup) {
    return new Case(id, what, Surface.FLAGS, Stage.BEFORE_NETWORK, field, flag, mentions, 2, setup);
  }

  private static Case tls(String id, String what, List<String> mentions, Setup setup) {
    return new Case(id, what, Surface.JSON, Stage.FIRST_TLS_CONTACT, null, null, mentions, 4, setup);
  }

  private static ObjectNode target(ObjectNode r) {
    return (ObjectNode) r.get("target");
  }

  private static ObjectNode output(ObjectNode r) {
    return (ObjectNode) r.get("buildOutput");
  }

  private static ObjectNode tls(ObjectNode r) {
    return (ObjectNode) r.get("tls");
  }

  private static void tags(ObjectNode r, String... tags) {
    ArrayNode a = target(r).putArray("tags");
    for (String t : tags) {
      a.add(t);
    }
  }

  /** The row with this id. */
  static Case byId(String id) {
    return all().stream().filter(c -> c.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no bad-input case " + id));
  }
}
