package io.jenkins.plugins.harborjib.engine.harbor;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** An answer from Harbor's API: status, headers and the whole body (Harbor's answers are small). */
record HarborResponse(int status, HttpHeaders headers, byte[] body, String requestId) {

  Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The {@code message}s of Harbor's {@code {"errors":[{"code","message"}]}}, or the start of the body. */
  String errorText() {
    if (body.length == 0) {
      return "";
    }
    try {
      HarborJson.Errors errors = HarborJson.MAPPER.readValue(body, HarborJson.Errors.class);
      if (errors.errors() != null && !errors.errors().isEmpty()) {
        return String.join("; ", errors.errors().stream()
            .map(e -> (e.code() == null ? "" : e.code() + ": ") + (e.message() == null ? "" : e.message()))
            .toList());
      }
    } catch (IOException e) {
      // not Harbor's error shape: fall through to the text
    }
    String text = bodyText().strip().replaceAll("\\s+", " ");
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  /** The body as JSON of {@code type}. */
  <T> T json(Class<T> type, HarborFailures failures) throws HarborException {
    try {
      T value = HarborJson.MAPPER.readValue(body, type);
      if (value == null) {
        throw new IOException("empty body");
      }
      return value;
    } catch (IOException e) {
      throw failures.unreadable(this, e);
    }
  }

  /** The body as a JSON list of {@code type}. */
  <T> List<T> jsonList(TypeReference<List<T>> type, HarborFailures failures) throws HarborException {
    try {
      List<T> list = HarborJson.MAPPER.readValue(body, type);
      return list == null ? List.of() : list;
    } catch (IOException e) {
      throw failures.unreadable(this, e);
    }
  }
}
