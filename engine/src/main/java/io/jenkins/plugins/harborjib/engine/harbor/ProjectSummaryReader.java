package io.jenkins.plugins.harborjib.engine.harbor;

import java.util.Map;

/** {@code GET /projects/{id}/summary}: repository count and storage quota (hard -1 = unlimited). */
final class ProjectSummaryReader implements HarborCall<HarborProjectSummary> {
  private final long projectId;
  private final String projectName;

  ProjectSummaryReader(long projectId, String projectName) {
    this.projectId = projectId;
    this.projectName = projectName;
  }

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public String path() {
    return "/projects/" + projectId + "/summary";
  }

  @Override
  public Map<String, String> headers() {
    return Map.of("X-Is-Resource-Name", "false");
  }

  @Override
  public HarborProjectSummary handleResponse(HarborResponse response, HarborFailures failures)
      throws HarborException {
    return HarborProjectSummary.from(response.json(HarborJson.ProjectSummary.class, failures));
  }

  @Override
  public String actionDescription() {
    return "read the summary and quota of project '" + projectName + "'";
  }
}
