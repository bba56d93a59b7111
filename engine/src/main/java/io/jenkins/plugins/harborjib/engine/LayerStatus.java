package io.jenkins.plugins.harborjib.engine;

/** What happened to one layer of the pushed image. */
public enum LayerStatus {
  /** Its bytes were sent to the registry. */
  UPLOADED,
  /** The target repository had it already; nothing was sent. */
  PRESENT,
  /** The registry linked it from the base image's repository (cross-repository mount); nothing was sent. */
  MOUNTED
}
