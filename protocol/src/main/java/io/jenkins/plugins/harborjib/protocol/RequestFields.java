package io.jenkins.plugins.harborjib.protocol;

import java.util.Map;

/**
 * Names every field an error can point at by its path in the JSON request ({@code target.tags},
 * {@code container.jvmFlags}, {@code tls.caPem}), whether the CLI's reader or the engine found the problem. The
 * engine names fields by their {@link io.jenkins.plugins.harborjib.engine.PushRequest} getters ({@code tags},
 * {@code jvmFlags}, {@code caCertificate}); a reader of {@code "error"} lines sees one naming scheme.
 */
public final class RequestFields {
  private static final Map<String, String> ENGINE_TO_REQUEST = Map.ofEntries(
      Map.entry("registry", "target.registry"),
      Map.entry("project", "target.project"),
      Map.entry("repository", "target.repository"),
      Map.entry("tags", "target.tags"),
      Map.entry("tag", "target.tags"),
      Map.entry("baseImage", "baseImage.reference"),
      Map.entry("mainClass", "container.mainClass"),
      Map.entry("jvmFlags", "container.jvmFlags"),
      Map.entry("programArguments", "container.programArguments"),
      Map.entry("environment", "container.environment"),
      Map.entry("ports", "container.ports"),
      Map.entry("labels", "container.labels"),
      Map.entry("user", "container.user"),
      Map.entry("workingDirectory", "container.workingDirectory"),
      Map.entry("volumes", "container.volumes"),
      Map.entry("format", "container.format"),
      Map.entry("platforms", "container.platforms"),
      Map.entry("creationTime", "container.creationTime"),
      Map.entry("appRoot", "container.appRoot"),
      Map.entry("dependencyLayers", "container.dependencyLayers"),
      Map.entry("insecure", "tls.insecure"),
      Map.entry("caCertificate", "tls.caPem"),
      Map.entry("caCertificatesPem", "tls.caPem"),
      Map.entry("httpTimeout", "httpTimeoutMillis"));

  private RequestFields() {}

  /** The request path for a field named by the engine; names that already are request paths pass unchanged. */
  public static String path(String field) {
    return ENGINE_TO_REQUEST.getOrDefault(field, field);
  }
}
