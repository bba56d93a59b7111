package io.jenkins.plugins.harborjib.bridge.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.harborjib.bridge.PushOutcome;
import io.jenkins.plugins.harborjib.protocol.Verbosity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The build-log lines for the engine's JSON output: one readable line per event, filtered by verbosity, and a short
 * summary of the outcome. Works on the JSON lines themselves (the documented wire format), so an event type added to a
 * newer engine is shown in verbose mode instead of breaking the reader.
 *
 * <pre>
 * [harbor-jib] checking the registries
 * [harbor-jib] layer 3/4 classes 1.2 kB uploaded
 * [harbor-jib] WARNING: ...
 * [harbor-jib] pushed harbor.example.com/app/demo@sha256:... (tags 42, latest; 61.2 MB, 1.2 kB uploaded) in 3.4 s
 * </pre>
 */
public final class EventFormatter {
  /** What every line starts with. */
  public static final String PREFIX = "[harbor-jib] ";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Verbosity verbosity;

  public EventFormatter(Verbosity verbosity) {
    this.verbosity = Objects.requireNonNull(verbosity, "verbosity");
  }

  /**
   * The log line for one output line of the engine; empty when this verbosity hides it, or for the final result or
   * error line (see {@link #summary}). A line that is not JSON is shown as it is, in verbose mode.
   */
  public Optional<String> format(String jsonLine) {
    JsonNode n;
    try {
      n = MAPPER.readTree(jsonLine);
    } catch (JsonProcessingException e) {
      n = null;
    }
    if (n == null || !n.isObject()) {
      return verbose() ? Optional.of(PREFIX + "(engine) " + jsonLine) : Optional.empty();
    }
    return format(n);
  }

  /** {@link #format(String)} for a parsed line. */
  public Optional<String> format(JsonNode n) {
    String type = n.path("type").asText("");
    return switch (type) {
      case "phase-started" -> normal(n.path("description").asText(phase(n)));
      case "phase-finished" -> verbose(phase(n) + " done in " + duration(n.path("durationMillis").asLong()));
      case "layer-progress", "upload-progress" -> verbose("uploading " + shortDigest(n.path("digest").asText())
          + " " + size(n.path("bytesSent").asLong()) + " of " + size(n.path("size").asLong()));
      case "layer-done" -> normal(layer(n));
      case "retry" -> normal("retrying " + n.path("action").asText("a request") + " (attempt "
          + n.path("attempt").asInt() + "): " + n.path("reason").asText(""));
      case "warning" -> Optional.of(line("WARNING: " + n.path("message").asText("")));
      case "info" -> normal(n.path("message").asText(""));
      case "debug" -> verbose("debug: " + n.path("message").asText(""));
      case "result", "error" -> Optional.empty();
      default -> verbose("(" + type + ") " + n);
    };
  }

  /** Whether {@code jsonLine} is the last line of the engine's output: a result or an error. */
  public static boolean isFinal(String jsonLine) {
    try {
      String type = MAPPER.readTree(jsonLine).path("type").asText("");
      return type.equals("result") || type.equals("error");
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  /** The lines that end a push in the log, shown at every verbosity. */
  public List<String> summary(PushOutcome outcome, String harborUrlFallback) {
    List<String> lines = new ArrayList<>();
    if (outcome.imagePushed()) {
      lines.add(PREFIX + "pushed " + outcome.reference() + " (tags " + String.join(", ", outcome.tags()) + "; "
          + size(outcome.sizeBytes()) + ", " + size(outcome.bytesUploaded()) + " uploaded) in "
          + duration(outcome.durationMillis()));
      String link = outcome.harborUrl(harborUrlFallback);
      if (!link.isEmpty()) {
        lines.add(PREFIX + "Harbor: " + link);
      }
      outcome.harbor().ifPresent(h -> {
        if (h.scanOutcome().isPresent()) {
          lines.add(PREFIX + "vulnerability scan: " + h.scanOutcome().get() + counts(h.scanCounts())
              + (h.scanSummary().isEmpty() ? "" : " - " + h.scanSummary()));
        }
        h.notes().forEach(note -> lines.add(PREFIX + "Harbor note: " + note));
      });
      if (outcome.status() == PushOutcome.Status.FAILED) {
        lines.add(PREFIX + "ERROR: " + outcome.message());
      }
    } else {
      lines.add(PREFIX + "ERROR (" + outcome.kind() + outcome.field().map(f -> ", " + f).orElse("") + "): "
          + outcome.message());
    }
    return lines;
  }

  private String layer(JsonNode n) {
    JsonNode l = n.path("layer");
    String status = l.path("status").asText("").toLowerCase(Locale.ROOT);
    return "layer " + n.path("index").asInt() + "/" + n.path("count").asInt() + " " + l.path("name").asText("")
        + " " + size(l.path("size").asLong()) + " " + (status.equals("present") ? "already there" : status)
        + (verbose() ? " " + shortDigest(l.path("digest").asText()) + " " + l.path("platform").asText("") : "");
  }

  private static String counts(Map<String, Long> counts) {
    if (counts.isEmpty()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((severity, n) -> parts.add(n + " " + severity));
    return " (" + String.join(", ", parts) + ")";
  }

  private Optional<String> normal(String text) {
    return verbosity == Verbosity.QUIET ? Optional.empty() : Optional.of(line(text));
  }

  private Optional<String> verbose(String text) {
    return verbose() ? Optional.of(line(text)) : Optional.empty();
  }

  /** The prefix on every line, continuation lines (a stack trace in a debug event) indented. */
  private static String line(String text) {
    return PREFIX + text.strip().replaceAll("\\R", "\n" + PREFIX + "    ");
  }

  private boolean verbose() {
    return verbosity == Verbosity.VERBOSE;
  }

  private static String phase(JsonNode n) {
    return n.path("phase").asText("?").toLowerCase(Locale.ROOT);
  }

  private static String shortDigest(String digest) {
    return digest.startsWith("sha256:") && digest.length() > 19 ? digest.substring(0, 19) : digest;
  }

  /** {@code 512 B}, {@code 1.2 kB}, {@code 61.2 MB}, {@code 1.1 GB} (powers of 1000, as registries show sizes). */
  public static String size(long bytes) {
    if (bytes < 1000) {
      return bytes + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  /** {@code 850 ms}, {@code 3.4 s}, {@code 2 min 5 s}. */
  public static String duration(long millis) {
    if (millis < 1000) {
      return millis + " ms";
    }
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    return (millis / 60_000) + " min " + (millis % 60_000) / 1000 + " s";
  }
}
