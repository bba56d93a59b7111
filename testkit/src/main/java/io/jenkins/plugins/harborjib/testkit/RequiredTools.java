package io.jenkins.plugins.harborjib.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What the test kit needs from the machine. A missing tool fails the test when the environment variable
 * {@code CI} is {@code true} (CI must install it) and skips it elsewhere, with the same message either way.
 * Call these per test (from {@code beforeEach} or the test itself): a skip from {@code @BeforeAll} shows no
 * reason in surefire's report.
 */
public final class RequiredTools {
  static final String INSTALL_HINT =
      "apt-get install -y --no-install-recommends docker-registry skopeo (see .ci/run)";

  private RequiredTools() {}

  /** Requires Debian's {@code docker-registry} (CNCF distribution) on the PATH. */
  public static void requireDockerRegistry() {
    require(isOnPath("docker-registry"), "docker-registry is not installed: " + INSTALL_HINT);
  }

  /** Requires {@code skopeo} on the PATH. */
  public static void requireSkopeo() {
    require(isOnPath("skopeo"), "skopeo is not installed: " + INSTALL_HINT);
  }

  /** Requires root and {@code unshare}, which the chroot {@link ImageRunner} uses. */
  public static void requireRootForChroot() {
    require(isRoot(), "ImageRunner runs images with unshare and chroot, which need root: run the tests as root"
        + " (CI does)");
    require(isOnPath("unshare"), "unshare is not installed: apt-get install -y util-linux");
  }

  /** Whether an executable of that name is on the PATH. */
  public static boolean isOnPath(String tool) {
    return find(tool).isPresent();
  }

  /** The executable of that name on the PATH, if any. */
  public static Optional<Path> find(String tool) {
    String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, tool);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** Whether this JVM runs as root. */
  public static boolean isRoot() {
    try {
      // /proc/self belongs to the process's effective user.
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  /** Whether the environment says this is a CI run ({@code CI=true}). */
  public static boolean isCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Fails under CI, skips elsewhere, when {@code condition} does not hold. */
  static void require(boolean condition, String message) {
    require(condition, message, isCi());
  }

  static void require(boolean condition, String message, boolean ci) {
    if (condition) {
      return;
    }
    if (ci) {
      Assertions.fail(message);
    }
    Assumptions.abort(message);
  }

  /** The executable on the PATH, or an exception saying how to install it (for code outside a test). */
  static Path executable(String tool) {
    return find(tool).orElseThrow(() -> new IllegalStateException(tool + " is not installed: " + INSTALL_HINT));
  }
}
