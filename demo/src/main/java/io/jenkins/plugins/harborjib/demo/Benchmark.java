package io.jenkins.plugins.harborjib.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.harborjib.bridge.agent.EngineProcess;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.Samples;
import io.jenkins.plugins.harborjib.testkit.Skopeo;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.tools.ToolProvider;

/**
 * Times the harbor-jib CLI against {@code mvn jib:build} (jib-maven-plugin 3.5.2) and against a bare jib-core
 * pusher ({@link BarePusher}, the floor) in one run, on the same base image and the same local registry (HTTPS with a
 * private CA, basic auth), for two apps: the bundled sample app (exploded classes and dependency jars) and a Spring
 * Boot jar of about 60 MB ({@code samples/spring-app}). Every tool talks to the registry through a counting TCP
 * relay, which gives the bytes each push sent. Prints medians of time, bytes sent and peak memory, and the ratios
 * CLI / peer (below 1: the CLI is faster). Usage: {@code scripts/benchmark.sh [runs]} (default 5).
 */
public final class Benchmark {
  private static final String JIB_MAVEN_PLUGIN = "com.google.cloud.tools:jib-maven-plugin:3.5.2:build";
  private static final String STORE_PASSWORD = "changeit";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SPRING_MAIN = "com.example.shop.ShopApp";
  private static final String[] TOOLS = {"harbor-jib CLI", "mvn jib:build", "bare jib-core"};
  private static final String[] PREFIXES = {"cli", "mvn", "core"};

  private final TestRegistry registry;
  private final Relay relay;
  private final Path work;
  private final Path app;
  private final Path settings;
  private final Path trustStore;
  private final Spring spring;
  private final Map<String, List<Sample>[]> results = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private final java.util.Set<Input> digestsChecked = java.util.EnumSet.noneOf(Input.class);

  /** The Spring Boot app: the jar, its upgraded build, and both unpacked for the bare pusher. */
  private record Spring(Path project, Path jar, Path upgradedJar, String upgrade, Path unpacked, Path unpackedUpgrade) {}

  private Benchmark(TestRegistry registry, Relay relay, Path work) throws Exception {
    this.registry = registry;
    this.relay = relay;
    this.work = work;
    this.app = work.resolve("hello-app");
    copy(Samples.helloApp().resolve("pom.xml"), app.resolve("pom.xml"));
    // jib-maven-plugin resolves the app's dependencies through Maven: the SNAPSHOT library comes from the build's
    // output (system scope), so that nothing is installed into the shared local repository.
    String pom = Files.readString(app.resolve("pom.xml"), StandardCharsets.UTF_8);
    String library = "<artifactId>hello-lib</artifactId>\n      <version>1.0.0-SNAPSHOT</version>";
    if (!pom.contains(library)) {
      throw new IllegalStateException("samples/hello-app/pom.xml no longer names hello-lib 1.0.0-SNAPSHOT as expected");
    }
    Files.writeString(app.resolve("pom.xml"), pom.replace(library, library + "\n      <scope>system</scope>"
        + "<systemPath>" + Samples.helloAppDependencies().resolve("hello-lib-1.0.0-SNAPSHOT.jar") + "</systemPath>"),
        StandardCharsets.UTF_8);
    copy(Samples.helloApp().resolve("src"), app.resolve("src"));
    copy(Samples.helloAppClasses(), app.resolve("target/classes"));
    copy(Samples.helloAppDependencies(), app.resolve("target/dependency"));
    // jib-maven-plugin takes registry credentials from settings.xml servers, not from its command line.
    this.settings = work.resolve("settings.xml");
    Files.writeString(settings, "<settings><servers><server><id>" + relay.host() + "</id><username>"
        + registry.username() + "</username><password>" + registry.password()
        + "</password></server></servers></settings>", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(settings, PosixFilePermissions.fromString("rw-------"));
    this.trustStore = work.resolve("truststore.p12");
    // Maven's JVM must still trust Maven Central: the JDK's CAs plus the registry's private CA.
    KeyStore store = KeyStore.getInstance(Path.of(System.getProperty("java.home"), "lib/security/cacerts").toFile(),
        STORE_PASSWORD.toCharArray());
    store.setCertificateEntry("harbor-jib-test-ca", registry.ca().certificate());
    try (OutputStream out = Files.newOutputStream(trustStore)) {
      store.store(out, STORE_PASSWORD.toCharArray());
    }
    Path project = Samples.projectRoot().resolve("samples/spring-app");
    Path jar = project.resolve("target/spring-app-1.0.0.jar");
    Path upgraded = project.resolve("target/upgrade/spring-app-1.0.0.jar");
    if (!Files.isRegularFile(jar) || !Files.isRegularFile(upgraded)) {
      throw new IllegalStateException("Build samples/spring-app first: scripts/benchmark.sh does");
    }
    this.spring = new Spring(project, jar, upgraded, System.getProperty("benchmark.upgrade", ""),
        unpack(jar, work.resolve("spring-unpacked")), unpack(upgraded, work.resolve("spring-unpacked-upgrade")));
  }

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path work = Files.createTempDirectory("harbor-jib-bench");
    try (TestRegistry registry = TestRegistry.httpsWithBasicAuth().start();
        Relay relay = new Relay(registry.port())) {
      BaseImageFixture.pushJre17(registry);
      new Benchmark(registry, relay, work).run(runs);
    } finally {
      delete(work);
    }
  }

