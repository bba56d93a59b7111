package io.jenkins.plugins.harborjib.engine.harbor;

import io.jenkins.plugins.harborjib.engine.ErrorKind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code POST /projects}: creates a project, private unless asked, with auto-scan when asked. Returns the new project's
 * id from the Location header when Harbor gives one; empty when it already existed (409: created meanwhile).
 */
final class ProjectCreator implements HarborCall<OptionalLong> {
  private final String projectName;
  private final boolean isPublic;
  private final Optional<Boolean> autoScan;

  ProjectCreator(String projectName, boolean isPublic, Optional<Boolean> autoScan) {
    this.projectName = projectName;
    this.isPublic = isPublic;
    this.autoScan = autoScan;
  }

  @Override
  public String method() {
    return "POST";
  }

  @Override
  public String path() {
    return "/projects";
  }

  @Override
  public Optional<Object> body() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("public", Boolean.toString(isPublic));
    autoScan.ifPresent(a -> metadata.put("auto_scan", Boolean.toString(a)));
    return Optional.of(new HarborJson.ProjectReq(projectName, metadata));
  }

  @Override
  public Set<Integer> acceptedStatuses() {
    return Set.of(201);
  }

  @Override
  public OptionalLong handleResponse(HarborResponse response, HarborFailures failures) {
    // Location: /api/v2.0/projects/7
    Optional<String> location = response.header("Location");
    if (location.isPresent()) {
      String l = location.get();
      String last = l.substring(l.lastIndexOf('/') + 1);
      try {
        return OptionalLong.of(Long.parseLong(last));
      } catch (NumberFormatException e) {
        return OptionalLong.empty();
      }
    }
    return OptionalLong.empty();
  }

  @Override
  public OptionalLong handleError(HarborResponse response, HarborFailures failures) throws HarborException {
    if (response.status() == 409) {
      return OptionalLong.empty();
    }
    if (response.status() == 403) {
      throw failures.of(ErrorKind.PERMISSION_DENIED, response, "'" + failures.identity() + "' may not create project '"
          + projectName + "' on Harbor " + failures.server() + " (HTTP 403: " + response.errorText() + "). Ask a"
          + " Harbor administrator to create the project (private, with this identity as a Developer or a robot"
          + " account of it), or use an identity that may create projects (Harbor may allow only administrators;"
          + " robot accounts need system-level permission).");
    }
    if (response.status() == 400) {
      throw failures.of(ErrorKind.INVALID_INPUT, response, "Harbor " + failures.server() + " refused the project name '"
          + projectName + "' (HTTP 400: " + response.errorText() + "). Harbor project names are lower case letters,"
          + " digits and . _ -, starting with a letter or digit, at most 255 characters.");
    }
    throw failures.forStatus(response);
  }

  @Override
  public String actionDescription() {
    return "create project '" + projectName + "'";
  }
}
