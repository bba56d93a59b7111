package io.jenkins.plugins.harborjib.engine.harbor;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One Harbor REST call: method, path, accepted statuses, how to read the answer, how to word its failure. Implementations
 * are immutable; {@link HarborClient#send} runs them.
 *
 * @param <T> what the call returns
 */
interface HarborCall<T> {

  /** The HTTP method. */
  String method();

  /** The path below {@code /api/v2.0}, already encoded, with its query string; starts with {@code /}. */
  String path();

  /** The Accept header: what the API description says the call produces. */
  default String accept() {
    return "application/json";
  }

  /** Request headers besides Authorization, Accept, User-Agent and X-Request-Id. */
  default Map<String, String> headers() {
    return Map.of();
  }

  /** A value to send as the JSON body. */
  default Optional<Object> body() {
    return Optional.empty();
  }

  /** The statuses {@link #handleResponse} reads; any other goes to {@link #handleError}. */
  default Set<Integer> acceptedStatuses() {
    return Set.of(200);
  }

  /** Reads an answer whose status is accepted. */
  T handleResponse(HarborResponse response, HarborFailures failures) throws HarborException;

  /**
   * Reads an answer whose status is not accepted: returns a value where the status has a meaning for this call (e.g.
   * 404 for "no such project"), otherwise throws {@code failures.forStatus(response)}.
   */
  default T handleError(HarborResponse response, HarborFailures failures) throws HarborException {
    throw failures.forStatus(response);
  }

  /** What the call does, for messages: "read project 'app'". */
  String actionDescription();
}
