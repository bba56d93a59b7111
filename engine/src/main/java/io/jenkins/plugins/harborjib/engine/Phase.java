package io.jenkins.plugins.harborjib.engine;

/** The steps of a push, in order; each is reported as started and finished, and timed in the result. */
public enum Phase {
  /** Checking every value in the request; no network. */
  VALIDATE("validating the request"),
  /** Reading the build output and planning the layers; no network. */
  PREPARE("reading the build output"),
  /** Reaching the registries: DNS, TCP, TLS, credentials, the base image. */
  PREFLIGHT("checking the registries"),
  /** Pulling the base image, building the layers and pushing blobs and manifests (Jib). */
  PUSH("building and pushing the image"),
  /** Reading the pushed manifest back from the registry. */
  VERIFY("verifying the pushed image"),
  /** Reading the artifact back from Harbor's API: tags, link; attaching labels. */
  CONFIRM("confirming the artifact in Harbor"),
  /** Waiting for Harbor's vulnerability scan and judging it. */
  SCAN("waiting for the vulnerability scan");

  private final String description;

  Phase(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
