package io.jenkins.plugins.harborjib.bridge;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** Settings that cannot make a push: every problem found, each naming its field, the value and the fix. */
public final class SettingsException extends Exception {
  private static final long serialVersionUID = 1L;

  /** One problem: the field at fault (e.g. {@code tags[1]}) and the whole message. */
  public record Problem(String field, String message) {
    public Problem {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(message, "message");
    }
  }

  private final transient List<Problem> problems;

  public SettingsException(List<Problem> problems) {
    super(problems.stream().map(Problem::message).collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