  private record Sample(double seconds, long peakKb, long bytesSent) {}

  /** What a push works on: the sample app as it is now, or one of the two Spring Boot builds. */
  private enum Input { HELLO, SPRING, SPRING_UPGRADED }

  @SuppressWarnings("unchecked")
  private void record(String c, int tool, Sample s) {
    results.computeIfAbsent(c, k -> new List[] {new ArrayList<>(), new ArrayList<>(), new ArrayList<>()})[tool].add(s);
  }

  private void pushAll(String c, Input input, String repository, String tag) throws Exception {
    for (int tool = 0; tool < TOOLS.length; tool++) {
      record(c, tool, push(tool, input, PREFIXES[tool] + "-" + repository, tag, c.contains("pod agent")));
      if (tool == 0 && tag.equals("2") && digestsChecked.add(input)) {
        checkDigest(c, PREFIXES[tool] + "-" + repository + ":" + tag);
      }
    }
  }

  private void clearCaches() throws IOException {
    for (int tool = 0; tool < TOOLS.length; tool++) {
      delete(cache(tool));
    }
  }

  private void run(int runs) throws Exception {
    // An archive of an earlier build of the jar would not match it: the warm-up pushes write a new one, as the
    // second push of a new engine version on an agent does.
    Optional<Path> archive = EngineProcess.builder(CliJar.find(), work).build().sharedArchive();
    if (archive.isPresent()) {
      Files.deleteIfExists(archive.get());
    }
    System.out.println("warming up (two pushes each, not counted: the CLI's second writes its class-data archive)");
    pushAll("warm-up", Input.HELLO, "warm", "0");
    pushAll("warm-up", Input.HELLO, "warm", "00");
    results.clear();
    long springDeps = size(spring.unpacked().resolve("BOOT-INF/lib"));
    for (int i = 1; i <= runs; i++) {
      System.out.printf(Locale.ROOT, "run %d of %d%n", i, runs);
      clearCaches();
      compileBuildInfo("cold-" + i);
      pushAll("sample app: cold push", Input.HELLO, "hello-" + i, "1");
      pushAll("sample app: re-push, no change", Input.HELLO, "hello-" + i, "2");
      compileBuildInfo("changed-" + i);
      pushAll("sample app: one class changed", Input.HELLO, "hello-" + i, "3");
      clearCaches();
      compileBuildInfo("pod-" + i);
      pushAll("sample app: pod agent (empty cache, one class changed)", Input.HELLO, "hello-" + i, "4");

      clearCaches();
      pushAll("Spring Boot: cold push", Input.SPRING, "spring-" + i, "1");
      long before = size(cache(0));
      pushAll("Spring Boot: re-push, no change", Input.SPRING, "spring-" + i, "2");
      long after = size(cache(0));
      if (i == 1) {
        notes.add(String.format(Locale.ROOT, "CLI cache across the Spring Boot no-change re-push: %.1f MB -> %.1f MB",
            before / 1e6, after / 1e6));
      }
      pushAll("Spring Boot: one dependency upgraded", Input.SPRING_UPGRADED, "spring-" + i, "3");
      clearCaches();
      pushAll("Spring Boot: pod agent (empty cache, no change)", Input.SPRING_UPGRADED, "spring-" + i, "4");
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "Medians of %d runs. Sample app: %d dependency jars, %.1f MB. Spring Boot jar:"
        + " %.1f MB, %d dependency jars of %.1f MB; the upgrade: %s%n", runs, count(app.resolve("target/dependency")),
        size(app.resolve("target/dependency")) / 1e6, Files.size(spring.jar()) / 1e6,
        count(spring.unpacked().resolve("BOOT-INF/lib")), springDeps / 1e6, spring.upgrade());
    System.out.println();
    System.out.println("| case | CLI | mvn jib:build | bare jib-core | CLI / mvn | CLI / jib-core |"
        + " MB sent (CLI / mvn / jib-core) | peak RSS MB (CLI / mvn / jib-core) |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (Map.Entry<String, List<Sample>[]> e : results.entrySet()) {
      List<Sample>[] s = e.getValue();
      double[] t = medians(s, Sample::seconds);
      double[] b = medians(s, x -> x.bytesSent() / 1e6);
      double[] m = medians(s, x -> x.peakKb() / 1024.0);
      System.out.printf(Locale.ROOT, "| %s | %.2f s | %.2f s | %.2f s | %.2f | %.2f | %.2f / %.2f / %.2f |"
          + " %.0f / %.0f / %.0f |%n", e.getKey(), t[0], t[1], t[2], t[0] / t[1], t[0] / t[2], b[0], b[1], b[2],
          m[0], m[1], m[2]);
    }
    System.out.println();
    double cold = medians(results.get("Spring Boot: cold push"), Sample::seconds)[0];
    double warm = medians(results.get("Spring Boot: re-push, no change"), Sample::seconds)[0];
    double upgrade = medians(results.get("Spring Boot: one dependency upgraded"), x -> x.bytesSent() / 1e6)[0];
    System.out.printf(Locale.ROOT, "Spring Boot no-change re-push / cold push (CLI): %.2f%n", warm / cold);
    System.out.printf(Locale.ROOT, "Spring Boot dependency upgrade: the CLI sent %.1f MB of %.1f MB of dependencies"
        + " (%.0f %%)%n", upgrade, springDeps / 1e6, 100 * upgrade * 1e6 / springDeps);
    notes.forEach(System.out::println);
  }

