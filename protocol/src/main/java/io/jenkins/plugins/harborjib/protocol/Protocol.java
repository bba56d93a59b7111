package io.jenkins.plugins.harborjib.protocol;

import java.util.List;

/**
 * Constants of the JSON protocol between a program (the Jenkins plugin) and {@code harbor-jib push --protocol
 * json}: one request object on standard input, JSON lines on standard output. Described in
 * {@code docs/cli-protocol.md}.
 */
public final class Protocol {
  /**
   * The protocol version this code speaks. A request must carry it as {@code protocolVersion}; every output line
   * carries it too. Raised on any change a reader of the other side could not ignore.
   */
  public static final int VERSION = 1;

  /** The arguments that start program mode: {@code java -jar harbor-jib-cli-<version>-all.jar push --protocol json}. */
  public static List<String> arguments() {
    return List.of("push", "--protocol", "json");
  }

  /** The engine's maximum heap ({@code -Xmx}) unless the program starting it says otherwise. */
  public static final String DEFAULT_MAX_HEAP = "512m";

  private Protocol() {}
}
