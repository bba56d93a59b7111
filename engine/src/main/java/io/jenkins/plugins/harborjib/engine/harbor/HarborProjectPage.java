package io.jenkins.plugins.harborjib.engine.harbor;

import java.util.List;

/**
 * One page of the projects the identity can see.
 *
 * @param projects the projects on this page
 * @param total how many projects match in all (Harbor's {@code X-Total-Count})
 * @param page this page's number, from 1
 * @param pageSize the page size asked for
 */
public record HarborProjectPage(List<HarborProject> projects, long total, int page, int pageSize) {
  public HarborProjectPage {
    projects = List.copyOf(projects);
  }

  /** Whether a later page holds more projects. */
  public boolean hasNextPage() {
    return (long) page * pageSize < total;
  }
}
