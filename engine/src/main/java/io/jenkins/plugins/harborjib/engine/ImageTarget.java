package io.jenkins.plugins.harborjib.engine;

import java.util.List;
import java.util.Objects;

/**
 * Where the image goes: {@code <registry>/<project>/<repository>} under one or more tags, e.g. registry
 * {@code harbor.example.com}, project {@code app}, repository {@code demo}, tags {@code [42, latest]}.
 * Values are checked by {@link ReferenceRules} when the request is built, before any network call.
 *
 * @param registry host name or address, with an optional port, no scheme
 * @param project Harbor project (the first path component)
 * @param repository repository inside the project; may contain {@code /}
 * @param tags one or more tags; the first is the one reported as the primary reference
 */
public record ImageTarget(String registry, String project, String repository, List<String> tags) {
  public ImageTarget {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(repository, "repository");
    tags = List.copyOf(tags);
  }

  /** {@code registry/project/repository}, without a tag. */
  public String repositoryReference() {
    return registry + "/" + project + "/" + repository;
  }

  /** {@code project/repository}, the repository name as the registry API sees it. */
  public String repositoryPath() {
    return project + "/" + repository;
  }
}
