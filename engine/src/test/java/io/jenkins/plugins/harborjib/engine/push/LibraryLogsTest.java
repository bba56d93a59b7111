package io.jenkins.plugins.harborjib.engine.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.engine.PushEvent;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The libraries' java.util.logging records become a push's events while it runs, and reach no console handler. */
class LibraryLogsTest {
  private final List<PushEvent> events = new CopyOnWriteArrayList<>();
  private final List<LogRecord> console = new CopyOnWriteArrayList<>();
  private final Handler rootHandler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      console.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void watchTheRootLogger() {
    Logger.getLogger("").addHandler(rootHandler);
  }

  @AfterEach
  void stopWatching() {
    Logger.getLogger("").removeHandler(rootHandler);
  }

  @Test
  void whileRoutedRecordsAreEventsAndAfterwardsTheyGoWhereTheyWent() throws Exception {
    Logger apache = Logger.getLogger("org.apache.http.impl.execchain.RetryExec");
    try (LibraryLogs logs = LibraryLogs.route(events::add)) {
      apache.log(Level.INFO, "I/O exception ({0}) caught when processing request to {1}",
          new Object[] {"java.net.SocketException", "{}->http://127.0.0.1:5000"});
      Thread other = new Thread(() -> Logger.getLogger("com.google.cloud.tools.jib.filesystem.XdgDirectories")
          .log(Level.WARNING, "cannot read", new IOException("denied")));
      other.start();
      other.join();
    }
    apache.info("after the push");

    assertThat(events).containsExactly(
        new PushEvent.Debug("org.apache.http.impl.execchain.RetryExec: I/O exception (java.net.SocketException)"
            + " caught when processing request to {}->http://127.0.0.1:5000"),
        new PushEvent.Warning("com.google.cloud.tools.jib.filesystem.XdgDirectories: cannot read"
            + " (java.io.IOException: denied)"));
    assertThat(console).extracting(LogRecord::getMessage).containsExactly("after the push");
    for (String name : LibraryLogs.LOGGERS) {
      assertThat(Logger.getLogger(name).getUseParentHandlers()).isTrue();
      assertThat(Logger.getLogger(name).getHandlers()).isEmpty();
    }
  }

  @Test
  void theLevelsStaySoTheHttpHeaderLogsStayOff() {
    try (LibraryLogs logs = LibraryLogs.route(events::add)) {
      Logger.getLogger("org.apache.http.headers").fine(">> Authorization: Basic c2VjcmV0");
    }
    assertThat(events).isEmpty();
  }
}
