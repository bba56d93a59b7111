package io.jenkins.plugins.harborjib.testkit;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.FilePermissionsProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A small Java 17 runtime base image, built with jib-core from scratch and pushed to a {@link TestRegistry}: a
 * jlinked runtime at {@code /opt/java}, the host's shared libraries it needs (at the same paths), {@code /tmp}
 * (mode 1777), and {@code /etc/passwd} and {@code /etc/group} with {@code root} and {@code nobody} (65534).
 * Env {@code PATH=/opt/java/bin:/usr/local/bin:/usr/bin:/bin} and {@code JAVA_HOME=/opt/java}; no entrypoint.
 *
 * <p>The runtime folder is built once per JDK version and kept under {@code target/} (or {@code java.io.tmpdir}
 * when there is no {@code target/}); a push takes a second or two after that.
 *
 * <pre>{@code
 * PushedImage base = BaseImageFixture.pushJre17(registry);   // base/jre17:17
 * }</pre>
 */
public final class BaseImageFixture {
  /** Where the runtime is taken from. */
  public static final Path JDK = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
  /** The default repository and tag. */
  public static final String DEFAULT_IMAGE = "base/jre17:17";
  /** The jlinked modules. */
  public static final List<String> MODULES = List.of("java.base", "java.logging", "java.naming", "java.net.http",
      "java.management", "java.sql", "java.xml", "java.instrument", "jdk.httpserver", "jdk.unsupported",
      "jdk.crypto.ec");
  /** The image's {@code PATH}. */
  public static final String PATH = "/opt/java/bin:/usr/local/bin:/usr/bin:/bin";

  private static final Pattern LDD_PATH = Pattern.compile("(/\\S+) \\(0x[0-9a-f]+\\)");
  private static final Object PUSH_LOCK = new Object();
  private static final String SEND_CREDENTIALS_OVER_HTTP = "sendCredentialsOverHttp";

  private BaseImageFixture() {}

  /** Pushes the runtime image to {@code base/jre17:17} in {@code registry}. */
  public static PushedImage pushJre17(TestRegistry registry) {
    return push(registry, DEFAULT_IMAGE);
  }

  /**
   * Pushes the runtime image to {@code repositoryAndTag} (e.g. {@code base/jre17:17}) in {@code registry}, with its
   * credentials if it has any. Jib may reach an HTTPS test registry only with insecure connections allowed (its
   * CA is not in the JVM's trust store), and a plain-HTTP one with credentials only with
   * {@code -DsendCredentialsOverHttp=true}, which this sets for the duration of the push.
   */
  public static PushedImage push(TestRegistry registry, String repositoryAndTag) {
    return push(registry.reference(repositoryAndTag), registry.hasCredentials() ? registry.username() : null,
        registry.hasCredentials() ? registry.password() : null, registry.isHttps());
  }

