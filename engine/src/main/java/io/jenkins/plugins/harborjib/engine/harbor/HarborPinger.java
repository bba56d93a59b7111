package io.jenkins.plugins.harborjib.engine.harbor;

import io.jenkins.plugins.harborjib.engine.ErrorKind;

/** {@code GET /ping}: is Harbor's API server up? Needs no credentials; answers {@code Pong}. */
final class HarborPinger implements HarborCall<String> {

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public String accept() {
    return "text/plain";
  }

  @Override
  public String path() {
    return "/ping";
  }

  @Override
  public String handleResponse(HarborResponse response, HarborFailures failures) {
    return response.bodyText().trim();
  }

  @Override
  public String handleError(HarborResponse response, HarborFailures failures) throws HarborException {
    if (response.status() == 404) {
      throw failures.of(ErrorKind.REGISTRY, response, "The server at " + failures.server() + " answers, but has no"
          + " Harbor API (GET /api/v2.0/ping gave HTTP 404). Check the server URL; if this is a plain registry, not"
          + " Harbor, switch the Harbor checks off.");
    }
    throw failures.forStatus(response);
  }

  @Override
  public String actionDescription() {
    return "answer a ping";
  }
}
