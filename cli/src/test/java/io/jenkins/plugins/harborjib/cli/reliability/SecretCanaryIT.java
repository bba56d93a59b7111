package io.jenkins.plugins.harborjib.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import io.jenkins.plugins.harborjib.testkit.fault.Fault;
import io.jenkins.plugins.harborjib.testkit.fault.FaultProxy;
import io.jenkins.plugins.harborjib.testkit.fault.FaultRule;
import io.jenkins.plugins.harborjib.testkit.harbor.Access;
import io.jenkins.plugins.harborjib.testkit.harbor.HarborStandIn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secrets pass through the CLI process, as the Jenkins plugin runs it (the bridge's JVM options and reduced
 * environment): every scenario of the suite with recognisable passwords (the registry user's, a wrong one, the base
 * image registry's, a proxy's, a Harbor robot's), program and human mode, success and failure. Then everything is
 * searched for them: each child's standard output and error, the result files, its command line and environment
 * as the kernel shows them while it runs ({@code /proc/<pid>/cmdline}, {@code environ}), its temporary folder, the
 * layer cache, the registry's log, the Harbor stand-in's and the fault proxy's request records. In clear,
 * as Basic credentials ({@code base64(user:password)}) and URL-encoded: zero hits.
 */
class SecretCanaryIT {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String USER = "tester";

  @TempDir
  Path tmp;

  private final Map<String, String> texts = new LinkedHashMap<>();

  @Test
  void noPasswordAppearsInAnyOutputFileCommandLineOrEnvironment() throws Exception {
    String password = canary("registry");
    String wrong = canary("wrong");
    String proxyPassword = canary("proxy");
    String robotSecret = canary("robot");
    Path cache = Files.createDirectories(tmp.resolve("cache"));
    Path childTmp = Files.createDirectories(tmp.resolve("child-tmp"));
    Path passwordFile = Files.writeString(Files.createDirectories(tmp.resolve("inputs")).resolve("password.txt"),
        password + "\n", StandardCharsets.UTF_8);

    try (TestRegistry registry = TestRegistry.builder().htpasswd(USER, password).build().start();
        FaultProxy proxy = FaultProxy.to(registry).start()) {
      BaseImageFixture.pushJre17(registry);
      String host = proxy.host();
      program("push", Requests.push(host, registry, "canary", cache, "1"), r -> r.put("verbosity", "verbose"),
          childTmp);
      program("wrong password", Requests.push(host, registry, "canary", cache, "2"),
          r -> ((ObjectNode) r.get("credentials")).put("password", wrong), childTmp);
      program("base image and proxy credentials", Requests.push(host, registry, "canary-base", cache, "1"), r -> {
        r.putObject("baseImage").put("reference", host + "/base/jre17:17").putObject("credentials")
            .put("username", USER).put("password", password);
        r.putObject("proxy").put("username", "svc-proxy").put("password", proxyPassword);
        r.put("verbosity", "verbose");
      }, childTmp);
      FaultRule manifest = proxy.when("PUT", "^/v2/app/[^?]+/manifests/").then(Fault.respond(502));
      program("manifest 502 forever", Requests.push(host, registry, "canary-502", cache, "1"),
          r -> r.put("verbosity", "verbose"), childTmp);
      manifest.remove();
      FaultRule reset = proxy.when("PATCH", "/blobs/uploads/").nth(1).then(Fault.resetRequestAfter(1_000));
      program("reset mid-upload", Requests.push(host, registry, "canary-reset", cache, "1"),
          r -> r.put("verbosity", "verbose"), childTmp);
      reset.remove();
      program("invalid tag", Requests.push(host, registry, "canary", cache, "not a tag!"), r -> { }, childTmp);

      // While a push hangs on the registry, read what every user of the machine can read about the process.
      FaultRule hang = proxy.when("GET", "^/v2/").then(Fault.hang());
      program("hung registry, program mode", Requests.push(host, registry, "canary-hung", cache, "1"),
          r -> r.put("httpTimeoutMillis", 60_000), childTmp, hang);
      human("hung registry, password on standard input", List.of("--registry", host, "--project", "app",
          "--repository", "canary-hung", "--tag", "1", "--from", "base/jre17:17", "--exploded",
          io.jenkins.plugins.harborjib.testkit.Samples.helloAppClasses().toString(), "--insecure", "--cache-dir",
          cache.toString(), "--http-timeout", "60s", "--username", USER, "--password-stdin", "--verbose"),
          password + "\n", childTmp, hang);
      hang.remove();

      human("human mode, password file, result file", List.of("--registry", host, "--project", "app",
          "--repository", "canary-human", "--tag", "1", "--from", "base/jre17:17", "--exploded",
          io.jenkins.plugins.harborjib.testkit.Samples.helloAppClasses().toString(), "--dependencies",
          io.jenkins.plugins.harborjib.testkit.Samples.helloAppDependencies().toString(), "--insecure",
          "--cache-dir", cache.toString(), "--username", USER, "--password-file", passwordFile.toString(),
          "--verbose"), "", childTmp, null);
      human("human mode, failure, result file", List.of("--registry", host, "--project", "App", "--repository",
          "x", "--tag", "1", "--from", "base/jre17:17", "--insecure", "--cache-dir", cache.toString(), "--username",
          USER, "--password-stdin"), password, childTmp, null);
      texts.put("registry log", registry.log());
      texts.put("fault proxy records", proxy.requests().toString());
    }

    try (HarborStandIn harbor = HarborStandIn.builder().plainHttp().build().start();
        FaultProxy proxy = FaultProxy.toUrl(harbor.url()).start()) {
      harbor.addProject("base", true, false, -1);
      harbor.addProject("app");
      harbor.addRobot("robot$app+ci", robotSecret, "app", Access.PUSH, Access.PULL);
      BaseImageFixture.push(proxy.host() + "/base/jre17:17", HarborStandIn.ADMIN, harbor.adminPassword(), false);
      ObjectNode robot = Requests.push(proxy.host(), null, "canary", cache, "1");
      robot.putObject("credentials").put("username", "robot$app+ci").put("password", robotSecret);
      program("Harbor robot push", robot.deepCopy(), r -> r.put("verbosity", "verbose"), childTmp);
      FaultRule token = proxy.when("GET", "^/service/token\\?.*scope=repository:").then(Fault.respond(503));
      program("Harbor token service failing", robot.deepCopy(), r -> r.put("verbosity", "verbose"), childTmp);
      token.remove();
      texts.put("stand-in requests", harbor.requests().toString());
      texts.put("stand-in registry log", harbor.registry().log());
      texts.put("fault proxy records (stand-in)", proxy.requests().toString());
    }

    texts.put("cache", filesText(cache));
    texts.put("child temporary folder", filesText(childTmp));
    assertThat(texts.keySet()).contains("push: output", "hung registry, program mode: /proc/pid/cmdline",
        "hung registry, password on standard input: /proc/pid/environ", "human mode, password file, result file: "
            + "result file", "Harbor token service failing: output");
    Map<String, String> users = Map.of(password, USER, wrong, USER, proxyPassword, "svc-proxy", robotSecret,
        "robot$app+ci");
    assertThat(leaks(users)).as("places holding a secret").isEmpty();

    texts.put("control", "Proxy-Authorization: Basic " + Base64.getEncoder().encodeToString(("svc-proxy:"
        + proxyPassword).getBytes(StandardCharsets.UTF_8)));
    assertThat(leaks(users)).containsExactly("control holds the Basic credentials of svc-proxy");
  }

  private void program(String scenario, ObjectNode request, java.util.function.Consumer<ObjectNode> change,
      Path childTmp) throws Exception {
    program(scenario, request, change, childTmp, null);
  }

  /** A program-mode run; with {@code hang}, its /proc entries are read while the proxy holds it, then it is stopped. */
  private void program(String scenario, ObjectNode request, java.util.function.Consumer<ObjectNode> change,
      Path childTmp, FaultRule hang) throws Exception {
    run(scenario, Requests.bytes(request, change), childTmp, hang, "push", "--protocol", "json");
  }

  private void human(String scenario, List<String> flags, String stdin, Path childTmp, FaultRule hang)
      throws Exception {
    Path result = tmp.resolve(scenario.replaceAll("[^a-z]+", "-") + "-result.json");
    List<String> args = new ArrayList<>(List.of("push"));
    args.addAll(flags);
    args.addAll(List.of("--result-file", result.toString()));
    run(scenario, stdin.getBytes(StandardCharsets.UTF_8), childTmp, hang, args.toArray(String[]::new));
    texts.put(scenario + ": result file", Files.exists(result) ? Files.readString(result) : "");
    assertThat(Files.exists(result) || hang != null).as("%s wrote its result file", scenario).isTrue();
  }

  private void run(String scenario, byte[] stdin, Path childTmp, FaultRule hang, String... args) throws Exception {
    try (CliChild child = CliChild.spec().jvm("-Xmx" + Requests.DEFAULT_HEAP, "-Djava.io.tmpdir=" + childTmp)
        .stdin(stdin).start(args)) {
      if (hang != null) {
        long before = hang.applied();
        assertThat(hang.awaitApplied(before + 1, Duration.ofSeconds(60))).as("%s reached the registry", scenario)
            .isTrue();
        texts.put(scenario + ": /proc/pid/cmdline", child.cmdline());
        texts.put(scenario + ": /proc/pid/environ", child.environ());
        child.terminate();
      }
      CliChild.Run run = child.await(Duration.ofMinutes(3));
      texts.put(scenario + ": output", run.everything());
    }
  }

  /**
   * Where a secret was found, in clear or as the Basic credentials of its user, without the secret. (The canaries
   * are letters, digits and '-', so their URL-encoded form is the clear one.)
   */
  private List<String> leaks(Map<String, String> secretsAndUsers) {
    List<String> hits = new ArrayList<>();
    secretsAndUsers.forEach((secret, user) -> {
      String basic = Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
      texts.forEach((where, text) -> {
        if (text.contains(secret)) {
          hits.add(where + " holds the password of " + user);
        }
        if (text.contains(basic)) {
          hits.add(where + " holds the Basic credentials of " + user);
        }
      });
    });
    return hits.stream().distinct().toList();
  }

  private static String filesText(Path root) throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(f)) {
          all.append(f).append('\n').append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
        }
      }
    }
    return all.toString();
  }

  private static String canary(String what) {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return "Secr3t-Canary-" + what + "-" + HexFormat.of().formatHex(b);
  }
}
