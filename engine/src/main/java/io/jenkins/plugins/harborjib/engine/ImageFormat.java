package io.jenkins.plugins.harborjib.engine;

/** Manifest and config media types of the pushed image. */
public enum ImageFormat {
  /** Docker image manifest v2 schema 2: what most tools and Harbor show by default. */
  DOCKER,
  /** OCI image manifest. */
  OCI
}
