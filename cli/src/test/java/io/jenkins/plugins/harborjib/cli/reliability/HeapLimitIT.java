package io.jenkins.plugins.harborjib.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.protocol.ProtocolLine;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.RequiredTools;
import io.jenkins.plugins.harborjib.testkit.Skopeo;
import io.jenkins.plugins.harborjib.testkit.StoredJar;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's heap limit: an application with 300 MB of incompressible dependency jars is pushed by the CLI child
 * with half the heap the bridge gives it by default ({@code -Xmx256m}, against the bridge's 512m), which proves the
 * default has room to spare; the GC log says how much was used. Slow (15 to 20 s on two cores): tagged
 * {@code slow}; skip it locally with {@code -DexcludedGroups=slow}.
 */
@Tag("slow")
class HeapLimitIT {
  private static final int JARS = 60;
  private static final int JAR_BYTES = 5 * 1024 * 1024;
  private static final Pattern HEAP_AFTER_GC = Pattern.compile("->(\\d+)M\\(");

  @RegisterExtension
  static TestRegistry registry = TestRegistry.plainHttpWithBasicAuth();

  @TempDir
  Path tmp;

  @Test
  void threeHundredMegabytesOfDependenciesFitInHalfTheDefaultHeap() throws Exception {
    BaseImageFixture.pushJre17(registry);
    Path dependencies = Files.createDirectories(tmp.resolve("dependency"));
    Random random = new Random(300);
    byte[] content = new byte[JAR_BYTES];
    for (int i = 0; i < JARS; i++) {
      random.nextBytes(content);
      StoredJar.write(dependencies.resolve("big-dependency-" + i + "-1.0.jar"), "data/blob.bin", content,
          System.currentTimeMillis());
    }
    Path gcLog = tmp.resolve("gc.log");

    CliChild.Run run = CliChild.spec().jvm("-Xmx256m", "-Xlog:gc:file=" + gcLog)
        .stdin(Requests.bytes(Requests.push(registry.host(), registry, "heavy", tmp.resolve("cache"), "1"),
            r -> r.with("buildOutput").put("dependencies", dependencies.toString())))
        .run(Duration.ofMinutes(10), "push", "--protocol", "json");

    ProtocolLine.Result result = Requests.result(run);
    long uploaded = result.result().bytesUploaded();
    assertThat(uploaded).isGreaterThan((long) JARS * JAR_BYTES);
    assertThat(run.stderr()).doesNotContain("OutOfMemoryError");
    if (RequiredTools.isOnPath("skopeo")) {
      assertThat(Skopeo.of(registry).inspect("app/heavy:1").digest()).isEqualTo(result.result().digest());
    }
    long peak = 0;
    for (String line : Files.readAllLines(gcLog)) {
      Matcher m = HEAP_AFTER_GC.matcher(line);
      while (m.find()) {
        peak = Math.max(peak, Long.parseLong(m.group(1)));
      }
    }
    System.out.printf("HeapLimitIT: pushed %d MB in %d s with -Xmx256m; largest heap after a GC: %d MB%n",
        uploaded >> 20, run.took().toSeconds(), peak);
    assertThat(peak).isLessThan(256);
  }
}
