package io.jenkins.plugins.harborjib.engine.push;

/** The engine's version, from the jar manifest; "dev" when run from classes. */
final class EngineVersion {
  private EngineVersion() {}

  static String get() {
    String v = PushRun.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
