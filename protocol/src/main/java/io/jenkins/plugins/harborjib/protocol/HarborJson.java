package io.jenkins.plugins.harborjib.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.harborjib.engine.HarborReport;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.ScanReport;
import io.jenkins.plugins.harborjib.engine.harbor.GateOutcome;
import io.jenkins.plugins.harborjib.engine.harbor.Severity;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Harbor parts of the protocol: values of the request's {@code harbor} object and the result's. */
final class HarborJson {
  private HarborJson() {}

  /** An {@code https://} (or, for a test Harbor, {@code http://}) URL without a path. */
  static URI url(String field, String text) throws PushException {
    try {
      URI uri = new URI(text.strip());
      if (uri.getScheme() == null || uri.getHost() == null
          || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
        throw new URISyntaxException(text, "not an http(s) URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw PushException.invalid(field, field + " '" + text + "' is not Harbor's address: write it as"
          + " https://harbor.example.com");
    }
  }

  /** A gate threshold: critical, high, medium or low. */
  static Severity threshold(String field, String text) throws PushException {
    try {
      return Severity.threshold(text);
    } catch (IllegalArgumentException e) {
      throw PushException.invalid(field, field + " '" + text + "' is not one of critical, high, medium, low");
    }
  }

  static void write(ObjectNode n, HarborReport h) {
    n.put("serverUrl", h.serverUrl());
    h.version().ifPresent(v -> n.put("version", v));
    n.put("artifactUrl", h.artifactUrl());
    n.put("projectCreated", h.projectCreated());
    ArrayNode labels = n.putArray("labels");
    h.labels().forEach(labels::add);
    ArrayNode notes = n.putArray("notes");
    h.notes().forEach(notes::add);
    h.scan().ifPresent(s -> {
      ObjectNode o = n.putObject("scan");
      o.put("outcome", s.outcome().name());
      o.put("summary", s.summary());
      ObjectNode counts = o.putObject("counts");
      s.counts().forEach(counts::put);
      ArrayNode worst = o.putArray("worstFixable");
      s.worstFixable().forEach(worst::add);
      ArrayNode allowed = o.putArray("allowListed");
      s.allowListed().forEach(allowed::add);
      o.put("scanFinished", s.scanFinished());
      o.put("waitedMillis", s.waited().toMillis());
    });
  }

  static Optional<HarborReport> read(JsonNode n) {
    if (n == null || !n.isObject()) {
      return Optional.empty();
    }
    Optional<ScanReport> scan = Optional.empty();
    JsonNode s = n.get("scan");
    if (s != null && s.isObject()) {
      Map<String, Integer> counts = new LinkedHashMap<>();
      s.path("counts").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asInt()));
      GateOutcome outcome;
      try {
        outcome = GateOutcome.valueOf(s.path("outcome").asText());
      } catch (IllegalArgumentException e) {
        outcome = GateOutcome.FAIL;
      }
      scan = Optional.of(new ScanReport(outcome, s.path("summary").asText(), counts, strings(s.path("worstFixable")),
          strings(s.path("allowListed")), s.path("scanFinished").asBoolean(),
          Duration.ofMillis(s.path("waitedMillis").asLong())));
    }
    return Optional.of(new HarborReport(n.path("serverUrl").asText(),
        n.hasNonNull("version") ? Optional.of(n.get("version").asText()) : Optional.empty(),
        n.path("artifactUrl").asText(), n.path("projectCreated").asBoolean(), strings(n.path("labels")), scan,
        strings(n.path("notes"))));
  }

  private static List<String> strings(JsonNode array) {
    List<String> list = new ArrayList<>();
    array.forEach(e -> list.add(e.asText()));
    return list;
  }
}
