package io.jenkins.plugins.harborjib;

import io.jenkins.plugins.harborjib.bridge.agent.EngineJarCache;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;

/**
 * The engine jar this plugin carries (the CLI's self-contained jar, copied in at build time as the resource
 * {@code io/jenkins/plugins/harborjib/harbor-jib-engine.jar}) and its SHA-256, the key of each agent's copy.
 */
final class EngineJar {
  static final String RESOURCE = "harbor-jib-engine.jar";

  private static volatile String sha256;

  private EngineJar() {}

  static URL url() throws IOException {
    URL url = EngineJar.class.getResource(RESOURCE);
    if (url == null) {
      throw new IOException(Messages.EngineJar_Missing(RESOURCE));
    }
    return url;
  }

  static InputStream open() throws IOException {
    return url().openStream();
  }

  /** The jar's SHA-256, computed once per controller start. */
  static String sha256() throws IOException {
    String h = sha256;
    if (h == null) {
      synchronized (EngineJar.class) {
        if (sha256 == null) {
          try (InputStream in = open()) {
            sha256 = EngineJarCache.sha256(in);
          }
        }
        h = sha256;
      }
    }
    return h;
  }
}
