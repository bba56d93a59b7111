package io.jenkins.plugins.harborjib.engine.push;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.cache.Cache;
import com.google.cloud.tools.jib.image.ReproducibleLayerBuilder;
import com.google.common.collect.ImmutableList;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Builds the application layers into Jib's layer cache while the checks run, when Jib has to wait for them (no
 * remembered base image: see {@code PushRun.checkAndPush}). The checks use about one core; the layers get the rest.
 * Jib then finds each layer in its cache as its own {@code BuildAndCacheApplicationLayerStep} looks for it: the same
 * entries, {@link Cache#retrieve(ImmutableList)}, and on a miss the same {@link ReproducibleLayerBuilder} and
 * {@link Cache#writeUncompressedLayer} that step uses (jib-core 0.28.1), so the bytes are Jib's own. A layer that
 * fails here is simply built by Jib, which reports the failure.
 */
final class LayerPrebuild {
  private final ExecutorService executor;
  private final List<Future<?>> builds = new ArrayList<>();

  private LayerPrebuild(ExecutorService executor) {
    this.executor = executor;
  }

  /** What a layer built here is reported as ({@link #start}'s {@code built}), after its name. */
  static final String BUILT = " built while the checks ran: ";

  /**
   * Starts building {@code layers} (by name, each a layer's entries as given to Jib) into the application layer cache
   * at {@code cacheDirectory}, on all cores but one; tells {@code built} of each layer it builds.
   */
  static LayerPrebuild start(Path cacheDirectory, Map<String, List<FileEntry>> layers, Consumer<String> built) {
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "harbor-jib-layers");
      t.setDaemon(true);
      return t;
    });
    LayerPrebuild prebuild = new LayerPrebuild(executor);
    Cache cache;
    try {
      cache = Cache.withDirectory(cacheDirectory);
    } catch (CacheDirectoryCreationException | RuntimeException e) {
      executor.shutdown();
      return prebuild;
    }
    layers.forEach((name, layer) -> {
      if (layer.isEmpty()) {
        return;
      }
      ImmutableList<FileEntry> entries = ImmutableList.copyOf(layer);
      prebuild.builds.add(executor.submit(() -> {
        try {
          if (cache.retrieve(entries).isEmpty()) {
            built.accept("layer " + name + BUILT
                + cache.writeUncompressedLayer(new ReproducibleLayerBuilder(entries).build(), entries).getDigest());
          }
        } catch (Exception e) {
          // Jib builds this layer itself, and reports what goes wrong
        }
      }));
    });
    executor.shutdown();
    return prebuild;
  }

  /**
   * Stops: layers not started are left to Jib; the ones being built are finished, so that Jib does not build them a
   * second time beside them.
   */
  void finish() {
    builds.forEach(b -> b.cancel(false));
    try {
      executor.awaitTermination(5, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
