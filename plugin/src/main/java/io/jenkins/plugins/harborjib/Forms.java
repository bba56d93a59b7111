package io.jenkins.plugins.harborjib;

import hudson.util.FormValidation;
import io.jenkins.plugins.harborjib.bridge.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/** Turns the bridge's checks into form validation. */
final class Forms {
  private Forms() {}

  static FormValidation error(Optional<String> problem) {
    return problem.map(FormValidation::error).orElseGet(FormValidation::ok);
  }

  /** Checks every line of a text area, naming each as {@code name[i]}. */
  static FormValidation eachLine(String text, String name, BiFunction<String, String, Optional<String>> check) {
    List<String> lines = Values.splitLines(text);
    List<FormValidation> problems = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      check.apply(name + "[" + i + "]", lines.get(i)).ifPresent(m -> problems.add(FormValidation.error(m)));
    }
    return problems.isEmpty() ? FormValidation.ok() : FormValidation.aggregate(problems);
  }

  /** A number typed into a form; anything else is 0, which the checks report as out of range. */
  static int integer(String value) {
    try {
      return Integer.parseInt(Values.trim(value));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
