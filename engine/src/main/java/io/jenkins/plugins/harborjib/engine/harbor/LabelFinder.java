package io.jenkins.plugins.harborjib.engine.harbor;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code GET /labels?name=&scope=g} or {@code scope=p&project_id=}, one page of 100: Harbor matches the name loosely
 * ({@code handler/label.go}), so the answer is filtered here to exactly this name, and says whether more pages follow.
 */
final class LabelFinder implements HarborCall<LabelFinder.Page> {
  static final int PAGE_SIZE = 100;
  private static final TypeReference<List<HarborJson.Label>> LIST = new TypeReference<>() {};

  /** The labels of one page named exactly as asked, and whether a later page may hold more. */
  record Page(List<HarborLabel> exact, boolean more) {}

  private final String name;
  private final OptionalLong projectId;
  private final int page;

  /** Global labels named {@code name}, page {@code page} (from 1). */
  LabelFinder(String name, int page) {
    this.name = name;
    this.projectId = OptionalLong.empty();
    this.page = page;
  }

  /** Labels of project {@code projectId} named {@code name}, page {@code page} (from 1). */
  LabelFinder(String name, long projectId, int page) {
    this.name = name;
    this.projectId = OptionalLong.of(projectId);
    this.page = page;
  }

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public String path() {
    return "/labels" + (projectId.isPresent()
        ? HarborPaths.query("name", name, "scope", "p", "project_id", projectId.getAsLong(), "page", page,
            "page_size", PAGE_SIZE)
        : HarborPaths.query("name", name, "scope", "g", "page", page, "page_size", PAGE_SIZE));
  }

  @Override
  public Page handleResponse(HarborResponse response, HarborFailures failures) throws HarborException {
    List<HarborJson.Label> all = response.jsonList(LIST, failures);
    long total = response.header("X-Total-Count").map(String::trim).filter(t -> t.matches("\\d+"))
        .map(Long::parseLong).orElse(-1L);
    boolean more = total >= 0 ? (long) page * PAGE_SIZE < total : all.size() == PAGE_SIZE;
    List<HarborLabel> exact = all.stream()
        .filter(l -> l != null && name.equals(l.name()))
        .map(HarborLabel::from)
        .toList();
    return new Page(exact, more && !all.isEmpty());
  }

  @Override
  public String actionDescription() {
    return projectId.isPresent() ? "find the project label '" + name + "'" : "find the global label '" + name + "'";
  }
}
