package io.jenkins.plugins.harborjib.demo;

import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.Samples;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/**
 * Times the harbor-jib CLI against {@code mvn jib:build} (jib-maven-plugin 3.5.2) in one run, on the bundled sample
 * app, the same base image and the same local registry (HTTPS with a private CA, basic auth): a cold push (empty
 * caches, new repository), a re-push with no change, and a re-push after one class changed. Prints medians, peak
 * memory and the ratios. Usage: {@code scripts/benchmark.sh [runs]} (default 5).
 */
public final class Benchmark {
  private static final String JIB_MAVEN_PLUGIN = "com.google.cloud.tools:jib-maven-plugin:3.5.2:build";
  private static final String STORE_PASSWORD = "changeit";

  private final TestRegistry registry;
  private final Path work;
  private final Path app;
  private final Path settings;
  private final Path trustStore;

  private Benchmark(TestRegistry registry, Path work) throws Exception {
    this.registry = registry;
    this.work = work;
    this.app = work.resolve("hello-app");
    copy(Samples.helloApp().resolve("pom.xml"), app.resolve("pom.xml"));
    copy(Samples.helloApp().resolve("src"), app.resolve("src"));
    copy(Samples.helloAppClasses(), app.resolve("target/classes"));
    copy(Samples.helloAppDependencies(), app.resolve("target/dependency"));
    // jib-maven-plugin takes registry credentials from settings.xml servers, not from its command line.
    this.settings = work.resolve("settings.xml");
    Files.writeString(settings, "<settings><servers><server><id>" + registry.host() + "</id><username>"
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
  }

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path work = Files.createTempDirectory("harbor-jib-bench");
    try (TestRegistry registry = TestRegistry.httpsWithBasicAuth()) {
      registry.start();
      BaseImageFixture.pushJre17(registry);
      new Benchmark(registry, work).run(runs);
    } finally {
      delete(work);
    }
  }

  private record Sample(double seconds, long peakKb) {}

  private void run(int runs) throws Exception {
    Map<String, List<Sample>> cli = new LinkedHashMap<>();
    Map<String, List<Sample>> maven = new LinkedHashMap<>();
    for (String c : List.of("cold push", "re-push, no change", "one class changed")) {
      cli.put(c, new ArrayList<>());
      maven.put(c, new ArrayList<>());
    }
    System.out.println("warming up (one push each, not counted)");
    Path cliCache = work.resolve("cli-cache");
    Path mvnCache = work.resolve("mvn-cache");
    cli("warm", "0", cliCache);
    maven("warm", "0", mvnCache);
    for (int i = 1; i <= runs; i++) {
      System.out.printf(Locale.ROOT, "run %d of %d%n", i, runs);
      delete(cliCache);
      delete(mvnCache);
      compileBuildInfo("cold-" + i);
      cli.get("cold push").add(cli("cli-" + i, "1", cliCache));
      maven.get("cold push").add(maven("mvn-" + i, "1", mvnCache));
      cli.get("re-push, no change").add(cli("cli-" + i, "2", cliCache));
      maven.get("re-push, no change").add(maven("mvn-" + i, "2", mvnCache));
      compileBuildInfo("changed-" + i);
      cli.get("one class changed").add(cli("cli-" + i, "3", cliCache));
      maven.get("one class changed").add(maven("mvn-" + i, "3", mvnCache));
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "Medians of %d runs; sample app: %d dependency jars, %.1f MB%n", runs,
        count(app.resolve("target/dependency")), size(app.resolve("target/dependency")) / 1e6);
    System.out.println("| case | harbor-jib CLI | mvn jib:build | mvn / CLI |");
    System.out.println("|---|---|---|---|");
    for (String c : cli.keySet()) {
      double a = median(cli.get(c).stream().map(Sample::seconds).toList());
      double b = median(maven.get(c).stream().map(Sample::seconds).toList());
      System.out.printf(Locale.ROOT, "| %s | %.2f s | %.2f s | %.2f |%n", c, a, b, b / a);
    }
    double cliPeak = median(cli.values().stream().flatMap(List::stream).map(s -> (double) s.peakKb()).toList());
    double mvnPeak = median(maven.values().stream().flatMap(List::stream).map(s -> (double) s.peakKb()).toList());
    System.out.printf(Locale.ROOT, "| peak memory (RSS) | %.0f MB | %.0f MB | %.2f |%n", cliPeak / 1024,
        mvnPeak / 1024, mvnPeak / cliPeak);
  }

  private Sample cli(String repository, String tag, Path cache) throws Exception {
    List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "%M", CliJar.java(), "-jar",
        CliJar.find().toString(), "push", "--quiet",
        "--exploded", app.resolve("target/classes").toString(),
        "--dependencies", app.resolve("target/dependency").toString(),
        "--registry", registry.host(), "--project", "bench", "--repository", repository, "--tag", tag,
        "--from", registry.host() + "/base/jre17:17",
        "--username", registry.username(), "--password-stdin",
        "--ca-file", registry.caCertDir().resolve("ca.crt").toString(),
        "--cache-dir", cache.toString()));
    return time(command, registry.password(), Map.of());
  }

  /** jib:build refuses Maven's offline mode; -nsu keeps Maven from checking the SNAPSHOT library remotely. */
  private Sample maven(String repository, String tag, Path cache) throws Exception {
    List<String> command = List.of("/usr/bin/time", "-f", "%M", "mvn", "-B", "-q", "-nsu",
        "-s", settings.toString(), "-f", app.resolve("pom.xml").toString(), JIB_MAVEN_PLUGIN,
        "-Djib.from.image=" + registry.host() + "/base/jre17:17",
        "-Dimage=" + registry.host() + "/bench/" + repository + ":" + tag,
        "-Djib.baseImageCache=" + cache.resolve("base"),
        "-Djib.applicationCache=" + cache.resolve("app"));
    return time(command, null, Map.of("MAVEN_OPTS", "-Djavax.net.ssl.trustStore=" + trustStore
        + " -Djavax.net.ssl.trustStorePassword=" + STORE_PASSWORD));
  }

  private Sample time(List<String> command, String stdin, Map<String, String> env) throws Exception {
    Path err = work.resolve("stderr.txt");
    Path out = work.resolve("stdout.txt");
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile()).redirectOutput(out.toFile());
    pb.environment().putAll(env);
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
    return new Sample(seconds, peak);
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

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static long count(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  private static long size(Path dir) throws IOException {
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
}
