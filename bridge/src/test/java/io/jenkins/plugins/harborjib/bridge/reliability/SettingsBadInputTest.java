package io.jenkins.plugins.harborjib.bridge.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.bridge.ImageSettings;
import io.jenkins.plugins.harborjib.bridge.ScanGateSettings;
import io.jenkins.plugins.harborjib.bridge.ServerSettings;
import io.jenkins.plugins.harborjib.bridge.SettingsCheck;
import io.jenkins.plugins.harborjib.bridge.SettingsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import io.jenkins.plugins.harborjib.testkit.Samples;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input table's rows for the Jenkins side: a Harbor server's global settings and a step's settings, checked
 * by the bridge ({@link SettingsCheck}, which the plugin's forms and its push call) before anything is sent to an
 * agent, let alone a registry. Each row: the field named, the value and the fix in the message. Written to
 * {@code target/reliability/settings-table.md} for docs/reliability.md.
 */
class SettingsBadInputTest {
  private static final ServerSettings SERVER = ServerSettings.of("harbor", "https://harbor.example.com");
  private static final Map<String, String> TABLE = Collections.synchronizedMap(new TreeMap<>());

  /**
   * One row.
   *
   * @param server changes the valid server
   * @param image changes the valid step settings
   */
  record Row(String id, String what, String field, List<String> mentions, UnaryOperator<ServerSettings> server,
      UnaryOperator<ImageSettings.Builder> image) {
    @Override
    public String toString() {
      return id;
    }
  }

  static List<Row> rows() {
    List<Row> r = new ArrayList<>();
    r.add(server("server-url-with-path", "server URL with a path", "url",
        List.of("'https://harbor.example.com/harbor'", "without a path"),
        s -> new ServerSettings(s.id(), "https://harbor.example.com/harbor", "", "", "", false, 10, 60, true)));
    r.add(server("server-url-no-scheme", "server URL without a scheme", "url",
        List.of("'harbor.example.com'", "must start with https://"),
        s -> new ServerSettings(s.id(), "harbor.example.com", "", "", "", false, 10, 60, true)));
    r.add(server("server-url-plain-http", "server URL over plain HTTP, insecure off", "url",
        List.of("'http://harbor.example.com'", "use https://"),
        s -> new ServerSettings(s.id(), "http://harbor.example.com", "", "", "", false, 10, 60, true)));
    r.add(server("server-url-with-password", "server URL holding a user name and password", "url",
        List.of("must not contain a user name or password", "choose credentials instead"),
        s -> new ServerSettings(s.id(), "https://admin:Hunter2-Secret@harbor.example.com", "", "", "", false, 10, 60,
            true)));
    r.add(server("server-id-characters", "server id with a space", "id",
        List.of("'prod harbor'", "e.g. harbor-prod"),
        s -> new ServerSettings("prod harbor", s.url(), "", "", "", false, 10, 60, true)));
    r.add(server("server-ca-not-pem", "CA certificate that is not PEM", "caCertificate",
        List.of("holds no PEM certificate", "-----BEGIN CERTIFICATE-----"),
        s -> s.withTls("not a certificate", false)));
    r.add(server("server-timeout-zero", "connect timeout of 0 s", "connectTimeoutSeconds",
        List.of("connectTimeoutSeconds 0", "give 1 to 3600 seconds"),
        s -> new ServerSettings(s.id(), s.url(), "", "", "", false, 0, 60, true)));
    r.add(image("project-empty-no-default", "no project, and the server has no default", "project",
        List.of("project is empty", "give the Harbor project"), b -> b.project("")));
    r.add(image("tag-template-invalid", "a tag template that cannot become a tag ('release/${BUILD_NUMBER}')",
        "tags[0]", List.of("'release/${BUILD_NUMBER}'", "cannot become a valid tag"),
        b -> b.tags(List.of("release/${BUILD_NUMBER}"))));
    r.add(image("tag-template-stray-dollar", "a tag template with a '$' that starts no variable", "tags[0]",
        List.of("'v$'", "write variables as ${NAME}"), b -> b.tags(List.of("v$"))));
    r.add(image("build-output-outside-workspace", "a build output path leaving the workspace", "buildOutput",
        List.of("'../other/target/app.jar'", "give a path inside it"),
        b -> b.buildOutputType("thin-jar").buildOutput("../other/target/app.jar")));
    r.add(image("build-output-absolute", "an absolute build output path", "buildOutput",
        List.of("'/etc/passwd'", "relative to the workspace"),
        b -> b.buildOutputType("thin-jar").buildOutput("/etc/passwd")));
    r.add(image("build-output-type-unknown", "an unknown build output type", "buildOutputType",
        List.of("'fat-jar'", "is not one of"), b -> b.buildOutputType("fat-jar")));
    r.add(image("jvm-flag-not-a-flag", "a JVM flag without '-'", "jvmFlags[0]",
        List.of("'Xmx1g'", "e.g. -Xmx256m"), b -> b.jvmFlags(List.of("Xmx1g"))));
    r.add(image("environment-without-value", "an environment entry without '='", "environment[0]",
        List.of("'TZ'", "must be NAME=value"), b -> b.environment(List.of("TZ"))));
    r.add(image("repository-uppercase-step", "a repository in uppercase", "repository",
        List.of("'Demo'", "'demo' would do"), b -> ImageSettings.builder("Demo").project("app").tags(List.of("1"))
            .baseImage("base/jre17:17")));
    r.add(new Row("insecure-foreign-base-step", "insecure server, base image from another registry", "baseImage",
        List.of("other.example.com", "turn insecure off"),
        s -> new ServerSettings(s.id(), "http://harbor.example.com", "", "", "", true, 10, 60, true),
        b -> b.baseImage("other.example.com/base/jre17:17")));
    r.add(new Row("scan-gate-without-api", "a vulnerability gate on a server whose Harbor API is off", "scanGate",
        List.of("scanGate needs Harbor's API", "'harbor'"), s -> s.withHarborApi(false),
        b -> b.scanGate(ScanGateSettings.DEFAULT)));
    return r;
  }

  private static Row server(String id, String what, String field, List<String> mentions,
      UnaryOperator<ServerSettings> server) {
    return new Row(id, what, field, mentions, server, b -> b);
  }

  private static Row image(String id, String what, String field, List<String> mentions,
      UnaryOperator<ImageSettings.Builder> image) {
    return new Row(id, what, field, mentions, s -> s, image);
  }

  private static ImageSettings.Builder valid() {
    return ImageSettings.builder("demo").project("app").tags(List.of("${BUILD_NUMBER}", "latest"))
        .baseImage("base/jre17:17");
  }

  @Test
  void theValidSettingsHaveNoProblem() {
    assertThat(problems(SERVER, valid().build())).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void isRefusedNamingTheFieldTheValueAndTheFix(Row row) {
    ServerSettings server = row.server().apply(SERVER);
    List<SettingsException.Problem> problems = problems(server, row.image().apply(valid()).build());

    assertThat(problems).as("problems").filteredOn(p -> p.field().equals(row.field())).isNotEmpty()
        .first().satisfies(p -> {
          TABLE.put(row.id(), p.message());
          assertThat(p.message()).contains(row.mentions());
        });
    assertThat(problems.toString()).doesNotContain("Hunter2-Secret");
  }

  private static List<SettingsException.Problem> problems(ServerSettings server, ImageSettings image) {
    List<SettingsException.Problem> all = new ArrayList<>(SettingsCheck.validate(server));
    all.addAll(SettingsCheck.validate(image, server));
    return all;
  }

  @AfterAll
  static void writeTable() throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("| case | setting | field | message (start) |");
    lines.add("|---|---|---|---|");
    for (Row r : rows()) {
      lines.add("| `" + r.id() + "` | " + r.what() + " | `" + r.field() + "` | "
          + excerpt(TABLE.getOrDefault(r.id(), "(not run)")) + " |");
    }
    Path out = Path.of("target", "reliability", "settings-table.md");
    Files.createDirectories(out.getParent());
    Files.write(out, lines, StandardCharsets.UTF_8);
  }

  /** One line of a message for a Markdown table cell (the CLI's table uses the same form). */
  static String excerpt(String message) {
    String one = message.strip().replace("\n", " ").replace("|", "\\|");
    return one.length() <= 170 ? one : one.substring(0, 167) + "...";
  }

  /** docs/reliability.md stays true to this table: every row listed, the count stated. */
  @Test
  void theReliabilityPageListsEveryRow() throws IOException {
    String text = Files.readString(Samples.projectRoot().resolve("docs/reliability.md"));
    for (Row r : rows()) {
      assertThat(text).as("docs/reliability.md lists %s", r.id()).contains("| `" + r.id() + "` |");
    }
    assertThat(text).contains(rows().size() + " rows");
  }
}
