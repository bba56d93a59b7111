package io.jenkins.plugins.harborjib.cli;

import io.jenkins.plugins.harborjib.protocol.LineJson;
import io.jenkins.plugins.harborjib.protocol.ProtocolLine;
import io.jenkins.plugins.harborjib.protocol.Verbosity;
import io.jenkins.plugins.harborjib.engine.PushEvent;
import io.jenkins.plugins.harborjib.engine.PushResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Writes the JSON protocol's lines: one UTF-8 JSON object and a {@code \n} per line, flushed at once, and exactly
 * one final line (result or error); anything reported after it is dropped.
 */
final class JsonReporter implements Reporter {
  private final OutputStream out;
  private final Verbosity verbosity;
  private final Redactor redactor;
  private boolean finished;
  private boolean readerGone;

  JsonReporter(OutputStream out, Verbosity verbosity, Redactor redactor) {
    this.out = out;
    this.verbosity = verbosity;
    this.redactor = redactor;
  }

  @Override
  public synchronized void onEvent(PushEvent event) {
    if (!finished && verbosity.shows(event)) {
      emit(new ProtocolLine.Event(redactor.redact(event)));
    }
  }

  @Override
  public synchronized void result(PushResult result) {
    if (!finished) {
      finished = true;
      emit(new ProtocolLine.Result(result));
    }
  }

  @Override
  public synchronized void failure(ProtocolLine.Failure failure, Optional<Throwable> cause) {
    if (finished) {
      return;
    }
    if (verbosity == Verbosity.VERBOSE && cause.isPresent()) {
      StringWriter trace = new StringWriter();
      cause.get().printStackTrace(new PrintWriter(trace));
      emit(new ProtocolLine.Event(new PushEvent.Debug(redactor.redact(trace.toString()))));
    }
    finished = true;
    emit(redactor.redact(failure));
  }

  private void emit(ProtocolLine line) {
    if (readerGone) {
      return;
    }
    try {
      out.write((LineJson.write(line) + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      // The reading end of the pipe is closed: nobody is left to tell, and the engine must not trip over it.
      readerGone = true;
    }
  }
}
