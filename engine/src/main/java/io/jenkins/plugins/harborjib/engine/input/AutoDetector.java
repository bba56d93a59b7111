package io.jenkins.plugins.harborjib.engine.input;

import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.PushException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Picks the build output shape from a module's {@code target/} folder: one war, else one Spring Boot jar, else one
 * jar with {@code Main-Class} whose Class-Path jars exist, else {@code classes/} (with {@code dependency/}).
 */
final class AutoDetector {
  static final String FIELD = "buildOutput";
  private static final List<String> IGNORED_JAR_SUFFIXES =
      List.of("-sources.jar", "-javadoc.jar", "-tests.jar", "-test-sources.jar");
  private static final String FIX = "build the module first (mvn package), or name the build output shape"
      + " explicitly (classes folder, thin jar, Spring Boot jar or war)";

  /** The shape found and why, for the plan's description. */
  record Detection(BuildOutput output, String reason) {}

  private AutoDetector() {}

  static Detection detect(Path moduleDirectory) throws PushException {
    InputPaths.requireFolder(FIELD, moduleDirectory, "the Maven module folder (or its target/ folder)",
        "check the path of the module");
    Path target = Files.isDirectory(moduleDirectory.resolve("target")) ? moduleDirectory.resolve("target")
        : moduleDirectory;
    InputPaths.requireReadable(FIELD, target);
    List<Path> wars = new ArrayList<>();
    List<Path> jars = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    for (Path file : list(target)) {
      String name = file.getFileName().toString();
      String lower = name.toLowerCase(Locale.ROOT);
      if (!Files.isRegularFile(file)) {
        continue;
      }
      if (lower.endsWith(".war")) {
        wars.add(file);
      } else if (lower.endsWith(".jar")) {
        if (IGNORED_JAR_SUFFIXES.stream().anyMatch(lower::endsWith)) {
          ignored.add(name);
        } else {
          jars.add(file);
        }
      } else if (lower.endsWith(".original")) {
        ignored.add(name);
      }
    }

    if (wars.size() == 1) {
      return new Detection(new BuildOutput.War(wars.get(0), Optional.empty()),
          "the only war in " + target);
    }
    if (wars.size() > 1) {
      throw ambiguous(target, "wars", wars);
    }

    List<Path> bootJars = new ArrayList<>();
    List<Path> mainClassJars = new ArrayList<>();
    List<String> plainJars = new ArrayList<>();
    for (Path jar : jars) {
      InputPaths.requireReadable(FIELD, jar);
      ArchiveFacts facts = ArchiveFacts.read(FIELD, jar);
      if (facts.isSpringBootJar()) {
        bootJars.add(jar);
      } else if (facts.attribute("Main-Class").isPresent()) {
        mainClassJars.add(jar);
      } else {
        plainJars.add(jar.getFileName() + " (no Main-Class)");
      }
    }
    if (bootJars.size() == 1) {
      return new Detection(new BuildOutput.SpringBootJar(bootJars.get(0)),
          "the only Spring Boot jar in " + target + (mainClassJars.isEmpty() ? "" : " (Spring Boot jars come before"
              + " thin jars: " + names(mainClassJars) + " not used)"));
    }
    if (bootJars.size() > 1) {
      throw ambiguous(target, "Spring Boot jars", bootJars);
    }
    if (mainClassJars.size() > 1) {
      throw ambiguous(target, "jars with Main-Class", mainClassJars);
    }

    Path classes = target.resolve("classes");
    Path dependency = target.resolve("dependency");
    boolean hasClasses = Files.isDirectory(classes);
    Optional<Path> dependencies = Files.isDirectory(dependency) ? Optional.of(dependency) : Optional.empty();
    String missingClassPath = "";
    if (mainClassJars.size() == 1) {
      Path jar = mainClassJars.get(0);
      ArchiveFacts facts = ArchiveFacts.read(FIELD, jar);
      ClassPathEntries classPath = ClassPathEntries.resolve(FIELD, jar, facts.attribute("Class-Path"));
      if (classPath.missing().isEmpty()) {
        return new Detection(new BuildOutput.ThinJar(jar), "the only jar with Main-Class in " + target);
      }
      if (!hasClasses) {
        throw classPath.missingError(FIELD, jar);
      }
      missingClassPath = " (" + jar.getFileName() + " has Main-Class, but " + classPath.missing().size()
          + " of its Class-Path jars are missing, e.g. " + classPath.missingFiles().get(0) + ")";
    }
    if (hasClasses) {
      return new Detection(new BuildOutput.Exploded(classes, dependencies),
          classes + (dependencies.isPresent() ? " and " + dependency : "") + " in " + target + ", with no war,"
              + " Spring Boot jar or usable thin jar there" + missingClassPath);
    }

    List<String> found = new ArrayList<>(plainJars);
    for (String name : ignored) {
      found.add(name + " (ignored)");
    }
    throw PushException.invalid(FIELD, FIELD + ": found no build output in " + target + " (no war, no Spring Boot"
        + " jar, no jar with Main-Class, no classes/ folder" + (found.isEmpty() ? "; it holds none of those"
        : "; it holds " + String.join(", ", found)) + "); " + FIX);
  }

  private static List<Path> list(Path folder) throws PushException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.sorted().toList();
    } catch (IOException e) {
      throw PushException.invalid(FIELD, FIELD + ": " + folder + " cannot be listed (" + e.getMessage() + "); check"
          + " that this user may read it");
    }
  }

  private static PushException ambiguous(Path target, String what, List<Path> candidates) {
    return PushException.invalid(FIELD, FIELD + ": " + target + " holds " + candidates.size() + " " + what + " ("
        + names(candidates) + ") and harbor-jib cannot tell which to push; name the one to push explicitly, or"
        + " remove the others (e.g. with mvn clean package)");
  }

  private static String names(List<Path> files) {
    List<String> names = new ArrayList<>();
    for (Path f : files) {
      names.add(f.getFileName().toString());
    }
    return String.join(", ", names);
  }
}
