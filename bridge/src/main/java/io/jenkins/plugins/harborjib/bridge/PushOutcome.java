package io.jenkins.plugins.harborjib.bridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.harborjib.protocol.ExitCode;
import io.jenkins.plugins.harborjib.protocol.Protocol;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How one push ended, read from the engine's last output line ({@code result} or {@code error}) and its exit status.
 * Crosses from the agent to the controller as {@link #toJson()}, a String, and is read back with {@link #parse}.
 */
public final class PushOutcome {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String PROCESS_EXIT_CODE = "processExitCode";

  /** What happened. */
  public enum Status {
    /** Pushed; the vulnerability gate (if any) passed or made the build unstable. */
    PUSHED,
    /** Pushed, but the vulnerability gate failed: the image is in Harbor and the build must fail. */
    GATE_FAILED,
    /** Not pushed, or not to the end. */
    FAILED
  }

  /**
   * What Harbor said about the pushed artifact; {@code notes} are the Harbor checks that were not allowed (each names
   * the permission that would allow it) and did not stop the push.
   */
  public record HarborInfo(String version, String artifactUrl, Optional<String> scanOutcome,
      Map<String, Long> scanCounts, String scanSummary, List<String> notes) {}

  private final ObjectNode line;
  private final int exitCode;

  private PushOutcome(ObjectNode line, int exitCode) {
    this.line = line;
    this.exitCode = exitCode;
  }

  /**
   * The outcome of an engine line that ended the output ({@code type} result or error) and the process's exit status.
   *
   * @throws IllegalArgumentException if {@code json} is not a JSON object
   */
  public static PushOutcome fromLine(String json, int exitCode) {
    return new PushOutcome(object(json), exitCode);
  }

  /** A failure found outside the engine (it did not start, died, or was stopped), shaped like the engine's errors. */
  public static PushOutcome failure(String kind, String message, int exitCode) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("protocolVersion", Protocol.VERSION);
    n.put("type", "error");
    n.put("kind", kind);
    n.put("exitCode", exitCode);
    n.put("message", message);
    return new PushOutcome(n, exitCode);
  }

  /** Reads {@link #toJson()} back. */
  public static PushOutcome parse(String json) {
    ObjectNode n = object(json);
    int exit = n.path(PROCESS_EXIT_CODE).asInt(n.path("exitCode").asInt(ExitCode.INTERNAL.code()));
    n.remove(PROCESS_EXIT_CODE);
    return new PushOutcome(n, exit);
  }

  /** The outcome as one JSON object: the engine's line plus the process's exit status. */
  public String toJson() {
    ObjectNode copy = line.deepCopy();
    copy.put(PROCESS_EXIT_CODE, exitCode);
    return copy.toString();
  }

  /**
   * Pushed (also when the gate says unstable: the engine then exits with its own code, and {@link #scanOutcome()}
   * tells), stopped by the gate, or failed.
   */
  public Status status() {
    if (!isResult()) {
      return Status.FAILED;
    }
    String gate = scanNode().path("outcome").asText("");
    if ("FAIL".equalsIgnoreCase(gate)) {
      return Status.GATE_FAILED;
    }
    return exitCode == ExitCode.OK.code() || "UNSTABLE".equalsIgnoreCase(gate) ? Status.PUSHED : Status.FAILED;
  }

  /** Whether the image reached the registry: pushed, or pushed and stopped by the gate. */
  public boolean imagePushed() {
    return isResult();
  }

  /** The engine process's exit status. */
  public int exitCode() {
    return exitCode;
  }

  // Success

  /** {@code registry/project/repository@sha256:...}: what a deployment should pull. */
  public String reference() {
    return text("reference");
  }

  public String digest() {
    return text("digest");
  }

  public String registry() {
    return text("registry");
  }

  public String project() {
    return text("project");
  }

  public String repository() {
    return text("repository");
  }

  /** {@code registry/project/repository}, without tag or digest. */
  public String image() {
    return registry() + "/" + project() + "/" + repository();
  }

  public List<String> tags() {
    List<String> tags = new ArrayList<>();
    line.path("tags").forEach(t -> tags.add(t.asText()));
    return List.copyOf(tags);
  }

  /** {@code registry/project/repository:tag} per tag. */
  public List<String> taggedReferences() {
    return tags().stream().map(t -> image() + ":" + t).toList();
  }

  /** Compressed size of the image's layers, each distinct layer counted once. */
  public long sizeBytes() {
    long total = 0;
    Set<String> seen = new HashSet<>();
    for (JsonNode l : line.path("layers")) {
      if (seen.add(l.path("digest").asText())) {
        total += l.path("size").asLong();
      }
    }
    return total;
  }

  public long bytesUploaded() {
    return line.path("bytesUploaded").asLong();
  }

  public long durationMillis() {
    return line.path("durationMillis").asLong();
  }

  /** What Harbor said, when the push went through Harbor's API. */
  public Optional<HarborInfo> harbor() {
    JsonNode h = line.path("harbor");
    if (!h.isObject()) {
      return Optional.empty();
    }
    JsonNode scan = h.path("scan");
    Map<String, Long> counts = new LinkedHashMap<>();
    scan.path("counts").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
    Optional<String> outcome = scan.path("outcome").isTextual()
        ? Optional.of(scan.get("outcome").asText()) : Optional.empty();
    List<String> notes = new ArrayList<>();
    h.path("notes").forEach(n -> notes.add(n.asText()));
    return Optional.of(new HarborInfo(h.path("version").asText(""), h.path("artifactUrl").asText(""), outcome,
        Collections.unmodifiableMap(counts), scan.path("summary").asText(""), List.copyOf(notes)));
  }

  /** The link to the artifact in Harbor's web UI, or {@code fallback} (the server URL) when Harbor gave none. */
  public String harborUrl(String fallback) {
    return harbor().map(HarborInfo::artifactUrl).filter(u -> !u.isEmpty()).orElse(fallback);
  }

  /** The gate's verdict ({@code PASS}, {@code UNSTABLE}, {@code FAIL}); empty without a gate. */
  public Optional<String> scanOutcome() {
    return harbor().flatMap(HarborInfo::scanOutcome);
  }

  // Failure

  /** The kind of failure ({@code INVALID_INPUT}, {@code NETWORK}, ...; see the CLI's exit codes). */
  public String kind() {
    return isResult() ? "" : line.path("kind").asText("INTERNAL");
  }

  /** The request field at fault, for bad input. */
  public Optional<String> field() {
    return line.path("field").isTextual() ? Optional.of(line.get("field").asText()) : Optional.empty();
  }

  /** What went wrong and what to do; never holds a secret. */
  public String message() {
    if (isResult()) {
      return status() == Status.GATE_FAILED
          ? "the vulnerability gate failed: " + scanNode().path("summary").asText("see Harbor's scan report")
          : exitCode == 0 ? "" : "the engine reported a result but exited with status " + exitCode;
    }
    return line.path("message").asText("");
  }

  /**
   * The value the Pipeline step returns: Strings and lists of Strings only, so a sandboxed script reads it with
   * plain property access ({@code image.digest}) and the program state stays small.
   */
  public Map<String, Object> toStepResult(String harborUrlFallback) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("digest", digest());
    m.put("reference", reference());
    m.put("image", image());
    m.put("tags", new ArrayList<>(tags()));
    m.put("taggedReferences", new ArrayList<>(taggedReferences()));
    m.put("harborUrl", harborUrl(harborUrlFallback));
    m.put("scanOutcome", scanOutcome().orElse(""));
    return m;
  }

  @Override
  public String toString() {
    return isResult() ? "PushOutcome{" + status() + " " + reference() + "}"
        : "PushOutcome{FAILED " + kind() + " exit " + exitCode + "}";
  }

  private boolean isResult() {
    return "result".equals(line.path("type").asText());
  }

  private JsonNode scanNode() {
    return line.path("harbor").path("scan");
  }

  private String text(String field) {
    return line.path(field).asText("");
  }

  private static ObjectNode object(String json) {
    try {
      JsonNode n = MAPPER.readTree(json);
      if (n instanceof ObjectNode o) {
        return o;
      }
    } catch (JsonProcessingException e) {
      // fall through
    }
    throw new IllegalArgumentException("not a JSON object: " + (json.length() > 200 ? json.substring(0, 200) + "..."
        : json));
  }
}
