package io.jenkins.plugins.harborjib.engine.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.engine.RecordedEvents;
import io.jenkins.plugins.harborjib.engine.input.Unpacked;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The push alone on the cache keeps the most recently used unpacked archives and removes half-unpacked ones. */
class UnpackedCleanupTest {
  @TempDir Path cache;

  @Test
  void thePushAloneOnTheCacheKeepsTheMostRecentlyUsedArchivesAndRemovesHalfUnpackedOnes() throws Exception {
    Path unpacked = Files.createDirectories(cache.resolve(ScratchSession.UNPACKED));
    List<String> byAge = new ArrayList<>();
    for (int i = 0; i < Unpacked.KEEP + 3; i++) {
      String name = String.format("%064x", i);
      Path folder = Files.createDirectories(unpacked.resolve(name).resolve("BOOT-INF/lib"));
      Files.writeString(folder.resolve("a.jar"), "jar " + i);
      Files.setLastModifiedTime(unpacked.resolve(name), FileTime.from(Instant.parse("2026-01-01T00:00:00Z")
          .plusSeconds(60L * i)));
      byAge.add(0, name); // newest first
    }
    Files.createDirectories(unpacked.resolve(Unpacked.TEMPORARY_PREFIX + "stopped/BOOT-INF"));
    RecordedEvents events = new RecordedEvents();

    try (CacheLease lease = CacheLease.acquire(cache, events)) {
      try (var left = Files.list(unpacked)) {
        assertThat(left.map(p -> p.getFileName().toString()).toList())
            .containsExactlyInAnyOrderElementsOf(byAge.subList(0, Unpacked.KEEP));
      }
    }
    assertThat(events.text()).contains("least recently used", "left by a push that was stopped");
  }

  @Test
  void nothingIsRemovedWhileAnotherPushHoldsTheCache() throws Exception {
    try (CacheLease running = CacheLease.acquire(cache, e -> {})) {
      Path unpacked = Files.createDirectories(cache.resolve(ScratchSession.UNPACKED));
      for (int i = 0; i < Unpacked.KEEP + 2; i++) {
        Files.createDirectories(unpacked.resolve(String.format("%064x", i)));
      }
      Files.createDirectories(unpacked.resolve(Unpacked.TEMPORARY_PREFIX + "being-unpacked"));

      try (CacheLease next = CacheLease.acquire(cache, e -> {})) {
        try (var left = Files.list(unpacked)) {
          assertThat(left.count()).isEqualTo(Unpacked.KEEP + 3);
        }
      }
    }
  }
}
