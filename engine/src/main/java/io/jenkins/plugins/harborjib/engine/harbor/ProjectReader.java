package io.jenkins.plugins.harborjib.engine.harbor;

import io.jenkins.plugins.harborjib.engine.ErrorKind;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /projects/{name}} with {@code X-Is-Resource-Name: true} (so a numeric name is not taken for an id). Empty
 * when the project does not exist; a project the identity may not see fails with PERMISSION_DENIED.
 */
final class ProjectReader implements HarborCall<Optional<HarborProject>> {
  private final String projectName;

  ProjectReader(String projectName) {
    this.projectName = projectName;
  }

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public String path() {
    return "/projects/" + HarborPaths.segment(projectName);
  }

  @Override
  public Map<String, String> headers() {
    return Map.of("X-Is-Resource-Name", "true");
  }

  @Override
  public Optional<HarborProject> handleResponse(HarborResponse response, HarborFailures failures)
      throws HarborException {
    return Optional.of(HarborProject.from(response.json(HarborJson.Project.class, failures)));
  }

  @Override
  public Optional<HarborProject> handleError(HarborResponse response, HarborFailures failures)
      throws HarborException {
    if (response.status() == 404) {
      return Optional.empty();
    }
    if (response.status() == 403) {
      // Harbor answers 403 both for a private project the identity is no member of and, to non-admins, for none at all.
      throw failures.of(ErrorKind.PERMISSION_DENIED, response, "'" + failures.identity() + "' may not see project '"
          + projectName + "' on Harbor " + failures.server() + " (HTTP 403). Add it to the project as a member"
          + " (Developer or higher to push), or use a robot account of that project.");
    }
    throw failures.forStatus(response);
  }

  @Override
  public String actionDescription() {
    return "read project '" + projectName + "'";
  }
}
