package io.jenkins.plugins.harborjib.engine.harbor;

import java.util.Optional;
import java.util.Set;

/** {@code POST .../artifacts/{digest}/tags}: adds a tag. False when the repository already has that tag (409). */
final class TagAdder implements HarborCall<Boolean> {
  private final String project;
  private final String repository;
  private final String digest;
  private final String tag;

  TagAdder(String project, String repository, String digest, String tag) {
    this.project = project;
    this.repository = repository;
    this.digest = digest;
    this.tag = tag;
  }

  @Override
  public String method() {
    return "POST";
  }

  @Override
  public String path() {
    return HarborPaths.artifact(project, repository, digest) + "/tags";
  }

  @Override
  public Optional<Object> body() {
    return Optional.of(new HarborJson.NewTag(tag));
  }

  @Override
  public Set<Integer> acceptedStatuses() {
    return Set.of(201);
  }

  @Override
  public Boolean handleResponse(HarborResponse response, HarborFailures failures) {
    return true;
  }

  @Override
  public Boolean handleError(HarborResponse response, HarborFailures failures) throws HarborException {
    if (response.status() == 409) {
      return false;
    }
    throw failures.forStatus(response);
  }

  @Override
  public String actionDescription() {
    return "add tag '" + tag + "' to " + project + "/" + repository + "@" + digest;
  }
}
