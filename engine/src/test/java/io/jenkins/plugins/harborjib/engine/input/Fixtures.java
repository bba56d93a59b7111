package io.jenkins.plugins.harborjib.engine.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds synthetic build outputs: compiled classes, jars, wars and hostile zips. */
final class Fixtures {
  static final String MAIN = "com.example.app.Main";

  private Fixtures() {}

  private static final Map<Map<String, String>, Path> COMPILED = new java.util.concurrent.ConcurrentHashMap<>();

  /** Compiles {@code sources} (class name to source) into {@code out}; each set is compiled once per JVM. */
  static Path compile(Path out, Map<String, String> sources) {
    try {
      Path compiled = COMPILED.computeIfAbsent(Map.copyOf(sources), Fixtures::javac);
      try (Stream<Path> files = Files.walk(compiled)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          Path copy = out.resolve(compiled.relativize(f).toString());
          Files.createDirectories(copy.getParent());
          Files.copy(f, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path javac(Map<String, String> sources) {
    try {
      Path work = Files.createTempDirectory("harbor-jib-test-javac-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          Scratch.delete(work);
        } catch (IOException ignored) {
          // a temporary folder of the test JVM
        }
      }));
      Path src = work.resolve("src");
      Path out = work.resolve("classes");
      List<String> args = new ArrayList<>(List.of("--release", "17", "-d", out.toString()));
      for (Map.Entry<String, String> source : sources.entrySet()) {
        Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source.getValue());
        args.add(file.toString());
      }
      Files.createDirectories(out);
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int status = javac.run(null, null, err, args.toArray(String[]::new));
      assertThat(status).as("javac: %s", err.toString(StandardCharsets.UTF_8)).isZero();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A tiny application: {@code com.example.app.Main} (with main) and {@code Helper} (without). */
  static Map<String, String> appSources() {
    Map<String, String> sources = new LinkedHashMap<>();
    sources.put(MAIN, "package com.example.app;\n"
        + "public class Main { public static void main(String[] args) { System.out.println(Helper.greet()); } }\n");
    sources.put("com.example.app.Helper", "package com.example.app;\n"
        + "class Helper { static String greet() { return \"hello\"; } }\n");
    return sources;
  }

  static String otherMainSource() {
    return "package com.example.app;\n"
        + "public class Other { public static void main(String[] args) {} }\n";
  }

  /** A classes folder like target/classes: the tiny app plus app.properties and static/index.html. */
  static Path classesFolder(Path classes) throws IOException {
    compile(classes, appSources());
    Files.writeString(classes.resolve("app.properties"), "greeting=hello\n");
    Files.createDirectories(classes.resolve("static"));
    Files.writeString(classes.resolve("static/index.html"), "<p>hello</p>\n");
    return classes;
  }

  /** A jar holding a few bytes, named as a dependency. */
  static Path dependencyJar(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("lib/" + file.getFileName() + ".txt", file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
    return jar(file, manifest(), entries);
  }

  static Manifest manifest(String... keysAndValues) {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    for (int i = 0; i < keysAndValues.length; i += 2) {
      manifest.getMainAttributes().put(new Attributes.Name(keysAndValues[i]), keysAndValues[i + 1]);
    }
    return manifest;
  }

  /** A jar with the manifest first, then the entries in the given order; names ending in / are folders. */
  static Path jar(Path file, Manifest manifest, Map<String, byte[]> entries) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        jar.putNextEntry(new JarEntry(entry.getKey()));
        if (!entry.getKey().endsWith("/")) {
          jar.write(entry.getValue());
        }
        jar.closeEntry();
      }
    }
    return file;
  }

  /** A plain zip with entries exactly as named, hostile names included. */
  static Path zip(Path file, Map<String, byte[]> entries) throws IOException {
    Files.createDirectories(file.getParent());
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(entry.getKey()));
        zip.write(entry.getValue());
        zip.closeEntry();
      }
    }
    return file;
  }

  /** Every file below {@code folder} as a jar entry (sorted), after a manifest. */
  static Map<String, byte[]> entriesOf(Path folder, String prefix) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        entries.put(prefix + FolderScanner.relative(folder, f), Files.readAllBytes(f));
      }
    }
    return entries;
  }

  /**
   * A zip written through the JDK's zip file system, which records Unix modes: {@code modes} maps entry names to
   * modes such as {@code rwxr-xr-x}.
   */
  static Path zipWithModes(Path file, Map<String, String> modes, boolean zip64) throws IOException {
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(file);
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("create", "true");
    env.put("enablePosixFileAttributes", "true");
    if (zip64) {
      env.put("forceZIP64End", "true");
    }
    try (FileSystem fs = FileSystems.newFileSystem(file, env)) {
      for (Map.Entry<String, String> entry : modes.entrySet()) {
        Path path = fs.getPath(entry.getKey());
        if (path.getParent() != null) {
          Files.createDirectories(path.getParent());
        }
        Files.writeString(path, entry.getKey());
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(entry.getValue()));
      }
    }
    return file;
  }

  /** The name of the folder an archive is unpacked into: the key of its listing. */
  static String unpackedKey(Path archive) throws IOException {
    try {
      return Unpacked.key(archive, SafeUnzip.list("archive", archive, new java.util.ArrayList<>()));
    } catch (io.jenkins.plugins.harborjib.engine.PushException e) {
      throw new IOException(e);
    }
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The names of everything below a folder, for "nothing was left behind" checks. */
  static List<String> contentsOf(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(p -> !p.equals(folder)).map(p -> folder.relativize(p).toString()).sorted().toList();
    }
  }
}
