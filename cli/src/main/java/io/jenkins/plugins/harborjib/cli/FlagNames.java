package io.jenkins.plugins.harborjib.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code push} flag behind each request field, so an error the engine reports against {@code target.tags[1]}
 * tells a person to fix {@code --tag}. Field names are the JSON request's ({@code docs/cli-protocol.md}).
 */
final class FlagNames {
  private static final Map<String, String> FLAGS = new LinkedHashMap<>();

  static {
    FLAGS.put("target.registry", "--registry");
    FLAGS.put("target.project", "--project");
    FLAGS.put("target.repository", "--repository");
    FLAGS.put("target.tags", "--tag");
    FLAGS.put("target", "--registry/--project/--repository");
    FLAGS.put("credentials.username", "--username");
    FLAGS.put("credentials.password", "--password-stdin/--password-file");
    FLAGS.put("credentials", "--username");
    FLAGS.put("baseImage.credentials.username", "--from-username");
    FLAGS.put("baseImage.credentials.password", "--from-password-stdin/--from-password-file");
    FLAGS.put("baseImage.credentials", "--from-username");
    FLAGS.put("baseImage.reference", "--from");
    FLAGS.put("baseImage", "--from");
    FLAGS.put("buildOutput.directory", "--build-output");
    FLAGS.put("buildOutput.classes", "--exploded");
    FLAGS.put("buildOutput.dependencies", "--dependencies");
    FLAGS.put("buildOutput.jar", "--thin-jar/--spring-boot-jar");
    FLAGS.put("buildOutput.war", "--war");
    FLAGS.put("buildOutput.appRoot", "--war-app-root");
    FLAGS.put("buildOutput", "--build-output");
    FLAGS.put("harbor.url", "--harbor-url");
    FLAGS.put("harbor.labels", "--harbor-label");
    FLAGS.put("harbor.scan.threshold", "--scan-gate");
    FLAGS.put("harbor.scan.timeout", "--scan-timeout");
    FLAGS.put("harbor.scan.allowList", "--scan-allow");
    FLAGS.put("harbor", "--harbor/--no-harbor");
    FLAGS.put("container.mainClass", "--main-class");
    FLAGS.put("container.jvmFlags", "--jvm-flag");
    FLAGS.put("container.programArguments", "--arg");
    FLAGS.put("container.environment", "--env");
    FLAGS.put("container.ports", "--port");
    FLAGS.put("container.labels", "--label");
    FLAGS.put("container.user", "--user");
    FLAGS.put("container.workingDirectory", "--workdir");
    FLAGS.put("container.volumes", "--volume");
    FLAGS.put("container.format", "--format");
    FLAGS.put("container.platforms", "--platform");
    FLAGS.put("container.creationTime", "--creation-time");
    FLAGS.put("container.appRoot", "--app-root");
    FLAGS.put("container.dependencyLayers", "--dependency-layers");
    FLAGS.put("metadata.source", "--source-url");
    FLAGS.put("metadata.revision", "--revision");
    FLAGS.put("metadata.version", "--app-version");
    FLAGS.put("metadata.created", "--created");
    FLAGS.put("tls.caPem", "--ca-file");
    FLAGS.put("tls.caFile", "--ca-file");
    FLAGS.put("tls.insecure", "--insecure");
    FLAGS.put("tls", "--ca-file");
    FLAGS.put("cacheDirectory", "--cache-dir");
    FLAGS.put("httpTimeoutMillis", "--http-timeout");
  }

  private FlagNames() {}

  /**
   * The flag for a request field such as {@code target.tags[1]} or {@code container.environment.JAVA_HOME}; a
   * field that already is a flag ({@code --tag}) is returned as it is.
   */
  static Optional<String> flagFor(String field) {
    if (field.startsWith("--")) {
      return Optional.of(field);
    }
    for (String f = field; !f.isEmpty(); f = parent(f)) {
      String flag = FLAGS.get(f);
      if (flag != null) {
        return Optional.of(flag);
      }
    }
    return Optional.empty();
  }

  private static String parent(String field) {
    int cut = Math.max(field.lastIndexOf('.'), field.lastIndexOf('['));
    return cut < 0 ? "" : field.substring(0, cut);
  }
}
