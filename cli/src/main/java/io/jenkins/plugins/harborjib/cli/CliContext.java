package io.jenkins.plugins.harborjib.cli;

import io.jenkins.plugins.harborjib.engine.HarborJib;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.PushListener;
import io.jenkins.plugins.harborjib.engine.PushRequest;
import io.jenkins.plugins.harborjib.engine.PushResult;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a CLI run touches outside itself: its streams, the engine, the JVM's system properties and the clock.
 * {@link Main} passes the real ones; tests pass their own, so a test never changes the JVM it runs in.
 *
 * @param in standard input: the JSON request, or a password for {@code --password-stdin}
 * @param out standard output for people: the final summary (platform encoding)
 * @param err standard error: progress, warnings and errors for people
 * @param protocolOut standard output as bytes, for the JSON lines (always UTF-8)
 * @param divertStrayOutput makes anything else that prints to {@code System.out} go to standard error, so that in
 *     the JSON protocol standard output holds nothing but protocol lines
 * @param prompt reads a password from a terminal, when there is one
 * @param engine builds and pushes
 * @param properties the JVM's system properties
 * @param clock for {@code USE_CURRENT_TIMESTAMP}
 * @param shutdownHooks registers a thread to run when the JVM shuts down, e.g. on SIGTERM
 */
record CliContext(
    InputStream in,
    PrintStream out,
    PrintStream err,
    OutputStream protocolOut,
    Runnable divertStrayOutput,
    PasswordPrompt prompt,
    Engine engine,
    SystemProperties properties,
    Clock clock,
    Consumer<Thread> shutdownHooks) {

  CliContext {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    Objects.requireNonNull(protocolOut, "protocolOut");
    Objects.requireNonNull(divertStrayOutput, "divertStrayOutput");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(properties, "properties");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(shutdownHooks, "shutdownHooks");
  }

  /** The engine, as the CLI calls it. */
  @FunctionalInterface
  interface Engine {
    Engine HARBOR_JIB = HarborJib::push;

    PushResult push(PushRequest request, PushListener listener) throws PushException;
  }

  /** Reads a password without echo from the terminal, if standard input and output are one. */
  @FunctionalInterface
  interface PasswordPrompt {
    PasswordPrompt NONE = message -> Optional.empty();

    /** The password typed, or empty when there is no terminal. */
    Optional<char[]> read(String message);
  }

  /** JVM-wide settings that Jib reads from system properties. */
  interface SystemProperties {
    SystemProperties JVM = new SystemProperties() {
      @Override
      public Optional<String> get(String name) {
        return Optional.ofNullable(System.getProperty(name)).filter(s -> !s.isEmpty());
      }

      @Override
      public void set(String name, String value) {
        System.setProperty(name, value);
      }
    };

    Optional<String> get(String name);

    void set(String name, String value);
  }
}
