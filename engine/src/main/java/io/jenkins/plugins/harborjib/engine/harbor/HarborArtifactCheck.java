package io.jenkins.plugins.harborjib.engine.harbor;

import io.jenkins.plugins.harborjib.engine.ErrorKind;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * After a push: reads the artifact back by digest from Harbor's API, checks that every requested tag is on it, and
 * gives Harbor's version and the artifact's web-UI link. Missing tags are reported, not added.
 */
public final class HarborArtifactCheck {
  private final HarborClient client;

  public HarborArtifactCheck(HarborClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /**
   * Confirms the artifact, asking Harbor for its version and external URL.
   *
   * @throws HarborException of kind REGISTRY when Harbor has no artifact of that digest
   */
  public ArtifactConfirmation confirm(String project, String repository, String digest, List<String> tags)
      throws HarborException {
    HarborSystemInfo info = client.systemInfo();
    return confirm(project, repository, digest, tags, info.harborVersion(),
        info.externalUrl().orElse(client.serverUrl().toString()));
  }

  /**
   * Confirms the artifact with the version and external URL already known (e.g. from the {@link PreflightReport}).
   *
   * @throws HarborException of kind REGISTRY when Harbor has no artifact of that digest
   */
  public ArtifactConfirmation confirm(String project, String repository, String digest, List<String> tags,
      Optional<String> harborVersion, String externalUrl) throws HarborException {
    Optional<HarborArtifact> read = client.artifact(project, repository, digest);
    if (read.isEmpty()) {
      throw new HarborException(ErrorKind.REGISTRY, "Harbor " + client.serverUrl() + " has no artifact "
          + project + "/" + repository + "@" + digest + " (read as '" + client.identity() + "') although the"
          + " registry accepted the push. Look for it in Harbor's web UI; if it is not there, the push went to"
          + " another registry than this Harbor's API (check the registry host and the server URL).", 404, null);
    }
    HarborArtifact artifact = read.get();
    List<String> missing = tags.stream().filter(t -> !artifact.tags().contains(t)).distinct().toList();
    return new ArtifactConfirmation(artifact, missing, harborVersion,
        webUrl(externalUrl, artifact.projectId(), repository, digest));
  }

  /**
   * The artifact's page in Harbor's web UI, as its portal routes it:
   * {@code <external url>/harbor/projects/<id>/repositories/<repository, URL-encoded>/artifacts-tab/artifacts/<digest>}.
   *
   * @param repository the repository inside the project, without the project's name
   */
  public static String webUrl(String externalUrl, long projectId, String repository, String digest) {
    String base = externalUrl.endsWith("/") ? externalUrl.substring(0, externalUrl.length() - 1) : externalUrl;
    // The portal's route takes the repository name without its project, as one path segment (a/b -> a%2Fb).
    return base + "/harbor/projects/" + projectId + "/repositories/" + HarborPaths.segment(repository)
        + "/artifacts-tab/artifacts/" + digest;
  }
}
