package io.jenkins.plugins.harborjib.engine;

/** Receives {@link PushEvent}s. Called from the engine's threads; implementations must be thread-safe. */
@FunctionalInterface
public interface PushListener {
  /** Ignores every event. */
  PushListener NONE = event -> {};

  void onEvent(PushEvent event);
}
