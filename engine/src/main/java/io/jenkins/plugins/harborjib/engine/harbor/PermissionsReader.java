package io.jenkins.plugins.harborjib.engine.harbor;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * {@code GET /users/current/permissions}: what the identity may do. Works for users and robot accounts alike (unlike
 * {@code /users/current}, which answers 412 for robots). Without a project it only proves the credentials: Harbor answers
 * 401 to an identity it does not know.
 */
final class PermissionsReader implements HarborCall<List<HarborPermission>> {
  private static final TypeReference<List<HarborJson.Permission>> LIST = new TypeReference<>() {};

  private final OptionalLong projectId;
  private final String projectName;

  /** Checks the credentials only. */
  PermissionsReader() {
    this.projectId = OptionalLong.empty();
    this.projectName = "";
  }

  /** The identity's permissions in one project, relative to it ({@code repository}, not {@code /project/7/repository}). */
  PermissionsReader(long projectId, String projectName) {
    this.projectId = OptionalLong.of(projectId);
    this.projectName = projectName;
  }

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public String path() {
    if (projectId.isEmpty()) {
      return "/users/current/permissions";
    }
    return "/users/current/permissions"
        + HarborPaths.query("scope", "/project/" + projectId.getAsLong(), "relative", true);
  }

  @Override
  public List<HarborPermission> handleResponse(HarborResponse response, HarborFailures failures)
      throws HarborException {
    return response.jsonList(LIST, failures).stream()
        .filter(p -> p != null && p.resource() != null && p.action() != null)
        .map(p -> new HarborPermission(p.resource(), p.action()))
        .filter(Objects::nonNull)
        .toList();
  }

  @Override
  public String actionDescription() {
    return projectId.isEmpty() ? "check the credentials" : "list its permissions in project '" + projectName + "'";
  }
}
