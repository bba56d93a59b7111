package io.jenkins.plugins.harborjib.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * What something other than the CLI prints to {@code System.err} (or, in the JSON protocol, to {@code System.out}),
 * such as the Google HTTP client's {@code printStackTrace} of a response body that broke off: each line becomes a
 * record (stack frames left out) of the logger {@value #LOGGER}, which the engine turns into a debug event of the push running (its
 * {@code LibraryLogs}), instead of raw text beside the CLI's own lines. Outside a push the record goes nowhere
 * ({@link Main} removes the console handler).
 */
final class StrayOutput extends OutputStream {
  /** The name the engine's {@code LibraryLogs} routes, with the libraries' loggers. */
  static final String LOGGER = "harbor-jib.stray-output";

  private static final Pattern FRAME = Pattern.compile("^\\s+(at |\\.\\.\\. \\d+ more)");

  private final Logger logger = Logger.getLogger(LOGGER);
  private final Charset charset;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  StrayOutput(Charset charset) {
    this.charset = charset;
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      flushLine();
    } else {
      line.write(b);
    }
  }

  @Override
  public synchronized void flush() {
    // A line is passed on when it is complete; a partial one waits for its end (or close).
  }

  @Override
  public synchronized void close() {
    flushLine();
  }

  private void flushLine() {
    String text = line.toString(charset).stripTrailing();
    line.reset();
    // A stack trace printed by a library: its exception line says what happened, its frames only where.
    if (!text.isEmpty() && !FRAME.matcher(text).find()) {
      logger.log(Level.INFO, "{0}", text);
    }
  }
}
