package io.jenkins.plugins.harborjib.engine.harbor;

/**
 * {@code HEAD /projects?project_name=NAME}: does the project exist? 200 or 404, for any signed-in identity, whether or not
 * it is a member.
 */
final class ProjectChecker implements HarborCall<Boolean> {
  private final String projectName;

  ProjectChecker(String projectName) {
    this.projectName = projectName;
  }

  @Override
  public String method() {
    return "HEAD";
  }

  @Override
  public String path() {
    return "/projects" + HarborPaths.query("project_name", projectName);
  }

  @Override
  public Boolean handleResponse(HarborResponse response, HarborFailures failures) {
    return true;
  }

  @Override
  public Boolean handleError(HarborResponse response, HarborFailures failures) throws HarborException {
    if (response.status() == 404) {
      return false;
    }
    throw failures.forStatus(response);
  }

  @Override
  public String actionDescription() {
    return "check whether project '" + projectName + "' exists";
  }
}
