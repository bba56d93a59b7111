package io.jenkins.plugins.harborjib.cli;

import io.jenkins.plugins.harborjib.protocol.ProtocolLine;
import io.jenkins.plugins.harborjib.engine.PushListener;
import io.jenkins.plugins.harborjib.engine.PushResult;
import java.util.Optional;

/** Shows a push to its audience: people ({@link HumanReporter}) or a program ({@link JsonReporter}). */
interface Reporter extends PushListener {

  /** The push succeeded. Only the first outcome (result or failure) is reported; nothing after it. */
  void result(PushResult result);

  /**
   * The push failed. Only the first outcome (result or failure) is reported; nothing after it.
   *
   * @param cause the exception behind it, whose stack trace verbose output shows
   */
  void failure(ProtocolLine.Failure failure, Optional<Throwable> cause);
}
