package io.jenkins.plugins.harborjib.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/demo.sh} on a machine without the registry and skopeo, with stand-ins for {@code id}, {@code apt-get},
 * {@code mvn} and {@code java} on a {@code PATH} of their own (so nothing is installed or built): as root it installs
 * the two tools as {@code .ci/run} does and goes on; otherwise it prints the one command and exits 2.
 */
class DemoScriptTest {
  private static final String INSTALL =
      "apt-get update && apt-get install -y --no-install-recommends docker-registry skopeo";

  @TempDir
  Path dir;

  private Path bin;
  private Path calls;
  private Path script;

  @BeforeEach
  void aCopyOfTheScriptAndStandIns() throws IOException {
    Path repo = dir.resolve("repo");
    script = Files.createDirectories(repo.resolve("scripts")).resolve("demo.sh");
    Files.copy(Path.of("..", "scripts", "demo.sh"), script);
    Files.writeString(Files.createDirectories(repo.resolve("demo/target")).resolve("classpath.txt"), "deps.jar");
    bin = Files.createDirectories(dir.resolve("bin"));
    calls = dir.resolve("calls.txt");
    Files.writeString(calls, "");
    for (String tool : List.of("dirname", "cat")) {
      Files.createSymbolicLink(bin.resolve(tool), Path.of("/usr/bin", tool));
    }
    // apt-get "installs" by putting stand-ins for the two tools on the PATH.
    tool("apt-get", "echo \"apt-get $*\" >> " + calls + "\n"
        + "case \"$*\" in *install*) for t in docker-registry skopeo; do printf '#!/bin/sh\\n' > " + bin
        + "/$t; /bin/chmod +x " + bin + "/$t; done;; esac");
    tool("mvn", "echo \"mvn $*\" >> " + calls);
    tool("java", "echo \"java $*\" >> " + calls);
  }

  private void tool(String name, String body) throws IOException {
    Path file = bin.resolve(name);
    Files.writeString(file, "#!/bin/bash\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private void userId(int uid) throws IOException {
    tool("id", "[ \"$1\" = -u ] && echo " + uid);
  }

  record Run(int exitCode, String stderr, List<String> calls) {}

  private Run run() throws IOException, InterruptedException {
    Path stderr = dir.resolve("stderr.txt");
    ProcessBuilder pb = new ProcessBuilder("/bin/bash", script.toString()).redirectErrorStream(false)
        .redirectError(stderr.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("PATH", bin.toString());
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), Files.readString(stderr, StandardCharsets.UTF_8), Files.readAllLines(calls));
  }

  @Test
  void asRootTheMissingToolsAreInstalledThenTheDemoRuns() throws Exception {
    userId(0);

    Run run = run();

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.calls()).containsExactly(
        "apt-get update -qq",
        "apt-get install -y -qq --no-install-recommends docker-registry skopeo",
        "mvn -B -q -DskipTests package",
        "java -cp demo/target/classes:deps.jar io.jenkins.plugins.harborjib.demo.Demo");
    assertThat(run.stderr()).contains("Installing docker-registry skopeo");
  }

  @Test
  void notAsRootItPrintsTheOneCommandAndExits2() throws Exception {
    userId(1000);

    Run run = run();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("docker-registry skopeo missing", "sudo sh -c '" + INSTALL + "'");
    assertThat(run.calls()).isEmpty();
  }

  @Test
  void withTheToolsThereNothingIsInstalled() throws Exception {
    userId(1000);
    for (String t : List.of("docker-registry", "skopeo")) {
      tool(t, "exit 0");
    }

    Run run = run();

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.calls()).noneMatch(c -> c.startsWith("apt-get")).hasSize(2);
  }
}
