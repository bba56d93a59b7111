package io.jenkins.plugins.harborjib.testkit.harbor;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Harbor's API description, {@code harbor-v2.15.2-swagger.yaml}, found at {@code ../shared/harbor/} from the project
 * root (by walking up from the working directory), and a validator built from it once per JVM. A user's clone has no
 * {@code ../shared}: then {@link #find()} is empty and tests that need the file skip (see {@link #require()}).
 */
public final class HarborSwagger {
  /** The file's name. */
  public static final String FILE_NAME = "harbor-v2.15.2-swagger.yaml";
  /** A system property naming the file, for runs where it lives elsewhere. */
  public static final String PROPERTY = "harborjib.harborSwagger";

  private static volatile OpenApiInteractionValidator validator;

  private HarborSwagger() {}

  /** The swagger file: the system property's path, else {@code shared/harbor/FILE} in the nearest folder above. */
  public static Optional<Path> find() {
    String configured = System.getProperty(PROPERTY);
    if (configured != null && !configured.isBlank()) {
      Path p = Path.of(configured);
      return Files.isRegularFile(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("harbor").resolve(FILE_NAME);
      if (Files.isRegularFile(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Skips the calling test, with the reason, when the swagger file is absent. */
  public static Path require() {
    Optional<Path> file = find();
    Assumptions.assumeTrue(file.isPresent(), "Harbor's API description " + FILE_NAME + " is not found in"
        + " ../shared/harbor/ above " + Path.of("").toAbsolutePath() + " (a clone outside the project's workplace"
        + " has none; set -D" + PROPERTY + "=FILE to point at one): requests are not checked against Harbor's API.");
    return file.get();
  }

  /** The validator, loaded on first use (about 3 s); empty when the file is absent. */
  static Optional<OpenApiInteractionValidator> validator() {
    if (validator == null) {
      synchronized (HarborSwagger.class) {
        Optional<Path> file = find();
        if (validator == null && file.isPresent()) {
          validator = OpenApiInteractionValidator.createForSpecificationUrl(file.get().toUri().toString()).build();
        }
      }
    }
    return Optional.ofNullable(validator);
  }

  /** What is wrong with a request, as the validator says; empty when it follows the description. */
  static List<String> checkRequest(String method, String rawPath, Map<String, List<String>> query,
      Map<String, List<String>> headers, byte[] body) {
    Optional<OpenApiInteractionValidator> v = validator();
    if (v.isEmpty()) {
      return List.of();
    }
    SimpleRequest.Builder b = new SimpleRequest.Builder(Request.Method.valueOf(method), rawPath);
    query.forEach((k, values) -> b.withQueryParam(k, values));
    headers.forEach((k, values) -> b.withHeader(k, values));
    if (body != null && body.length > 0) {
      b.withBody(body);
    }
    return messages(v.get().validateRequest(b.build()));
  }

  /** What is wrong with the stand-in's answer to a request. */
  static List<String> checkResponse(String method, String rawPath, int status, Map<String, List<String>> headers,
      byte[] body) {
    Optional<OpenApiInteractionValidator> v = validator();
    if (v.isEmpty()) {
      return List.of();
    }
    SimpleResponse.Builder b = SimpleResponse.Builder.status(status);
    headers.forEach((k, values) -> b.withHeader(k, values));
    if (body != null && body.length > 0) {
      b.withBody(body);
    }
    List<String> messages = messages(v.get().validateResponse(rawPath, Request.Method.valueOf(method), b.build()));
    if (rawPath.endsWith("/additions/vulnerabilities")) {
      // Described as a string, answered (Content-Type application/json) as a JSON object by Harbor's handler.
      messages.removeIf(m -> m.startsWith("validation.response.body.schema.type") && m.contains("(object)"));
    }
    if (status >= 400) {
      // Harbor answers every error with its {"errors": [...]} body, also where the description declares none, and
      // its handlers answer some errors the description does not list (403 from GET /projects/{name}, 409 and 412
      // from a scan): the stand-in follows the handlers there.
      messages.removeIf(m -> m.startsWith("validation.response.body.unexpected")
          || m.startsWith("validation.response.status.unknown"));
    }
    return messages;
  }

  private static List<String> messages(ValidationReport report) {
    List<String> out = new ArrayList<>();
    for (ValidationReport.Message m : report.getMessages()) {
      if (m.getLevel() == ValidationReport.Level.ERROR) {
        out.add(m.getKey() + ": " + m.getMessage());
      }
    }
    return out;
  }
}
