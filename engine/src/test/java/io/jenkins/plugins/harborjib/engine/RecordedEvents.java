package io.jenkins.plugins.harborjib.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Collects every event of a push, for assertions. */
public final class RecordedEvents implements PushListener {
  private final List<PushEvent> all = new CopyOnWriteArrayList<>();

  @Override
  public void onEvent(PushEvent event) {
    all.add(event);
  }

  /** Every event, in order. */
  public List<PushEvent> all() {
    return List.copyOf(all);
  }

  public <T extends PushEvent> List<T> of(Class<T> type) {
    return all.stream().filter(type::isInstance).map(type::cast).toList();
  }

  public List<PushEvent.Retry> retries() {
    return of(PushEvent.Retry.class);
  }

  /** Every event as text, for searching. */
  public String text() {
    return all.stream().map(Object::toString).collect(Collectors.joining("\n"));
  }
}
