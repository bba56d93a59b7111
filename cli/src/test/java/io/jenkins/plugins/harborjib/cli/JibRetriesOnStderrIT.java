package io.jenkins.plugins.harborjib.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.Samples;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import io.jenkins.plugins.harborjib.testkit.fault.Fault;
import io.jenkins.plugins.harborjib.testkit.fault.FaultProxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push that Jib retries, run as people run it (the CLI's jar in a child process, flags, human output): the
 * connections the proxy drops show as the CLI's own {@code [push] retrying ...} lines on standard error, never as
 * Jib's I/O-error dump or the HTTP libraries' {@code java.util.logging} records.
 */
class JibRetriesOnStderrIT {
  private static final Duration RUN = Duration.ofMinutes(3);

  @RegisterExtension
  TestRegistry registry = TestRegistry.plainHttpWithBasicAuth();

  @TempDir
  Path cache;

  private FaultProxy proxy;

  @BeforeEach
  void setUp() {
    BaseImageFixture.pushJre17(registry);
    proxy = FaultProxy.to(registry).start();
  }

  @AfterEach
  void tearDown() {
    proxy.close();
  }

  /** A POST without a body and a PATCH are requests Jib's HTTP client sends again itself, with backoff. */
  @Test
  void connectionsJibSendsAgainShowAsItsRetryLinesAndNoRawLibraryOutput() {
    proxy.when("POST", "/blobs/uploads/").nth(1).then(Fault.reset());
    proxy.when("PATCH", "/blobs/uploads/").nth(1).then(Fault.reset());

    List<String> stderr = pushedStderr("retried");

    assertThat(stderr).anyMatch(l -> l.matches(
        "^\\[push\\] retrying (POST|PATCH) http://\\S+/blobs/uploads/\\S* \\(attempt 1\\): .*"));
  }

  /**
   * The base manifest's answer breaking off (the first GET is Jib's unauthenticated one, answered 401 and printed
   * as a stack trace by the Google HTTP client when its body breaks off; the second is the real one) is a failure
   * Jib gives up on, logging its I/O-error dump: the engine's retry line shows, the dump only as debug lines.
   */
  @Test
  void aFailureJibGivesUpOnShowsAsTheEnginesRetryLineAndItsDumpOnlyAsDebugLines() {
    proxy.when("GET", "^/v2/base/jre17/manifests/sha256:").times(2).then(Fault.resetResponseAfter(40));

    List<String> stderr = pushedStderr("retried-push");

    assertThat(stderr)
        .anyMatch(l -> l.startsWith("[push] retrying push to " + proxy.host() + "/app/retried-push (attempt 2)"))
        .anyMatch(l -> l.startsWith("[push] debug: Jib: I/O error for image ["));
  }

  /** Pushes with --verbose (debug lines shown), checks that every line on stderr is the CLI's own, returns them. */
  private List<String> pushedStderr(String repository) {
    CliProcess.Run run = CliProcess.run((registry.password() + "\n").getBytes(StandardCharsets.UTF_8), RUN, "push",
        "--registry", proxy.host(), "--project", "app", "--repository", repository, "--tag", "1",
        "--from", "base/jre17:17", "--username", registry.username(), "--password-stdin", "--insecure",
        "--no-harbor", "--exploded", Samples.helloAppClasses().toString(),
        "--dependencies", Samples.helloAppDependencies().toString(), "--cache-dir", cache.toString(), "--verbose");

    assertThat(run.exitCode()).as("%s", run).isZero();
    List<String> stderr = run.stderr().lines().toList();
    assertThat(stderr).as("%s", run)
        .noneMatch(l -> l.startsWith("WARNING:") && !l.startsWith("WARNING: INSECURE: "))
        .noneMatch(l -> l.contains("\u001B["))
        // java.util.logging's console format: a date line naming the class, then "LEVEL: message"
        .noneMatch(l -> l.matches("^(SEVERE|INFO|CONFIG|FINE|FINER|FINEST): .*"))
        .noneMatch(l -> l.matches("^[A-Z][a-z]{2} \\d{1,2}, \\d{4} .*"))
        .allMatch(l -> l.startsWith("[") || l.startsWith("WARNING: INSECURE: ") || l.isBlank(),
            "a line of the CLI's own");
    assertThat(run.everything()).doesNotContain(registry.password());
    return stderr;
  }
}
