package io.jenkins.plugins.harborjib.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.ImageTarget;
import io.jenkins.plugins.harborjib.engine.LayerReport;
import io.jenkins.plugins.harborjib.engine.LayerStatus;
import io.jenkins.plugins.harborjib.engine.Phase;
import io.jenkins.plugins.harborjib.engine.PhaseTiming;
import io.jenkins.plugins.harborjib.engine.PushEvent;
import io.jenkins.plugins.harborjib.engine.PushResult;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The output lines of the JSON protocol, both ways: {@link #write} gives the one-line JSON the CLI prints for a
 * {@link ProtocolLine}; {@link #read} turns such a line back into one (the Jenkins plugin's side). Shapes are
 * documented in {@code docs/cli-protocol.md}.
 *
 * <p>Reading is tolerant, the opposite of {@link RequestJson}: fields it does not know are ignored and a line of an
 * unknown type becomes {@link ProtocolLine.Unknown}, so a newer CLI may add events and fields without breaking an
 * older reader of the same protocol version.
 */
public final class LineJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Line types, the value of {@code "type"}. */
  public static final String PHASE_STARTED = "phase-started";
  public static final String PHASE_FINISHED = "phase-finished";
  public static final String UPLOAD_PROGRESS = "upload-progress";
  public static final String LAYER_DONE = "layer-done";
  public static final String RETRY = "retry";
  public static final String WARNING = "warning";
  public static final String INFO = "info";
  public static final String DEBUG = "debug";
  public static final String RESULT = "result";
  public static final String ERROR = "error";

  private LineJson() {}

  /** The line as compact JSON, without a line break. */
  public static String write(ProtocolLine line) {
    return text(MAPPER, toTree(line));
  }

  /** The line as indented JSON, for a result file people read. */
  public static String writePretty(ProtocolLine line) {
    return text(PRETTY, toTree(line)) + System.lineSeparator();
  }

  /**
   * Reads one output line.
   *
   * @throws IllegalArgumentException if it is not a JSON object with a {@code type}, or speaks another protocol
   *     version
   */
  public static ProtocolLine read(String line) {
    JsonNode node;
    try {
      node = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON protocol line: " + abbreviate(line), e);
    }
    if (node == null || !node.isObject() || !node.path("type").isTextual()) {
      throw new IllegalArgumentException("not a JSON protocol line (no \"type\"): " + abbreviate(line));
    }
    int version = node.path("protocolVersion").asInt(-1);
    if (version != Protocol.VERSION) {
      throw new IllegalArgumentException("the line speaks protocol version " + node.path("protocolVersion")
          + ", this reader version " + Protocol.VERSION + ": " + abbreviate(line));
    }
    String type = node.get("type").textValue();
    return switch (type) {
      case PHASE_STARTED -> event(new PushEvent.PhaseStarted(phase(node)));
      case PHASE_FINISHED -> event(new PushEvent.PhaseFinished(phase(node), millis(node, "durationMillis")));
      case UPLOAD_PROGRESS -> event(new PushEvent.UploadProgress(node.path("digest").asText(),
          node.path("bytesSent").asLong(), node.path("size").asLong()));
      case LAYER_DONE -> event(new PushEvent.LayerDone(node.path("index").asInt(), node.path("count").asInt(),
          layer(node.path("layer"))));
      case RETRY -> event(new PushEvent.Retry(node.path("action").asText(), node.path("attempt").asInt(),
          node.path("reason").asText()));
      case WARNING -> event(new PushEvent.Warning(node.path("message").asText()));
      case INFO -> event(new PushEvent.Info(node.path("message").asText()));
      case DEBUG -> event(new PushEvent.Debug(node.path("message").asText()));
      case RESULT -> new ProtocolLine.Result(result(node));
      case ERROR -> new ProtocolLine.Failure(errorKind(node.path("kind").asText()),
          node.path("field").isTextual() ? Optional.of(node.get("field").textValue()) : Optional.empty(),
          node.path("message").asText());
      default -> new ProtocolLine.Unknown(type, line);
    };
  }

  // Writing.

  private static ObjectNode toTree(ProtocolLine line) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("protocolVersion", Protocol.VERSION);
    if (line instanceof ProtocolLine.Event e) {
      event(n, e.event());
    } else if (line instanceof ProtocolLine.Result r) {
      result(n, r.result());
    } else if (line instanceof ProtocolLine.Failure f) {
      n.put("type", ERROR);
      n.put("kind", f.kind().name());
      n.put("exitCode", f.exitCode().code());
      f.field().ifPresent(field -> n.put("field", field));
      n.put("message", f.message());
    } else if (line instanceof ProtocolLine.Unknown u) {
      try {
        return (ObjectNode) MAPPER.readTree(u.json());
      } catch (JsonProcessingException | ClassCastException ex) {
        throw new IllegalArgumentException("not a JSON object: " + abbreviate(u.json()), ex);
      }
    }
    return n;
  }

  private static void event(ObjectNode n, PushEvent event) {
    if (event instanceof PushEvent.PhaseStarted e) {
      n.put("type", PHASE_STARTED);
      n.put("phase", e.phase().name());
      n.put("description", e.phase().description());
    } else if (event instanceof PushEvent.PhaseFinished e) {
      n.put("type", PHASE_FINISHED);
      n.put("phase", e.phase().name());
      n.put("durationMillis", e.duration().toMillis());
    } else if (event instanceof PushEvent.UploadProgress e) {
      n.put("type", UPLOAD_PROGRESS);
      n.put("digest", e.digest());
      n.put("bytesSent", e.bytesSent());
      n.put("size", e.size());
    } else if (event instanceof PushEvent.LayerDone e) {
      n.put("type", LAYER_DONE);
      n.put("index", e.index());
      n.put("count", e.count());
      layer(n.putObject("layer"), e.layer());
    } else if (event instanceof PushEvent.Retry e) {
      n.put("type", RETRY);
      n.put("action", e.action());
      n.put("attempt", e.attempt());
      n.put("reason", e.reason());
    } else if (event instanceof PushEvent.Warning e) {
      n.put("type", WARNING);
      n.put("message", e.message());
    } else if (event instanceof PushEvent.Info e) {
      n.put("type", INFO);
      n.put("message", e.message());
    } else if (event instanceof PushEvent.Debug e) {
      n.put("type", DEBUG);
      n.put("message", e.message());
    }
  }

  private static void result(ObjectNode n, PushResult r) {
    n.put("type", RESULT);
    n.put("reference", r.reference());
    n.put("digest", r.digest());
    n.put("imageId", r.imageId());
    n.put("registry", r.target().registry());
    n.put("project", r.target().project());
    n.put("repository", r.target().repository());
    ArrayNode tags = n.putArray("tags");
    r.tags().forEach(tags::add);
    ArrayNode tagged = n.putArray("taggedReferences");
    r.taggedReferences().forEach(tagged::add);
    ArrayNode layers = n.putArray("layers");
    r.layers().forEach(l -> layer(layers.addObject(), l));
    n.put("bytesUploaded", r.bytesUploaded());
    n.put("bytesPresent", r.bytesAlreadyPresent());
    ArrayNode timings = n.putArray("timings");
    long total = 0;
    for (PhaseTiming t : r.timings()) {
      ObjectNode o = timings.addObject();
      o.put("phase", t.phase().name());
      o.put("durationMillis", t.duration().toMillis());
      total += t.duration().toMillis();
    }
    n.put("durationMillis", total);
    r.harbor().ifPresent(h -> HarborJson.write(n.putObject("harbor"), h));
  }

  private static void layer(ObjectNode n, LayerReport l) {
    n.put("name", l.name());
    n.put("digest", l.digest());
    n.put("size", l.size());
    n.put("status", l.status().name());
    n.put("platform", l.platform());
  }

  // Reading.

  private static ProtocolLine event(PushEvent event) {
    return new ProtocolLine.Event(event);
  }

  private static PushResult result(JsonNode n) {
    ImageTarget target = new ImageTarget(n.path("registry").asText(), n.path("project").asText(),
        n.path("repository").asText(), strings(n.path("tags")));
    List<LayerReport> layers = new ArrayList<>();
    n.path("layers").forEach(l -> layers.add(layer(l)));
    List<PhaseTiming> timings = new ArrayList<>();
    n.path("timings").forEach(t -> timings.add(new PhaseTiming(phase(t), millis(t, "durationMillis"))));
    return new PushResult(target, n.path("digest").asText(), n.path("imageId").asText(), target.tags(), layers,
        timings, HarborJson.read(n.get("harbor")));
  }

  private static LayerReport layer(JsonNode n) {
    return new LayerReport(n.path("name").asText(), n.path("digest").asText(), n.path("size").asLong(),
        LayerStatus.valueOf(n.path("status").asText()), n.path("platform").asText());
  }

  private static Phase phase(JsonNode n) {
    return Phase.valueOf(n.path("phase").asText());
  }

  private static Duration millis(JsonNode n, String field) {
    return Duration.ofMillis(n.path(field).asLong());
  }

  private static ErrorKind errorKind(String name) {
    try {
      return ErrorKind.valueOf(name);
    } catch (IllegalArgumentException e) {
      return ErrorKind.INTERNAL;
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> list = new ArrayList<>();
    array.forEach(e -> list.add(e.asText()));
    return list;
  }

  private static String text(ObjectMapper mapper, JsonNode node) {
    try {
      return mapper.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String abbreviate(String line) {
    return line.length() <= 200 ? line : line.substring(0, 200) + "...";
  }
}
