package io.jenkins.plugins.harborjib.testkit.harbor;

/**
 * One request the stand-in received.
 *
 * @param method e.g. {@code PATCH}
 * @param path the raw (still encoded) path, e.g. {@code /api/v2.0/projects/app/repositories/a%252Fb/artifacts/...}
 * @param query the raw query, or empty
 * @param status the status it answered
 * @param identity who the request authenticated as ({@code anonymous} when not, {@code token:NAME} for a registry
 *     bearer token's subject)
 * @param sentCookie whether the request carried a {@code Cookie} header (a client with a cookie jar sends back the
 *     session cookie Harbor sets, and then meets Harbor's CSRF check)
 */
public record LoggedRequest(String method, String path, String query, int status, String identity,
    boolean sentCookie) {

  /** Whether this was a blob upload: POST, PATCH or PUT under {@code /v2/.../blobs/uploads/}. */
  public boolean isBlobUpload() {
    return path.startsWith("/v2/") && path.contains("/blobs/uploads")
        && (method.equals("POST") || method.equals("PATCH") || method.equals("PUT"));
  }

  /** Whether this went to Harbor's REST API. */
  public boolean isApi() {
    return path.startsWith("/api/v2.0/");
  }

  @Override
  public String toString() {
    return method + " " + path + (query.isEmpty() ? "" : "?" + query) + " -> " + status + " (" + identity + ")";
  }
}
