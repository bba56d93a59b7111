package io.jenkins.plugins.harborjib.cli.reliability;

import io.jenkins.plugins.harborjib.protocol.LineJson;
import io.jenkins.plugins.harborjib.protocol.ProtocolLine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * The real CLI ({@code Cli} with the real engine) run in this JVM on byte streams, as {@code Main} runs it but without
 * {@code System.exit}: many bad-input cases in one JVM instead of one JVM each. {@code Cli} and {@code CliContext}
 * are package-private, so this reaches them by reflection (a public in-process entry point would make this helper a
 * one-liner; see the report). Shutdown hooks the CLI registers are dropped: nothing here is stopped from outside.
 */
final class InProcessCli {
  private InProcessCli() {}

  /** What one run left. */
  record Run(int exitCode, String stdout, String stderr, String protocolOut) {
    /** The protocol lines on standard output (program mode). */
    List<ProtocolLine> lines() {
      return protocolOut.lines().filter(l -> !l.isBlank()).map(LineJson::read).toList();
    }

    String everything() {
      return stdout + "\n" + stderr + "\n" + protocolOut;
    }
  }

  static Run run(byte[] stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream protocol = new ByteArrayOutputStream();
    try {
      Class<?> contextClass = Class.forName("io.jenkins.plugins.harborjib.cli.CliContext");
      Constructor<?> contextConstructor = contextClass.getDeclaredConstructor(InputStream.class, PrintStream.class,
          PrintStream.class, OutputStream.class, Runnable.class,
          Class.forName("io.jenkins.plugins.harborjib.cli.CliContext$PasswordPrompt"),
          Class.forName("io.jenkins.plugins.harborjib.cli.CliContext$Engine"),
          Class.forName("io.jenkins.plugins.harborjib.cli.CliContext$SystemProperties"), Clock.class,
          Consumer.class);
      contextConstructor.setAccessible(true);
      Consumer<Thread> noHooks = t -> { };
      Runnable noDiversion = () -> { };
      Object context = contextConstructor.newInstance(new ByteArrayInputStream(stdin),
          new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
          protocol, noDiversion, constant("CliContext$PasswordPrompt", "NONE"),
          constant("CliContext$Engine", "HARBOR_JIB"), constant("CliContext$SystemProperties", "JVM"),
          Clock.systemUTC(), noHooks);
      Class<?> cliClass = Class.forName("io.jenkins.plugins.harborjib.cli.Cli");
      Constructor<?> cliConstructor = cliClass.getDeclaredConstructor(contextClass);
      cliConstructor.setAccessible(true);
      Method run = cliClass.getDeclaredMethod("run", String[].class);
      run.setAccessible(true);
      int exit = (int) run.invoke(cliConstructor.newInstance(context), (Object) args);
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
          protocol.toString(StandardCharsets.UTF_8));
    } catch (InvocationTargetException e) {
      throw new AssertionError("the CLI threw instead of reporting: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("The CLI's in-process entry point (Cli, CliContext) changed: update "
          + InProcessCli.class.getSimpleName(), e);
    }
  }

  private static Object constant(String nested, String name) throws ReflectiveOperationException {
    Field f = Class.forName("io.jenkins.plugins.harborjib.cli." + nested).getDeclaredField(name);
    f.setAccessible(true);
    return f.get(null);
  }
}
