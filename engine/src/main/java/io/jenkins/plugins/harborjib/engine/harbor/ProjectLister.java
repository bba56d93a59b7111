package io.jenkins.plugins.harborjib.engine.harbor;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.List;
import java.util.Optional;

/** {@code GET /projects?page=&page_size=&name=}: one page of the projects the identity can see, by name. */
final class ProjectLister implements HarborCall<HarborProjectPage> {
  private static final TypeReference<List<HarborJson.Project>> LIST = new TypeReference<>() {};

  private final int page;
  private final int pageSize;
  private final Optional<String> nameContains;

  ProjectLister(int page, int pageSize, Optional<String> nameContains) {
    if (page < 1) {
      throw new IllegalArgumentException("page counts from 1: " + page);
    }
    if (pageSize < 1 || pageSize > 100) {
      throw new IllegalArgumentException("Harbor's page size is 1 to 100: " + pageSize);
    }
    this.page = page;
    this.pageSize = pageSize;
    this.nameContains = nameContains.filter(s -> !s.isBlank());
  }

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public String path() {
    return "/projects" + HarborPaths.query(
        "page", page, "page_size", pageSize, "name", nameContains.orElse(null), "sort", "name",
        "with_detail", false);
  }

  @Override
  public HarborProjectPage handleResponse(HarborResponse response, HarborFailures failures) throws HarborException {
    List<HarborProject> projects = response.jsonList(LIST, failures).stream().map(HarborProject::from).toList();
    long total = response.header("X-Total-Count").map(ProjectLister::parseLong).orElse(-1L);
    if (total < 0) {
      total = (long) (page - 1) * pageSize + projects.size();
    }
    return new HarborProjectPage(projects, total, page, pageSize);
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public String actionDescription() {
    return "list projects (page " + page + ")";
  }
}
