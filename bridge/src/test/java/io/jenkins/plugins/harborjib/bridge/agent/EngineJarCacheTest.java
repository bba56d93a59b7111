package io.jenkins.plugins.harborjib.bridge.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineJarCacheTest {
  @TempDir Path agentRoot;

  private static byte[] jarBytes(int seed) {
    byte[] bytes = new byte[3 * 1024 * 1024 + 17];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private EngineJarCache cache() {
    return new EngineJarCache(agentRoot.resolve("harbor-jib/engine"));
  }

  @Test
  void installsOncePerVersionUnderItsHashAndFindsItAfterwards() throws Exception {
    byte[] jar = jarBytes(1);
    String sha = EngineJarCache.sha256(new ByteArrayInputStream(jar));
    EngineJarCache cache = cache();

    assertThat(cache.find(sha)).isEmpty();
    Path installed = cache.install(new ByteArrayInputStream(jar), sha);

    assertThat(installed).isEqualTo(agentRoot.resolve("harbor-jib/engine").resolve(sha)
        .resolve("harbor-jib-engine.jar"));
    assertThat(Files.readAllBytes(installed)).isEqualTo(jar);
    assertThat(cache.find(sha)).contains(installed);
    assertThat(cache.install(new ExplodingStream(), sha)).isEqualTo(installed); // not read again
  }

  @Test
  void refusesBytesThatDoNotHaveTheExpectedHashAndLeavesNothingBehind() throws Exception {
    String sha = EngineJarCache.sha256(new ByteArrayInputStream(jarBytes(1)));
    EngineJarCache cache = cache();

    assertThatThrownBy(() -> cache.install(new ByteArrayInputStream(jarBytes(2)), sha))
        .isInstanceOf(IOException.class).hasMessageContaining("the copy was damaged on the way");

    assertThat(cache.find(sha)).isEmpty();
    try (Stream<Path> files = Files.walk(cache.folder())) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void replacesACachedJarWhoseContentNoLongerMatches() throws Exception {
    byte[] jar = jarBytes(3);
    String sha = EngineJarCache.sha256(new ByteArrayInputStream(jar));
    EngineJarCache cache = cache();
    Path installed = cache.install(new ByteArrayInputStream(jar), sha);
    Files.write(installed, new byte[] {1, 2, 3});

    assertThat(cache.find(sha)).isEmpty();
    cache.install(new ByteArrayInputStream(jar), sha);

    assertThat(Files.readAllBytes(installed)).isEqualTo(jar);
  }

  @Test
  void concurrentBuildsOnOneAgentAllGetTheSameCompleteVerifiedJar() throws Exception {
    byte[] jar = jarBytes(4);
    String sha = EngineJarCache.sha256(new ByteArrayInputStream(jar));
    int builds = 8;
    CyclicBarrier start = new CyclicBarrier(builds);
    ExecutorService pool = Executors.newFixedThreadPool(builds);
    try {
      List<Future<Path>> results = new ArrayList<>();
      for (int i = 0; i < builds; i++) {
        // Each build has its own cache object, as each remoting call does.
        results.add(pool.submit((Callable<Path>) () -> {
          start.await();
          return cache().install(new SlowStream(jar), sha);
        }));
      }
      for (Future<Path> f : results) {
        Path p = f.get();
        assertThat(p.getFileName().toString()).isEqualTo(EngineJarCache.JAR_NAME);
        assertThat(Files.readAllBytes(p)).isEqualTo(jar);
      }
    } finally {
      pool.shutdownNow();
    }
    try (Stream<Path> files = Files.walk(cache().folder())) {
      assertThat(files.filter(Files::isRegularFile)).containsExactly(cache().pathFor(sha));
    }
  }

  @Test
  void takesOnlyLowercaseHexSha256AsAKey() {
    assertThatThrownBy(() -> cache().pathFor("../../etc")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache().pathFor("A".repeat(64))).isInstanceOf(IllegalArgumentException.class);
  }

  /** Hands out bytes in small pieces with pauses, so concurrent installs overlap. */
  private static final class SlowStream extends FilterInputStream {
    SlowStream(byte[] bytes) {
      super(new ByteArrayInputStream(bytes));
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Thread.yield();
      return super.read(b, off, Math.min(len, 64 * 1024));
    }
  }

  private static final class ExplodingStream extends InputStream {
    @Override
    public int read() throws IOException {
      throw new IOException("must not be read");
    }
  }
}
