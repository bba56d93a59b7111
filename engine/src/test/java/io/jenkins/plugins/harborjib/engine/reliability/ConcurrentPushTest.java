package io.jenkins.plugins.harborjib.engine.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.engine.BaseImage;
import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.ImageTarget;
import io.jenkins.plugins.harborjib.engine.LayerReport;
import io.jenkins.plugins.harborjib.engine.LayerStatus;
import io.jenkins.plugins.harborjib.engine.PushRequest;
import io.jenkins.plugins.harborjib.engine.PushResult;
import io.jenkins.plugins.harborjib.engine.RecordedEvents;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.RequiredTools;
import io.jenkins.plugins.harborjib.testkit.Samples;
import io.jenkins.plugins.harborjib.testkit.Skopeo;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight pushes at once in one JVM, as concurrent builds on one agent would run them, sharing one layer cache: four to
 * one repository under different tags (two of them the same image, so the same blobs race), four to repositories of
 * their own, in three build output shapes. Every digest reads back the same with skopeo, no cached layer is corrupt,
 * and the next push with the same cache works and finds every layer present. (The registry's own race when two pushes
 * link one blob into one repository at once is seen through the CLI: see ConcurrentCliIT and ServerErrorTest.)
 */
class ConcurrentPushTest {
  private static final int PUSHES = 8;

  @RegisterExtension
  static TestRegistry registry = TestRegistry.plainHttpWithBasicAuth();

  @TempDir
  Path cache;

  private record Push(String repository, String tag, BuildOutput output) {}

  @Test
  void eightConcurrentPushesSharingOneCacheAllLandAndLeaveTheCacheSound() throws Exception {
    Faults.resetJvmTrust();
    BaseImageFixture.pushJre17(registry);
    BuildOutput exploded = Faults.exploded();
    BuildOutput thin = new BuildOutput.ThinJar(Samples.helloAppThinJar());
    BuildOutput boot = new BuildOutput.SpringBootJar(Samples.helloAppBootJar());
    List<Push> pushes = List.of(
        new Push("shared", "exploded-1", exploded), new Push("shared", "exploded-2", exploded),
        new Push("shared", "thin", thin), new Push("shared", "boot", boot),
        new Push("own-1", "1", exploded), new Push("own-2", "1", thin), new Push("own-3", "1", boot),
        new Push("own-4", "1", exploded));
    assertThat(pushes).hasSize(PUSHES);

    ExecutorService pool = Executors.newFixedThreadPool(PUSHES);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<PushResult>> futures = new ArrayList<>();
    for (Push p : pushes) {
      Callable<PushResult> task = () -> {
        start.await();
        return Faults.success(request(p).build(), new RecordedEvents());
      };
      futures.add(pool.submit(task));
    }
    start.countDown();
    List<PushResult> results = new ArrayList<>();
    try {
      for (Future<PushResult> f : futures) {
        results.add(f.get(5, TimeUnit.MINUTES));
      }
    } finally {
      pool.shutdownNow();
    }

    for (int i = 0; i < PUSHES; i++) {
      Push p = pushes.get(i);
      PushResult r = results.get(i);
      assertThat(r.tags()).containsExactly(p.tag());
      if (RequiredTools.isOnPath("skopeo")) {
        assertThat(Skopeo.of(registry).inspect("app/" + p.repository() + ":" + p.tag()).digest())
            .as("digest of app/%s:%s", p.repository(), p.tag()).isEqualTo(r.digest());
      }
    }
    assertThat(results.get(0).digest()).isEqualTo(results.get(1).digest()).isEqualTo(results.get(4).digest());
    assertThat(Faults.tags(registry, "app/shared")).containsExactlyInAnyOrder("exploded-1", "exploded-2", "thin",
        "boot");
    assertThat(Faults.leftovers(cache)).isEmpty();
    assertThat(Faults.filesIn(cache)).filteredOn(f -> f.matches("[a-z-]+/layers/.*")).hasSizeGreaterThan(6);
    assertThat(corruptCacheEntries(cache)).isEmpty();

    PushResult again = Faults.success(request(new Push("own-1", "again", exploded)).build(), new RecordedEvents());
    assertThat(again.digest()).isEqualTo(results.get(4).digest());
    assertThat(again.layers()).extracting(LayerReport::status).doesNotContain(LayerStatus.UPLOADED);
    PushResult elsewhere = Faults.success(request(new Push("after", "1", boot)).build(), new RecordedEvents());
    assertThat(elsewhere.digest()).isEqualTo(results.get(3).digest());
  }

  private PushRequest.Builder request(Push p) {
    return PushRequest.builder(p.output(), BaseImage.of("base/jre17:17"),
            new ImageTarget(registry.host(), "app", p.repository(), List.of(p.tag())))
        .credentials(Credentials.of(registry.username(), registry.passwordChars()))
        .tls(TlsSettings.DEFAULT.withInsecure(true))
        .cacheDirectory(cache);
  }

  /**
   * Cached layers whose bytes do not hash to the digest they are filed under ({@code .../layers/<digest>/<diff id>}
   * holds the compressed layer), with what they hash to.
   */
  static Map<String, String> corruptCacheEntries(Path cache) throws IOException {
    Map<String, String> corrupt = new java.util.TreeMap<>();
    for (String kind : List.of("base-layers", "application-layers")) {
      Path layers = cache.resolve(kind).resolve("layers");
      if (!Files.isDirectory(layers)) {
        continue;
      }
      try (Stream<Path> dirs = Files.list(layers)) {
        for (Path dir : (Iterable<Path>) dirs::iterator) {
          try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
              String actual = sha256(file);
              if (!actual.equals(dir.getFileName().toString())) {
                corrupt.put(cache.relativize(file).toString(), actual);
              }
            }
          }
        }
      }
    }
    return corrupt;
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      MessageDigest md = ((DigestInputStream) in).getMessageDigest();
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
