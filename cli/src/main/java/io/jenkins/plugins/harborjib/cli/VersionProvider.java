package io.jenkins.plugins.harborjib.cli;

import io.jenkins.plugins.harborjib.protocol.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code harbor-jib --version}: this release and the JSON protocol version it speaks. */
final class VersionProvider implements IVersionProvider {

  /** This release, from the build; "unknown" when run from classes without Maven's resource filtering. */
  static String version() {
    Properties p = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // fall through to "unknown"
    }
    String v = p.getProperty("version", "unknown");
    return v.startsWith("${") ? "unknown" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"harbor-jib " + version() + " (JSON protocol " + Protocol.VERSION + ", Java "
        + System.getProperty("java.version") + ")"};
  }
}