  /**
   * Pushes the runtime image to {@code reference} (e.g. {@code 127.0.0.1:41234/base/jre17:17}) of any registry, such
   * as the Harbor stand-in's, as {@code username} (null for anonymous). See {@link #push(TestRegistry, String)}.
   */
  public static PushedImage push(String reference, String username, String password, boolean https) {
    Path root = runtimeRoot();
    Path cache = cacheBase();
    boolean hasCredentials = username != null;
    try {
      RegistryImage target = RegistryImage.named(reference);
      if (hasCredentials) {
        target.addCredential(username, password);
      }
      Map<String, String> env = new LinkedHashMap<>();
      env.put("PATH", PATH);
      env.put("JAVA_HOME", "/opt/java");
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put("org.opencontainers.image.description", "harbor-jib test base image: a jlinked Java runtime");
      var builder = Jib.fromScratch()
          .setFileEntriesLayers(List.of(osLayer(root), jreLayer(root)))
          .setEnvironment(env)
          .setLabels(labels);
      Containerizer containerizer = Containerizer.to(target)
          .setAllowInsecureRegistries(true)
          .setBaseImageLayersCache(cache.resolve("jib-base-image-layers"))
          .setApplicationLayersCache(cache.resolve("jib-application-layers"))
          .setToolName("harbor-jib-testkit");
      JibContainer container;
      synchronized (PUSH_LOCK) {
        String previous = System.getProperty(SEND_CREDENTIALS_OVER_HTTP);
        boolean override = !https && hasCredentials;
        if (override) {
          System.setProperty(SEND_CREDENTIALS_OVER_HTTP, "true");
        }
        try {
          container = builder.containerize(containerizer);
        } finally {
          if (override) {
            if (previous == null) {
              System.clearProperty(SEND_CREDENTIALS_OVER_HTTP);
            } else {
              System.setProperty(SEND_CREDENTIALS_OVER_HTTP, previous);
            }
          }
        }
      }
      return new PushedImage(reference, container.getDigest().toString());
    } catch (InvalidImageReferenceException | CacheDirectoryCreationException | RegistryException
        | ExecutionException | IOException e) {
      throw new IllegalStateException("Cannot push the base image to " + reference + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while pushing the base image to " + reference, e);
    }
  }

  /**
   * The root folder of the image, built on first use and then reused: {@code opt/java}, the shared libraries,
   * {@code etc/}, {@code tmp/}.
   */
  public static synchronized Path runtimeRoot() {
    String version = jdkVersion();
    String key = "jre-" + version.replaceAll("[^A-Za-z0-9._+-]", "_") + "-"
        + HexFormat.of().toHexDigits(String.join(",", MODULES).hashCode());
    Path done = cacheBase().resolve(key);
    if (Files.isDirectory(done)) {
      return done;
    }
    Path staging = null;
    try {
      Files.createDirectories(done.getParent());
      staging = Files.createTempDirectory(done.getParent(), key + ".building-");
      build(staging);
      try {
        Files.move(staging, done, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        // Another JVM finished first (or the filesystem cannot tell): keep theirs.
        if (!Files.isDirectory(done)) {
          throw e;
        }
      } catch (IOException e) {
        if (!Files.isDirectory(done)) {
          throw e;
        }
      }
      return done;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot build the base image runtime in " + done, e);
    } finally {
      if (staging != null) {
        Cleanup.deleteRecursively(staging);
      }
    }
  }

  // ---- building the root folder --------------------------------------------------------------------------------

  private static void build(Path root) throws IOException {
    Path javaHome = root.resolve("opt/java");
    Files.createDirectories(javaHome.getParent());
    List<String> jlink = new ArrayList<>(List.of(jdk().resolve("bin/jlink").toString(), "--add-modules",
        String.join(",", MODULES), "--strip-debug", "--no-header-files", "--no-man-pages", "--compress=2",
        "--output", javaHome.toString()));
    String jlinkOutput = exec(jlink);
    if (!Files.isExecutable(javaHome.resolve("bin/java"))) {
      throw new IOException("jlink made no bin/java: " + jlinkOutput);
    }
    List<String> ldd = new ArrayList<>(List.of("ldd", javaHome.resolve("bin/java").toString(),
        javaHome.resolve("lib/server/libjvm.so").toString()));
    try (Stream<Path> libs = Files.list(javaHome.resolve("lib"))) {
      libs.filter(p -> p.getFileName().toString().endsWith(".so")).sorted().forEach(p -> ldd.add(p.toString()));
    }
    TreeSet<String> libraries = new TreeSet<>();
    Matcher m = LDD_PATH.matcher(exec(ldd));
    while (m.find()) {
      if (!Path.of(m.group(1)).startsWith(root)) {
        libraries.add(m.group(1));
      }
    }
    if (libraries.stream().noneMatch(l -> l.endsWith("/libc.so.6"))) {
      throw new IOException("ldd found no libc for the runtime: " + libraries);
    }
    for (String library : libraries) {
      Path target = root.resolve(library.substring(1));
      Files.createDirectories(target.getParent());
      Files.copy(Path.of(library), target, StandardCopyOption.COPY_ATTRIBUTES); // follows links: real files
    }
    Path etc = Files.createDirectories(root.resolve("etc"));
    Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/sbin/nologin\n"
        + "nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n");
    Files.writeString(etc.resolve("group"), "root:x:0:\nnogroup:x:65534:\n");
    // Name lookups for localhost without DNS.
    Files.writeString(etc.resolve("hosts"), "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
    Files.writeString(etc.resolve("nsswitch.conf"), "passwd: files\ngroup: files\nhosts: files dns\n");
    try (Stream<Path> files = Files.list(etc)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
      }
    }
    Files.createDirectories(root.resolve("tmp"));
  }

  private static Path jdk() {
    Path jdk = Files.isDirectory(JDK.resolve("jmods")) ? JDK : Path.of(System.getProperty("java.home"));
    if (!Files.isDirectory(jdk.resolve("jmods")) || !Files.isExecutable(jdk.resolve("bin/jlink"))) {
      throw new IllegalStateException("No JDK with jmods and jlink at " + JDK + " or " + jdk
          + ": apt-get install -y openjdk-17-jdk-headless");
    }
    return jdk;
  }

  private static String jdkVersion() {
    Properties release = new Properties();
    try (var in = Files.newBufferedReader(jdk().resolve("release"), StandardCharsets.UTF_8)) {
      release.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return release.getProperty("JAVA_RUNTIME_VERSION", release.getProperty("JAVA_VERSION", "unknown"))
        .replace("\"", "");
  }

  /** {@code target/harbor-jib-testkit-cache} when the working directory has a {@code target/}, else tmpdir. */
  static Path cacheBase() {
    Path target = Path.of("target").toAbsolutePath();
    Path base = Files.isDirectory(target) ? target : Path.of(System.getProperty("java.io.tmpdir"));
    return base.resolve("harbor-jib-testkit-cache");
  }

  private static String exec(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      int exit = p.waitFor();
      // ldd exits 1 when one file is not dynamic; the paths it printed still count.
      if (exit != 0 && !command.get(0).equals("ldd")) {
        throw new IOException(String.join(" ", command) + " failed (exit code " + exit + "): " + output);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted: " + command.get(0), e);
    }
    return output;
  }

  // ---- layers --------------------------------------------------------------------------------------------------

  private static FileEntriesLayer jreLayer(Path root) throws IOException {
    return FileEntriesLayer.builder().setName("java runtime")
        .addEntryRecursive(root.resolve("opt/java"), AbsoluteUnixPath.get("/opt/java"), permissions())
        .build();
  }

  private static FileEntriesLayer osLayer(Path root) throws IOException {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("system files");
    try (Stream<Path> top = Files.list(root)) {
      for (Path child : (Iterable<Path>) top.sorted()::iterator) {
        String name = child.getFileName().toString();
        if (!name.equals("opt")) {
          layer.addEntryRecursive(child, AbsoluteUnixPath.get("/" + name), permissions());
        }
      }
    }
    return layer.build();
  }

  /** The source file's own mode, so executables stay executable; {@code /tmp} gets 1777. */
  private static FilePermissionsProvider permissions() {
    return (source, inContainer) -> {
      if (inContainer.toString().equals("/tmp")) {
        return stickyWorldWritable();
      }
      try {
        return FilePermissions.fromPosixFilePermissions(Files.getPosixFilePermissions(source));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  /** 1777: Jib's public factories stop at 777, but its layer writer keeps any bits the value holds. */
  private static FilePermissions stickyWorldWritable() {
    try {
      Constructor<FilePermissions> constructor = FilePermissions.class.getDeclaredConstructor(int.class);
      constructor.setAccessible(true);
      return constructor.newInstance(01777);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return FilePermissions.fromOctalString("777");
    }
  }

  /**
   * An image pushed to a test registry.
   *
   * @param reference {@code host/repository:tag}
   * @param digest the manifest digest Jib reported, {@code sha256:...}
   */
  public record PushedImage(String reference, String digest) {
    /** {@code host/repository@sha256:...}. */
    public String referenceByDigest() {
      int colon = reference.lastIndexOf(':');
      String withoutTag = colon > reference.indexOf('/') ? reference.substring(0, colon) : reference;
      return withoutTag + "@" + digest;
    }
  }
}
