package io.jenkins.plugins.harborjib.engine.harbor;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code GET /labels?name=&scope=g} or {@code scope=p&project_id=}: labels with exactly this name (Harbor matches the name
 * loosely, so the answer is filtered here).
 */
final class LabelFinder implements HarborCall<List<HarborLabel>> {
  private static final TypeReference<List<HarborJson.Label>> LIST = new TypeReference<>() {};

  private final String name;
  private final OptionalLong projectId;

  /** Global labels named {@code name}. */
  LabelFinder(String name) {
    this.name = name;
    this.projectId = OptionalLong.empty();
  }

  /** Labels of project {@code projectId} named {@code name}. */
  LabelFinder(String name, long projectId) {
    this.name = name;
    this.projectId = OptionalLong.of(projectId);
  }

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public String path() {
    return "/labels" + (projectId.isPresent()
        ? HarborPaths.query("name", name, "scope", "p", "project_id", projectId.getAsLong(), "page_size", 100)
        : HarborPaths.query("name", name, "scope", "g", "page_size", 100));
  }

  @Override
  public List<HarborLabel> handleResponse(HarborResponse response, HarborFailures failures) throws HarborException {
    return response.jsonList(LIST, failures).stream()
        .filter(l -> l != null && name.equals(l.name()))
        .map(HarborLabel::from)
        .toList();
  }

  @Override
  public String actionDescription() {
    return projectId.isPresent() ? "find the project label '" + name + "'" : "find the global label '" + name + "'";
  }
}