  /** The digest the CLI printed equals the one skopeo reads from the registry. */
  private void checkDigest(String c, String repositoryAndTag) throws IOException {
    String cli = Files.readString(work.resolve("stdout.txt")).trim();
    String skopeo = Skopeo.trusting(relay.host(), registry.caCertDir())
        .withCredentials(registry.username(), registry.passwordChars())
        .inspect("bench/" + repositoryAndTag).digest();
    notes.add(c + ": the CLI's digest " + (cli.contains(skopeo) ? "equals" : "DIFFERS FROM") + " skopeo's ("
        + skopeo + ")");
  }

  private Path cache(int tool) {
    return work.resolve("cache-" + tool);
  }

  /**
   * One push by one tool. {@code freshAgent}: a pod agent's first push, with a freshly copied engine jar, so with
   * no class-data archive (EngineProcess writes one from a jar's second push on).
   */
  private Sample push(int tool, Input input, String repository, String tag, boolean freshAgent) throws Exception {
    String image = relay.host() + "/bench/" + repository + ":" + tag;
    String from = relay.host() + "/base/jre17:17";
    Path cache = cache(tool);
    List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "%M"));
    Map<String, String> env = new LinkedHashMap<>();
    String stdin = null;
    EngineProcess engine = null;
    if (tool == 0) {
      // As the Jenkins plugin starts it on an agent: a fresh JVM per push with the plugin's own command line
      // (EngineProcess: its JVM options included), the JSON request (credentials and CA included) on standard input.
      engine = EngineProcess.builder(CliJar.find(), work).sharedArchive(!freshAgent).build();
      command.addAll(engine.command());
      ObjectNode request = JSON.createObjectNode().put("protocolVersion", 1);
      ObjectNode target = request.putObject("target").put("registry", relay.host()).put("project", "bench")
          .put("repository", repository);
      target.putArray("tags").add(tag);
      request.putObject("credentials").put("username", registry.username()).put("password", registry.password());
      request.putObject("baseImage").put("reference", from);
      if (input == Input.HELLO) {
        request.putObject("buildOutput").put("type", "exploded")
            .put("classes", app.resolve("target/classes").toString())
            .put("dependencies", app.resolve("target/dependency").toString());
      } else {
        request.putObject("buildOutput").put("type", "spring-boot-jar")
            .put("jar", (input == Input.SPRING ? spring.jar() : spring.upgradedJar()).toString());
      }
      request.putObject("tls").put("caPem", registry.caPem()).put("caSource", "the benchmark's registry");
      request.put("cacheDirectory", cache.toString());
      stdin = JSON.writeValueAsString(request);
    } else if (tool == 1) {
      // jib:build refuses Maven's offline mode; -nsu keeps Maven from checking the SNAPSHOT library remotely.
      command.addAll(List.of("mvn", "-B", "-q", "-nsu", "-s", settings.toString(), "-f",
          (input == Input.HELLO ? app : spring.project()).resolve("pom.xml").toString(), JIB_MAVEN_PLUGIN,
          "-Djib.from.image=" + from, "-Dimage=" + image,
          "-Djib.baseImageCache=" + cache.resolve("base"), "-Djib.applicationCache=" + cache.resolve("app")));
      if (input != Input.HELLO) {
        command.add("-Djib.container.mainClass=" + SPRING_MAIN);
      }
      if (input == Input.SPRING_UPGRADED) {
        command.add("-D" + spring.upgrade());
      }
      env.put("MAVEN_OPTS", trustOptions());
    } else {
      Path root = input == Input.SPRING ? spring.unpacked() : spring.unpackedUpgrade();
      command.addAll(List.of(CliJar.java(), "-Djavax.net.ssl.trustStore=" + trustStore,
          "-Djavax.net.ssl.trustStorePassword=" + STORE_PASSWORD, "-cp", System.getProperty("java.class.path"),
          BarePusher.class.getName(), from, image, registry.username(), cache.toString()));
      if (input == Input.HELLO) {
        command.addAll(List.of(app.resolve("target/classes").toString(), app.resolve("target/dependency").toString(),
            "com.example.hello.HelloApp"));
      } else {
        command.addAll(List.of(root.resolve("BOOT-INF/classes").toString(), root.resolve("BOOT-INF/lib").toString(),
            SPRING_MAIN));
      }
      stdin = registry.password();
    }
    Sample sample = time(command, stdin, env);
    if (engine != null) {
      // The class-data archive a first push writes on JDK 17 (EngineProcess.sharedArchive), as the plugin keeps it.
      engine.settleArchive(0);
    }
    return sample;
  }

  private String trustOptions() {
    return "-Djavax.net.ssl.trustStore=" + trustStore + " -Djavax.net.ssl.trustStorePassword=" + STORE_PASSWORD;
  }

  private Sample time(List<String> command, String stdin, Map<String, String> env) throws Exception {
    Path err = work.resolve("stderr.txt");
    Path out = work.resolve("stdout.txt");
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile()).redirectOutput(out.toFile());
    pb.environment().putAll(env);
    relay.reset();
    long start = System.nanoTime();
    Process p = pb.start();
    try (OutputStream in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    int exit = p.waitFor();
    double seconds = (System.nanoTime() - start) / 1e9;
    List<String> lines = Files.readAllLines(err);
    if (exit != 0) {
      throw new IllegalStateException(command.get(3) + " failed (" + exit + "):\n" + Files.readString(out) + "\n"
          + String.join("\n", lines));
    }
    // GNU time's %M (peak resident set, KB) is the last line; Maven may put colour codes before it.
    long peak = Long.parseLong(lines.get(lines.size() - 1).replaceAll("^.*?(\\d+)\\s*$", "$1"));
    return new Sample(seconds, peak, relay.sent());
  }

  /** Changes one class of the app: BuildInfo, compiled into target/classes. */
  private void compileBuildInfo(String version) throws IOException {
    Path src = work.resolve("buildinfo/com/example/hello/BuildInfo.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, "package com.example.hello; public final class BuildInfo {"
        + " public static final String VERSION = \"" + version + "\"; }", StandardCharsets.UTF_8);
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d",
        app.resolve("target/classes").toString(), src.toString());
    if (rc != 0) {
      throw new IllegalStateException("javac failed");
    }
  }

  /** The Spring Boot jar's BOOT-INF, unpacked once for the bare pusher (which reads folders). */
  private static Path unpack(Path jar, Path to) throws IOException {
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        if (!e.getName().startsWith("BOOT-INF/") || e.isDirectory()) {
          continue;
        }
        Path target = to.resolve(e.getName()).normalize();
        if (!target.startsWith(to)) {
          throw new IOException("entry outside the jar's folder: " + e.getName());
        }
        Files.createDirectories(target.getParent());
        Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return to;
  }

  private static double[] medians(List<Sample>[] samples, ToDoubleFunction<Sample> value) {
    double[] m = new double[samples.length];
    for (int i = 0; i < samples.length; i++) {
      m[i] = median(samples[i].stream().mapToDouble(value).sorted().toArray());
    }
    return m;
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static long count(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  private static long size(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.createDirectories(t.getParent());
          Files.copy(p, t);
        }
      }
    }
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /**
   * A TCP relay on a free 127.0.0.1 port in front of the registry that counts the bytes clients send through it
   * (TLS passes through untouched; the registry's certificate names 127.0.0.1, whatever the port).
   */
  private static final class Relay implements AutoCloseable {
    private final ServerSocket server;
    private final int upstream;
    private final AtomicLong sent = new AtomicLong();

    Relay(int upstream) throws IOException {
      this.upstream = upstream;
      this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread accept = new Thread(this::accept, "relay-accept");
      accept.setDaemon(true);
      accept.start();
    }

    String host() {
      return "127.0.0.1:" + server.getLocalPort();
    }

    void reset() {
      sent.set(0);
    }

    long sent() {
      return sent.get();
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          Socket registry = new Socket(InetAddress.getLoopbackAddress(), upstream);
          // Pass each write on at once, as a direct connection would: with Nagle's algorithm on the relay's own
          // sockets, a small write waits for the ACK of the one before (up to 40 ms on Linux's loopback with
          // delayed ACKs), which charges every round trip of a client and not the bytes.
          client.setTcpNoDelay(true);
          registry.setTcpNoDelay(true);
          pipe(client, registry, sent);
          pipe(registry, client, null);
        } catch (IOException e) {
          // closed, or one connection failed: the client sees it
        }
      }
    }

    private static void pipe(Socket from, Socket to, AtomicLong counter) {
      Thread t = new Thread(() -> {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
          for (int n; (n = in.read(buffer)) >= 0; ) {
            if (counter != null) {
              counter.addAndGet(n);
            }
            out.write(buffer, 0, n);
          }
        } catch (IOException e) {
          // the other side closed
        } finally {
          try {
            from.close();
            to.close();
          } catch (IOException e) {
            // closing anyway
          }
        }
      }, "relay");
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
