package io.jenkins.plugins.harborjib.cli.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.harborjib.protocol.ProtocolLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How a bad-input run ended, read the way its caller would: the last protocol line in program mode; the
 * {@code --result-file} (same shape) and standard error for people; standard error alone when the argument parser
 * refused the command line before any result file was set up.
 *
 * @param exitCode the process's (or in-process run's) exit code
 * @param kind e.g. INVALID_INPUT; empty when only standard error said something
 * @param field the field the error names, if any
 * @param message the error's message (or standard error)
 * @param humanText everything written for people (standard error and output), empty in program mode
 */
record BadInputOutcome(int exitCode, Optional<String> kind, Optional<String> field, String message, String humanText) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static BadInputOutcome read(List<String> args, int exitCode, String protocolOut, String stdout, String stderr,
      Path resultFile) {
    boolean program = String.join(" ", args).contains("--protocol json");
    if (program) {
      List<String> lines = protocolOut.lines().filter(l -> !l.isBlank()).toList();
      if (lines.isEmpty()) {
        return new BadInputOutcome(exitCode, Optional.empty(), Optional.empty(), stderr, "");
      }
      ProtocolLine last = io.jenkins.plugins.harborjib.protocol.LineJson.read(lines.get(lines.size() - 1));
      if (last instanceof ProtocolLine.Failure f) {
        return new BadInputOutcome(exitCode, Optional.of(f.kind().name()), f.field(), f.message(), "");
      }
      return new BadInputOutcome(exitCode, Optional.empty(), Optional.empty(), "not a failure: " + last, "");
    }
    String human = stderr + "\n" + stdout;
    if (Files.isRegularFile(resultFile)) {
      try {
        JsonNode r = JSON.readTree(Files.readString(resultFile));
        return new BadInputOutcome(exitCode, Optional.ofNullable(r.path("kind").textValue()),
            Optional.ofNullable(r.path("field").textValue()), r.path("message").asText(), human);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new BadInputOutcome(exitCode, Optional.empty(), Optional.empty(), stderr.strip(), human);
  }
}
