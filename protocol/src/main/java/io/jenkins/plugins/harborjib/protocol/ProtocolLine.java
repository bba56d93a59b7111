package io.jenkins.plugins.harborjib.protocol;

import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.PushEvent;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.PushResult;
import java.util.Objects;
import java.util.Optional;

/**
 * One line the CLI writes to standard output in the JSON protocol: any number of {@link Event}s, then exactly one
 * {@link Result} or {@link Failure}. {@link LineJson} writes and reads them.
 */
public sealed interface ProtocolLine {

  /** Progress: a {@link PushEvent} from the engine, or a warning or note from the CLI itself. */
  record Event(PushEvent event) implements ProtocolLine {
    public Event {
      Objects.requireNonNull(event, "event");
    }
  }

  /** The push succeeded: the last line. */
  record Result(PushResult result) implements ProtocolLine {
    public Result {
      Objects.requireNonNull(result, "result");
    }
  }

  /**
   * The push did not happen or did not finish: the last line. The process exits with {@link #exitCode()}.
   *
   * @param kind what went wrong
   * @param field the request field at fault (e.g. {@code target.tags[1]}), for {@link ErrorKind#INVALID_INPUT}
   * @param message what happened and what to do, for a person; never holds a secret
   */
  record Failure(ErrorKind kind, Optional<String> field, String message) implements ProtocolLine {
    public Failure {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(message, "message");
    }

    /** The failure an engine exception reports, its field named as in the JSON request. */
    public static Failure of(PushException e) {
      return new Failure(e.kind(), e.field().map(RequestFields::path), e.getMessage());
    }

    public ExitCode exitCode() {
      return ExitCode.of(kind);
    }
  }

  /**
   * A line of a type this reader does not know, from a newer CLI of the same protocol version; readers skip it.
   *
   * @param type its {@code type}
   * @param json the whole line
   */
  record Unknown(String type, String json) implements ProtocolLine {
    public Unknown {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(json, "json");
    }
  }
}
