package io.jenkins.plugins.harborjib.engine.reliability;

import static io.jenkins.plugins.harborjib.engine.reliability.Faults.BLOB_UPLOAD;
import static io.jenkins.plugins.harborjib.engine.reliability.Faults.MANIFEST;
import static io.jenkins.plugins.harborjib.engine.reliability.Faults.QUICK_RETRIES;
import static io.jenkins.plugins.harborjib.engine.reliability.Faults.through;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.engine.BaseImage;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.HarborJib;
import io.jenkins.plugins.harborjib.engine.ImageTarget;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.PushRequest;
import io.jenkins.plugins.harborjib.engine.PushResult;
import io.jenkins.plugins.harborjib.engine.RecordedEvents;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import io.jenkins.plugins.harborjib.testkit.fault.Fault;
import io.jenkins.plugins.harborjib.testkit.fault.FaultProxy;
import io.jenkins.plugins.harborjib.testkit.harbor.Access;
import io.jenkins.plugins.harborjib.testkit.harbor.HarborStandIn;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secrets pass, in the engine: the fault scenarios of this suite run with recognisable passwords (a registry
 * user's, a wrong one, a Harbor robot's), and then every event, every exception with its causes and stack trace,
 * the registry's log, the stand-in's and the proxy's request records, the cache and the temporary files written
 * meanwhile are searched for them, in clear, as the Basic credentials ({@code base64(user:password)}) and
 * URL-encoded. Zero hits. The CLI's pass (its argv, environment, output and result file) is {@code SecretCanaryIT}.
 */
class SecretCanaryTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String USER = "tester";

  @TempDir
  Path tmp;

  private final Map<String, String> texts = new LinkedHashMap<>();

  @Test
  void noScenarioLeaksAPasswordAnywhere() throws Exception {
    Faults.resetJvmTrust();
    String password = canary("registry");
    String wrong = canary("wrong");
    String robotSecret = canary("robot");
    FileTime started = FileTime.fromMillis(System.currentTimeMillis() - 1_000);
    Path cache = tmp.resolve("cache");

    try (TestRegistry registry = TestRegistry.builder().htpasswd(USER, password).build().start();
        FaultProxy proxy = FaultProxy.to(registry).start()) {
      BaseImageFixture.pushJre17(registry);
      run("push", () -> through(proxy, registry, "canary", cache, "1").build());
      run("wrong password", () -> through(proxy, registry, "canary", cache, "2")
          .credentials(Credentials.of(USER, wrong.toCharArray())).build());
      proxy.when("PUT", MANIFEST).then(Fault.respond(502));
      run("manifest 502 forever", () -> through(proxy, registry, "canary-502", cache, "1")
          .retryPolicy(QUICK_RETRIES).build());
      proxy.clearRules();
      proxy.when("PATCH", BLOB_UPLOAD).nth(1).then(Fault.resetRequestAfter(1_000));
      run("reset mid-upload", () -> through(proxy, registry, "canary-reset", cache, "1")
          .retryPolicy(QUICK_RETRIES).build());
      proxy.clearRules();
      proxy.when("GET", "^/v2/").then(Fault.hang());
      run("hung registry", () -> through(proxy, registry, "canary-hung", cache, "1")
          .httpTimeout(Duration.ofSeconds(1)).build());
      proxy.clearRules();
      run("invalid tag", () -> through(proxy, registry, "canary", cache, "not a tag!").build());
      run("base image credentials", () -> PushRequest.builder(Faults.exploded(),
              BaseImage.of(registry.reference("base/jre17:17"), Credentials.of(USER, password.toCharArray())),
              new ImageTarget(proxy.host(), "app", "canary-base", List.of("1")))
          .credentials(Credentials.of(USER, password.toCharArray())).cacheDirectory(cache)
          .tls(TlsSettings.DEFAULT.withInsecure(true)).build());
      texts.put("registry log", registry.log());
      texts.put("proxy records", proxy.requests().toString());
      texts.put("registry storage", filesText(registry.storageDirectory(), null));
    }

    try (HarborStandIn harbor = HarborStandIn.builder().plainHttp().adminPassword(canary("admin")).build().start();
        FaultProxy proxy = FaultProxy.toUrl(harbor.url()).start()) {
      harbor.addProject("base", true, false, -1);
      harbor.addProject("app");
      harbor.addRobot("robot$app+ci", robotSecret, "app", Access.PUSH, Access.PULL);
      BaseImageFixture.push(proxy.host() + "/base/jre17:17", HarborStandIn.ADMIN, harbor.adminPassword(), false);
      Supplier<PushRequest.Builder> robot = () -> PushRequest.builder(Faults.exploded(),
              BaseImage.of("base/jre17:17"), new ImageTarget(proxy.host(), "app", "canary", List.of("1")))
          .credentials(Credentials.of("robot$app+ci", robotSecret.toCharArray())).cacheDirectory(cache)
          .tls(TlsSettings.DEFAULT.withInsecure(true)).retryPolicy(QUICK_RETRIES);
      run("robot push", () -> robot.get().build());
      proxy.when("GET", "^/service/token").then(Fault.respond(503));
      run("token service down", () -> robot.get().build());
      proxy.clearRules();
      proxy.when("GET", "^/service/token\\?.*scope=repository:").then(Fault.respond(503));
      run("token service down during the push", () -> robot.get().build());
      texts.put("stand-in requests", harbor.requests().toString());
      texts.put("stand-in registry log", harbor.registry().log());
      texts.put("proxy records (stand-in)", proxy.requests().toString());
      assertThat(leaks(List.of(harbor.adminPassword()), HarborStandIn.ADMIN)).isEmpty();
    }

    texts.put("cache", filesText(cache, null));
    texts.put("temporary files written meanwhile", filesText(Path.of(System.getProperty("java.io.tmpdir")), started));
    assertThat(texts.keySet()).contains("push: result", "wrong password: failure", "manifest 502 forever: failure",
        "hung registry: failure", "invalid tag: failure", "robot push: result", "token service down: failure");
    assertThat(leaks(List.of(password, wrong, robotSecret), USER)).as("places holding a secret").isEmpty();

    // The search itself finds what it looks for.
    texts.put("control", "Authorization: Basic " + Base64.getEncoder().encodeToString((USER + ":" + wrong)
        .getBytes(StandardCharsets.UTF_8)));
    assertThat(leaks(List.of(wrong), USER)).containsExactly("control holds the Basic credentials");
  }

  private void run(String scenario, Supplier<PushRequest> request) {
    RecordedEvents events = new RecordedEvents();
    try {
      PushResult result = HarborJib.push(request.get(), events);
      texts.put(scenario + ": result", result.toString());
    } catch (PushException e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      texts.put(scenario + ": failure", e.getMessage() + "\n" + trace);
    }
    texts.put(scenario + ": events", events.text());
  }

  /** Where a secret was found, without the secret. */
  private List<String> leaks(List<String> secrets, String user) {
    List<String> hits = new ArrayList<>();
    for (String secret : secrets) {
      List<String> forms = List.of(secret,
          Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8)),
          java.net.URLEncoder.encode(secret, StandardCharsets.UTF_8));
      texts.forEach((where, text) -> {
        for (int i = 0; i < forms.size(); i++) {
          if (text.contains(forms.get(i))) {
            hits.add(where + " holds " + List.of("the password", "the Basic credentials", "the URL-encoded password")
                .get(i));
          }
        }
      });
    }
    return hits;
  }

  /**
   * The text of every regular file under {@code root} (modified after {@code since}, if given), up to 64 MB each,
   * read as ISO-8859-1 so that any byte sequence survives.
   */
  private static String filesText(Path root, FileTime since) throws IOException {
    if (!Files.isDirectory(root)) {
      return "";
    }
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        try {
          if (!Files.isRegularFile(f) || !Files.isReadable(f) || Files.size(f) > 64L << 20
              || (since != null && Files.getLastModifiedTime(f).compareTo(since) < 0)) {
            continue;
          }
          all.append(f).append('\n').append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
          // another process's file that went away meanwhile
        }
      }
    } catch (java.io.UncheckedIOException e) {
      // a folder that went away while walking the shared temporary folder
    }
    return all.toString();
  }

  private static String canary(String what) {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return "Secr3t-Canary-" + what + "-" + HexFormat.of().formatHex(b);
  }
}
