package io.jenkins.plugins.harborjib.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.harborjib.testkit.Skopeo.ImageConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs an image from a test registry without a container engine: pulls it with skopeo, applies its layers to a
 * root folder, and runs its entrypoint and cmd there with {@code unshare --mount --pid --fork} and a change of
 * root (with its own {@code /proc}), in the image's working directory, as the image's user, with exactly the
 * image's environment plus the variables the test adds. The network is this machine's, so a server the image
 * starts on {@code 127.0.0.1:PORT} is reachable from the test. Needs root: otherwise the test is skipped, or
 * failed under {@code CI=true}.
 *
 * <pre>{@code
 * try (ImageRunner app = ImageRunner.pull(registry, "apps/hello:1").env("PORT", "" + port).start()) {
 *   assertThat(app.awaitHttp(port, "/hello", Duration.ofSeconds(30))).contains("hello");
 * }
 * }</pre>
 *
 * <p>{@link #close()} kills every process it started and deletes the root folder.
 */
public final class ImageRunner implements AutoCloseable {
  private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private final Path directory;
  private final Path rootfs;
  private final ImageConfig config;
  private final Map<String, String> extraEnv = new LinkedHashMap<>();
  private final Runnable atExit;
  private List<String> entrypoint;
  private List<String> cmd;
  private String user;
  private volatile Process process;
  private final StringBuffer stdout = new StringBuffer();
  private final StringBuffer stderr = new StringBuffer();
  private final List<Thread> readers = new ArrayList<>();

  private ImageRunner(Path directory, Path rootfs, ImageConfig config) {
    this.directory = directory;
    this.rootfs = rootfs;
    this.config = config;
    this.atExit = Cleanup.atExit(() -> {
      Cleanup.killTree(process);
      Cleanup.deleteRecursively(directory);
    });
    this.entrypoint = config.entrypoint();
    this.cmd = config.cmd();
    this.user = config.user();
  }

  /** Pulls {@code image} ({@code repository:tag} or {@code repository@digest}) from the registry and unpacks it. */
  public static ImageRunner pull(TestRegistry registry, String image) {
    return pull(Skopeo.of(registry), image);
  }

  /** Pulls {@code image} with this skopeo (its registry, credentials and trust) and unpacks it. */
  public static ImageRunner pull(Skopeo skopeo, String image) {
    RequiredTools.requireRootForChroot();
    Path directory;
    try {
      directory = Files.createTempDirectory("harbor-jib-image-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Runnable atExit = Cleanup.atExit(() -> Cleanup.deleteRecursively(directory));
    try {
      Path layout = skopeo.copyToDir(image, directory.resolve("layout"));
      JsonNode manifest = Skopeo.readJson(Files.readString(layout.resolve("manifest.json")), image);
      ImageConfig config = Skopeo.parseConfig(Skopeo.readJson(Files.readString(blob(layout,
          manifest.path("config").path("digest").asText())), image));
      Path rootfs = Files.createDirectory(directory.resolve("rootfs"));
      LayerUnpacker unpacker = new LayerUnpacker(rootfs);
      for (JsonNode layer : manifest.path("layers")) {
        unpacker.apply(blob(layout, layer.path("digest").asText()));
      }
      Cleanup.deleteRecursively(layout);
      prepareSystemFolders(rootfs);
      ImageRunner runner = new ImageRunner(directory, rootfs, config);
      Cleanup.cancel(atExit);
      return runner;
    } catch (IOException | RuntimeException e) {
      Cleanup.deleteRecursively(directory);
      Cleanup.cancel(atExit);
      if (e instanceof IOException io) {
        throw new UncheckedIOException("Cannot unpack " + image + ": " + e.getMessage(), io);
      }
      throw (RuntimeException) e;
    }
  }

  private static Path blob(Path layout, String digest) throws IOException {
    String hex = digest.substring(digest.indexOf(':') + 1);
    Path file = layout.resolve(hex);
    if (!hex.matches("[0-9a-f]{64}") || !Files.isRegularFile(file)) {
      throw new IOException("skopeo's dir: layout has no blob " + digest);
    }
    return file;
  }

  /** {@code /proc} to mount on, {@code /tmp}, and the four devices a JVM may open. */
  private static void prepareSystemFolders(Path rootfs) throws IOException {
    for (String dir : List.of("proc", "dev", "tmp")) {
      Path p = LayerUnpacker.resolveInRoot(rootfs, "/" + dir);
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(p);
        Files.setAttribute(p, "unix:mode", dir.equals("tmp") ? 01777 : 0755);
      }
    }
    Path dev = LayerUnpacker.resolveInRoot(rootfs, "/dev");
    String[][] devices = {{"null", "3"}, {"zero", "5"}, {"random", "8"}, {"urandom", "9"}};
    for (String[] d : devices) {
      Path node = dev.resolve(d[0]);
      if (!Files.exists(node, LinkOption.NOFOLLOW_LINKS)) {
        run(List.of("mknod", "-m", "666", node.toString(), "c", "1", d[1]));
      }
    }
  }

  // ---- configuration -------------------------------------------------------------------------------------------

  /** Adds (or overrides) an environment variable of the process. */
  public ImageRunner env(String name, String value) {
    extraEnv.put(name, value);
    return this;
  }

  /** Replaces the image's entrypoint, and drops its cmd (as {@code docker run --entrypoint} does). */
  public ImageRunner entrypoint(String... command) {
    this.entrypoint = List.of(command);
    this.cmd = List.of();
    return this;
  }

  /** Replaces the image's cmd (the arguments after the entrypoint). */
  public ImageRunner cmd(String... args) {
    this.cmd = List.of(args);
    return this;
  }

  /** Runs as this user ({@code name}, {@code uid}, {@code uid:gid} or {@code name:group}) instead of the image's. */
  public ImageRunner user(String user) {
    this.user = user;
    return this;
  }

  // ---- what was pulled ----------------------------------------------------------------------------------------

  /** The image's root folder on this machine. */
  public Path rootfs() {
    return rootfs;
  }

  /** The image's configuration, as pulled. */
  public ImageConfig config() {
    return config;
  }

  /** The path under {@link #rootfs()} of an absolute path in the image, following the image's symbolic links. */
  public Path pathInImage(String absolute) {
    try {
      return LayerUnpacker.resolveInRoot(rootfs, absolute);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The environment the process gets: the image's, then the test's additions. */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>(config.envMap());
    env.putAll(extraEnv);
    return env;
  }

  /** The command the process runs: entrypoint then cmd, the executable resolved through the image's PATH. */
  public List<String> command() {
    List<String> command = new ArrayList<>(entrypoint);
    command.addAll(cmd);
    if (command.isEmpty()) {
      throw new IllegalStateException("The image has neither entrypoint nor cmd: give one with entrypoint(...)");
    }
    command.set(0, resolveExecutable(command.get(0)));
    return command;
  }

  // ---- running -------------------------------------------------------------------------------------------------

  /** Starts the process; returns this. */
  public synchronized ImageRunner start() {
    RequiredTools.requireRootForChroot();
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("The image is already running");
    }
    List<String> command = new ArrayList<>(List.of(RequiredTools.executable("unshare").toString(), "--mount",
        "--pid", "--fork", "--kill-child", "--root=" + rootfs, "--mount-proc=/proc", "--wd=" + workingDir()));
    uidAndGid().ifPresent(ids -> {
      command.add("--setgid=" + ids[1]);
      command.add("--setuid=" + ids[0]);
    });
    command.add("--");
    command.addAll(command());
    ProcessBuilder pb = new ProcessBuilder(command).directory(rootfs.toFile());
    pb.environment().clear();
    pb.environment().putAll(environment());
    stdout.setLength(0);
    stderr.setLength(0);
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + command, e);
    }
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // Nothing to close.
    }
    readers.clear();
    readers.add(copier(process.getInputStream(), stdout, "stdout"));
    readers.add(copier(process.getErrorStream(), stderr, "stderr"));
    return this;
  }

  /** Starts the process and waits for it to exit; the result holds its exit code and output. */
  public Result run(Duration timeout) {
    start();
    int exit = awaitExit(timeout);
    return new Result(exit, stdout(), stderr());
  }

  /** Waits for the process to exit and returns its exit code; fails with its output after {@code timeout}. */
  public int awaitExit(Duration timeout) {
    Process p = running();
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("The image's process did not exit within " + timeout + describeOutput());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
    joinReaders();
    return p.exitValue();
  }

  /**
   * Polls {@code http://127.0.0.1:PORT/PATH} until it answers 2xx and returns the body; fails with the process's
   * output if the process exits first or nothing answers within {@code timeout}.
   */
  public String awaitHttp(int port, String path, Duration timeout) {
    Process p = running();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2)).build();
    URI uri = URI.create("http://127.0.0.1:" + port + (path.startsWith("/") ? path : "/" + path));
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
            .GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() / 100 == 2) {
          return response.body();
        }
        last = "status " + response.statusCode();
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted", e);
      }
      if (!p.isAlive()) {
        joinReaders();
        throw new IllegalStateException("The image's process exited with code " + p.exitValue() + " before " + uri
            + " answered" + describeOutput());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted", e);
      }
    }
    throw new IllegalStateException(uri + " did not answer 2xx within " + timeout + " (last: " + last + ")"
        + describeOutput());
  }

  /** Whether the process runs. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** What the process printed on its standard output so far. */
  public String stdout() {
    return stdout.toString();
  }

  /** What the process printed on its standard error so far. */
  public String stderr() {
    return stderr.toString();
  }

  /** Kills the process and everything it started, then deletes the root folder. */
  @Override
  public synchronized void close() {
    Cleanup.killTree(process);
    joinReaders();
    if (mountedUnder(rootfs)) {
      throw new IllegalStateException("Something is still mounted under " + rootfs + ": not deleting it");
    }
    Cleanup.deleteRecursively(directory);
    Cleanup.cancel(atExit);
  }

  @Override
  public String toString() {
    return "ImageRunner{" + rootfs + (isRunning() ? ", running" : "") + "}";
  }

  /** The exit code and output of a finished run. */
  public record Result(int exitCode, String stdout, String stderr) {}

  // ---- internals -----------------------------------------------------------------------------------------------

  private synchronized Process running() {
    if (process == null) {
      throw new IllegalStateException("The image is not started");
    }
    return process;
  }

  private String workingDir() {
    String dir = config.workingDir().isEmpty() ? "/" : config.workingDir();
    Path inRoot = pathInImage(dir);
    if (!Files.isDirectory(inRoot)) {
      try {
        Files.createDirectories(inRoot); // as a container runtime does
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return dir;
  }

  private String resolveExecutable(String name) {
    if (name.contains("/")) {
      return name;
    }
    String path = environment().getOrDefault("PATH", DEFAULT_PATH);
    for (String dir : path.split(":")) {
      if (dir.startsWith("/")) {
        Path candidate = pathInImage(dir + "/" + name);
        if (Files.isRegularFile(candidate, LinkOption.NOFOLLOW_LINKS) && Files.isExecutable(candidate)) {
          return dir + "/" + name;
        }
      }
    }
    throw new IllegalStateException(name + " is not on the image's PATH (" + path + ")");
  }

  /** uid and gid for unshare, or empty to stay root. */
  private Optional<String[]> uidAndGid() {
    if (user == null || user.isEmpty()) {
      return Optional.empty();
    }
    String[] parts = user.split(":", 2);
    String[] passwd = lookup("/etc/passwd", parts[0]);
    String uid = parts[0].matches("\\d+") ? parts[0] : passwd != null ? passwd[2] : null;
    if (uid == null) {
      throw new IllegalStateException("The image's user " + parts[0] + " is not in its /etc/passwd");
    }
    String gid;
    if (parts.length == 2) {
      String[] group = lookup("/etc/group", parts[1]);
      gid = parts[1].matches("\\d+") ? parts[1] : group != null ? group[2] : null;
      if (gid == null) {
        throw new IllegalStateException("The image's group " + parts[1] + " is not in its /etc/group");
      }
    } else {
      gid = passwd != null ? passwd[3] : "0";
    }
    if (uid.equals("0") && gid.equals("0")) {
      return Optional.empty();
    }
    return Optional.of(new String[] {uid, gid});
  }

  /** The fields of the line in an /etc file whose first field or id (third) is {@code key}. */
  private String[] lookup(String file, String key) {
    Path p = pathInImage(file);
    if (!Files.isRegularFile(p)) {
      return null;
    }
    try {
      for (String line : Files.readAllLines(p)) {
        String[] fields = line.split(":", -1);
        if (fields.length >= 4 && (fields[0].equals(key) || fields[2].equals(key))) {
          return fields;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return null;
  }

  private static Thread copier(InputStream in, StringBuffer into, String name) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          into.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        // The process ended.
      }
    }, "image-" + name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void joinReaders() {
    for (Thread t : readers) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private String describeOutput() {
    return "\n--- stdout ---\n" + tail(stdout()) + "\n--- stderr ---\n" + tail(stderr());
  }

  private static String tail(String text) {
    return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
  }

  private static boolean mountedUnder(Path dir) {
    try {
      String prefix = dir.toAbsolutePath().toString();
      return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
          .map(l -> l.split(" "))
          .anyMatch(f -> f.length > 4 && (f[4].equals(prefix) || f[4].startsWith(prefix + "/")));
    } catch (IOException e) {
      return false;
    }
  }

  private static void run(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (p.waitFor() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted", e);
    }
  }
}
