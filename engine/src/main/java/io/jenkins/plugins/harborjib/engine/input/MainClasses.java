package io.jenkins.plugins.harborjib.engine.input;

import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.MainClassFinder;
import io.jenkins.plugins.harborjib.engine.PushException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Checks main class names and finds the main class among compiled classes. */
final class MainClasses {
  private MainClasses() {}

  /** Whether {@code name} is a binary class name such as {@code com.example.Main} or {@code a.B$C}. */
  static boolean isClassName(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    for (String part : name.split("\\.", -1)) {
      if (part.isEmpty() || !Character.isJavaIdentifierStart(part.codePointAt(0))) {
        return false;
      }
      for (int i = 0; i < part.length(); i = part.offsetByCodePoints(i, 1)) {
        if (!Character.isJavaIdentifierPart(part.codePointAt(i))) {
          return false;
        }
      }
    }
    return true;
  }

  static void requireClassName(String field, String value) throws PushException {
    if (!isClassName(value)) {
      throw PushException.invalid(field, field + ": '" + value + "' is not a Java class name; give the fully"
          + " qualified name of the class with the main method, e.g. com.example.Main");
    }
  }

  /** The class file that would hold {@code className} below a classes root: {@code com/example/Main.class}. */
  static String classFilePath(String className) {
    return className.replace('.', '/') + ".class";
  }

  /**
   * Finds the one class with a main method among {@code classFiles}, with Jib's {@link MainClassFinder}.
   *
   * @param field the build output field the classes came from
   * @param where the classes folder or archive, for messages
   */
  static String infer(String field, Path where, List<SourceFile> classFiles, List<String> warnings)
      throws PushException {
    List<Path> paths = new ArrayList<>();
    for (SourceFile f : classFiles) {
      paths.add(f.source());
    }
    MainClassFinder.Result result;
    try {
      result = MainClassFinder.find(paths, event -> {
        if (event.getLevel() == LogEvent.Level.WARN || event.getLevel() == LogEvent.Level.ERROR) {
          warnings.add(field + ": while looking for the main class in " + where + ": " + event.getMessage());
        }
      });
    } catch (RuntimeException e) {
      // MainClassFinder throws when ASM cannot read a class file version newer than it knows
      throw PushException.invalid("mainClass", "mainClass is not set and the class files in " + where + " ("
          + field + ") cannot be read to find the main class (" + rootMessage(e) + "); set mainClass to the fully qualified name of the class to"
          + " run");
    }
    switch (result.getType()) {
      case MAIN_CLASS_FOUND:
        return result.getFoundMainClass();
      case MULTIPLE_MAIN_CLASSES:
        List<String> found = new ArrayList<>(result.getFoundMainClasses());
        found.sort(null);
        throw PushException.invalid("mainClass", "mainClass is not set and " + where + " (" + field + ") has "
            + found.size() + " classes with a main method (" + String.join(", ", found) + "); set mainClass to the one to run");
      default:
        throw PushException.invalid("mainClass", "mainClass is not set and " + where + " (" + field
            + ") has no class with a public static void main(String[]) method; set mainClass to the fully qualified name of the class"
            + " to run (it may be in a dependency)");
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
