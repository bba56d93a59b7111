package io.jenkins.plugins.harborjib.engine.harbor;

import java.util.Objects;
import java.util.Optional;

/**
 * A project's summary ({@code GET /projects/{id}/summary}).
 *
 * @param repositoryCount repositories in the project
 * @param storageQuota the storage quota; empty where Harbor does not report one to this identity (quotas switched off, or
 *     no permission to read them)
 */
public record HarborProjectSummary(int repositoryCount, Optional<HarborQuota> storageQuota) {
  public HarborProjectSummary {
    Objects.requireNonNull(storageQuota, "storageQuota");
  }

  static HarborProjectSummary from(HarborJson.ProjectSummary json) {
    Optional<HarborQuota> quota = Optional.empty();
    if (json.quota() != null && json.quota().hard() != null && json.quota().hard().get("storage") != null) {
      long used = json.quota().used() == null ? 0 : json.quota().used().getOrDefault("storage", 0L);
      quota = Optional.of(new HarborQuota(json.quota().hard().get("storage"), used));
    }
    return new HarborProjectSummary(json.repoCount() == null ? 0 : json.repoCount(), quota);
  }
}
