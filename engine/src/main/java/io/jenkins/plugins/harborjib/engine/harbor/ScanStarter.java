package io.jenkins.plugins.harborjib.engine.harbor;

import io.jenkins.plugins.harborjib.engine.ErrorKind;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST .../artifacts/{digest}/scan}: starts a vulnerability scan, or SBOM generation. False when one is already
 * running (409).
 */
final class ScanStarter implements HarborCall<Boolean> {
  private final String project;
  private final String repository;
  private final String digest;
  private final boolean sbom;

  ScanStarter(String project, String repository, String digest, boolean sbom) {
    this.project = project;
    this.repository = repository;
    this.digest = digest;
    this.sbom = sbom;
  }

  @Override
  public String method() {
    return "POST";
  }

  @Override
  public String path() {
    return HarborPaths.artifact(project, repository, digest) + "/scan";
  }

  @Override
  public Optional<Object> body() {
    return Optional.of(new HarborJson.ScanType(sbom ? "sbom" : "vulnerability"));
  }

  @Override
  public Set<Integer> acceptedStatuses() {
    return Set.of(202);
  }

  @Override
  public Boolean handleResponse(HarborResponse response, HarborFailures failures) {
    return true;
  }

  @Override
  public Boolean handleError(HarborResponse response, HarborFailures failures) throws HarborException {
    int status = response.status();
    if (status == 409) {
      return false;
    }
    if (status == 412) {
      throw failures.of(ErrorKind.REGISTRY, response, "Harbor " + failures.server() + " has no usable scanner for"
          + " project '" + project + "' (HTTP 412: " + response.errorText() + "). Ask a Harbor administrator to add"
          + " and enable a scanner (Administration > Interrogation Services), or switch the "
          + (sbom ? "SBOM request" : "vulnerability gate") + " off.");
    }
    if (status == 403) {
      throw failures.of(ErrorKind.PERMISSION_DENIED, response, "'" + failures.identity() + "' may not start "
          + (sbom ? "SBOM generation" : "a scan") + " in project '" + project + "' on Harbor " + failures.server()
          + " (HTTP 403). Give it the Maintainer role, or a robot account the '"
          + (sbom ? "SBOM: Create" : "Scan: Create") + "' permission; or turn on the project's automatic scan"
          + " and let the gate wait for it.");
    }
    if (!sbom && status == 400) {
      throw failures.of(ErrorKind.REGISTRY, response, "Harbor " + failures.server() + " cannot scan " + project + "/"
          + repository + "@" + digest + " (HTTP 400: " + response.errorText() + "): its scanner does not support"
          + " this kind of artifact. Switch the vulnerability gate off for it, or ask a Harbor administrator for a"
          + " scanner that does (Administration > Interrogation Services).");
    }
    if (sbom && (status == 400 || status == 422)) {
      throw failures.of(ErrorKind.REGISTRY, response, "Harbor " + failures.server() + " cannot generate an SBOM for "
          + project + "/" + repository + "@" + digest + " (HTTP " + status + ": " + response.errorText() + "). SBOMs"
          + " need Harbor 2.11 or later and a scanner that supports them; switch the SBOM request off.");
    }
    throw failures.forStatus(response);
  }

  @Override
  public String actionDescription() {
    return (sbom ? "generate an SBOM for " : "scan ") + project + "/" + repository + "@" + digest;
  }
}
