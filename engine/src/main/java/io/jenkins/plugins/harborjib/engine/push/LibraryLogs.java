package io.jenkins.plugins.harborjib.engine.push;

import io.jenkins.plugins.harborjib.engine.PushEvent;
import io.jenkins.plugins.harborjib.engine.PushListener;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * While a push runs, the {@code java.util.logging} records of the libraries it drives (jib-core, Apache HttpClient
 * through commons-logging, the Google HTTP client, and what they print, see {@link #LOGGERS}) become the push's events instead of lines that the JVM's console
 * handler writes raw to standard error: warnings and worse as {@link PushEvent.Warning}, the rest as
 * {@link PushEvent.Debug}. The loggers' levels are left as they are (INFO by default), so the HTTP libraries' header
 * and wire logs, which would carry credentials, stay off.
 *
 * <p>A record goes to the listener of the push whose thread (or a thread that thread started, such as Jib's
 * executor threads) logged it; with no such push, to the one push running, if there is exactly one.
 */
final class LibraryLogs implements AutoCloseable {
  /**
   * jib-core, Apache HttpClient, the Google HTTP client, and the CLI's {@code StrayOutput}: what a library prints to
   * {@code System.err} in the CLI's process, line by line.
   */
  static final List<String> LOGGERS = List.of("com.google.cloud.tools.jib", "org.apache.http", "com.google.api.client",
      "harbor-jib.stray-output");

  private static final InheritableThreadLocal<PushListener> CURRENT = new InheritableThreadLocal<>();
  private static final List<PushListener> ACTIVE = new ArrayList<>();
  private static final List<Logger> INSTALLED = new ArrayList<>();
  private static final Handler HANDLER = new Handler() {
    private final SimpleFormatter text = new SimpleFormatter();

    @Override
    public void publish(LogRecord record) {
      PushListener listener = CURRENT.get();
      if (listener == null) {
        synchronized (ACTIVE) {
          listener = ACTIVE.size() == 1 ? ACTIVE.get(0) : null;
        }
      }
      if (listener != null) {
        listener.onEvent(event(record, text.formatMessage(record)));
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  private final PushListener listener;
  private final PushListener previous;

  private LibraryLogs(PushListener listener) {
    this.listener = listener;
    this.previous = CURRENT.get();
  }

  /** Routes the libraries' records to {@code listener} until {@link #close()}. */
  static LibraryLogs route(PushListener listener) {
    LibraryLogs logs = new LibraryLogs(listener);
    CURRENT.set(listener);
    synchronized (ACTIVE) {
      if (ACTIVE.isEmpty()) {
        for (String name : LOGGERS) {
          Logger logger = Logger.getLogger(name);
          logger.addHandler(HANDLER);
          logger.setUseParentHandlers(false);
          INSTALLED.add(logger); // held strongly, or the configuration could be collected with the logger
        }
      }
      ACTIVE.add(listener);
    }
    return logs;
  }

  /** The event for one record: its logger, its message, and the class and message of what it carried. */
  static PushEvent event(LogRecord record, String message) {
    StringBuilder text = new StringBuilder();
    if (record.getLoggerName() != null) {
      text.append(record.getLoggerName()).append(": ");
    }
    text.append(message == null ? "" : message.strip());
    if (record.getThrown() != null) {
      text.append(" (").append(record.getThrown().getClass().getName());
      if (record.getThrown().getMessage() != null) {
        text.append(": ").append(record.getThrown().getMessage());
      }
      text.append(')');
    }
    return record.getLevel().intValue() >= Level.WARNING.intValue()
        ? new PushEvent.Warning(text.toString())
        : new PushEvent.Debug(text.toString());
  }

  @Override
  public void close() {
    synchronized (ACTIVE) {
      ACTIVE.remove(listener);
      if (ACTIVE.isEmpty()) {
        for (Logger logger : INSTALLED) {
          logger.removeHandler(HANDLER);
          logger.setUseParentHandlers(true);
        }
        INSTALLED.clear();
      }
    }
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }
}
