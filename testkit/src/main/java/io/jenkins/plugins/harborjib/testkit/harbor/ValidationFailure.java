package io.jenkins.plugins.harborjib.testkit.harbor;

/**
 * A request to the stand-in's {@code /api/v2.0}, or the stand-in's answer to it, that does not follow Harbor's API
 * description (harbor-v2.15.2-swagger.yaml).
 *
 * @param kind {@code request} (the client's fault) or {@code response} (the stand-in's)
 * @param method the request's method
 * @param path the request's raw path
 * @param message what the validator said
 */
public record ValidationFailure(String kind, String method, String path, String message) {
  @Override
  public String toString() {
    return kind + " " + method + " " + path + ": " + message;
  }
}
