package io.jenkins.plugins.harborjib.engine.harbor;

import java.util.Optional;

/** {@code POST .../artifacts/{digest}/labels} with {@code {"id": N}}. False when the label is already attached (409). */
final class LabelAttacher implements HarborCall<Boolean> {
  private final String project;
  private final String repository;
  private final String digest;
  private final HarborLabel label;

  LabelAttacher(String project, String repository, String digest, HarborLabel label) {
    this.project = project;
    this.repository = repository;
    this.digest = digest;
    this.label = label;
  }

  @Override
  public String method() {
    return "POST";
  }

  @Override
  public String path() {
    return HarborPaths.artifact(project, repository, digest) + "/labels";
  }

  @Override
  public Optional<Object> body() {
    return Optional.of(new HarborJson.LabelRef(label.id()));
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
    return "attach label '" + label.name() + "' to " + project + "/" + repository + "@" + digest;
  }
}
