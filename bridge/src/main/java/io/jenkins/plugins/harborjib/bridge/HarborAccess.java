package io.jenkins.plugins.harborjib.bridge;

import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import io.jenkins.plugins.harborjib.engine.harbor.HarborClient;
import io.jenkins.plugins.harborjib.engine.harbor.HarborException;
import io.jenkins.plugins.harborjib.engine.harbor.HarborPreflight;
import io.jenkins.plugins.harborjib.engine.harbor.HarborProjectPage;
import io.jenkins.plugins.harborjib.engine.harbor.HarborSystemInfo;
import io.jenkins.plugins.harborjib.engine.harbor.PreflightOptions;
import io.jenkins.plugins.harborjib.engine.harbor.PreflightReport;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the controller asks Harbor itself, in-process, with the engine's Harbor client: "Test connection" on the global
 * configuration page and the project drop-down of the step. Each client has its own TLS trust, built from the server's
 * CA certificate and insecure switch; nothing JVM-wide is touched, so one server's insecure switch affects no other
 * connection.
 */
public final class HarborAccess {
  /** Most projects the drop-down lists (pages of 100 are read until then). */
  public static final int MAX_PROJECTS = 500;

  private HarborAccess() {}

  /** The verdict of "Test connection": its level and the sentence to show. */
  public record ConnectionReport(Level level, String message) {
    /** How the form shows it. */
    public enum Level {
      OK,
      WARNING,
      ERROR
    }

    public ConnectionReport {
      Objects.requireNonNull(level, "level");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * A client for the server, signed in with {@code login} when given, through {@code proxy} when given.
   *
   * @throws PushException of kind INVALID_INPUT for a URL or CA certificate the client cannot use
   */
  public static HarborClient client(ServerSettings server, Optional<Credentials> login, Optional<ControllerProxy> proxy)
      throws PushException {
    TlsSettings tls = server.caCertificate().isEmpty() ? TlsSettings.DEFAULT
        : new TlsSettings(Optional.of(server.caCertificate()), "the CA certificate of Harbor server '" + server.id()
            + "'", false);
    HarborClient.Builder b = HarborClient.builder(URI.create(server.url()))
        .tls(tls.withInsecure(server.insecure()))
        .connectTimeout(Duration.ofSeconds(Math.max(1, server.connectTimeoutSeconds())))
        .requestTimeout(Duration.ofSeconds(Math.max(1, server.readTimeoutSeconds())))
        .userAgent("harbor-jib-jenkins");
    login.ifPresent(b::credentials);
    proxy.ifPresent(p -> {
      b.proxy(p.selector());
      p.login().ifPresent(b::proxyCredentials);
    });
    return b.build();
  }

  /**
   * "Test connection": Harbor's version, whether it accepts the credentials, and whether they may push to the
   * server's default project, checked by the engine's own preflight ({@link HarborPreflight}: project, permission,
   * quota), so the page says what a push would meet. Never throws: every failure is a report that says what to do.
   */
  public static ConnectionReport testConnection(ServerSettings server, Optional<Credentials> login,
      Optional<ControllerProxy> proxy) {
    List<SettingsException.Problem> problems = SettingsCheck.validate(server);
    if (!problems.isEmpty()) {
      return new ConnectionReport(ConnectionReport.Level.ERROR, problems.get(0).message());
    }
    if (!server.harborApi()) {
      return new ConnectionReport(ConnectionReport.Level.WARNING, "Harbor's API is turned off for this server, so"
          + " there is nothing to ask it: the registry is reached at the first push");
    }
    try {
      HarborClient client = client(server, login, proxy);
      if (login.isEmpty()) {
        client.ping();
        return new ConnectionReport(ConnectionReport.Level.WARNING, "Harbor at " + server.url() + " answers, but"
            + " without credentials nothing more can be checked (nor pushed): choose the default credentials");
      }
      if (server.defaultProject().isEmpty()) {
        client.checkCredentials();
        HarborSystemInfo info = client.systemInfo();
        return new ConnectionReport(ConnectionReport.Level.OK, version(info.harborVersion()) + " at " + server.url()
            + " accepts '" + client.identity() + "'. No default project to check pushing to.");
      }
      PreflightReport report = new HarborPreflight(client).check(server.defaultProject(), "*",
          PreflightOptions.CHECK_ONLY, OptionalLong.empty());
      StringBuilder m = new StringBuilder(version(report.harborVersion())).append(" at ").append(server.url())
          .append(" accepts '").append(report.identity()).append(report.pushConfirmed()
              ? "', which may push to project '" : "'; the registry decides whether it may push to project '")
          .append(server.defaultProject()).append("'.");
      report.notes().forEach(n -> m.append(' ').append(n));
      report.warnings().forEach(n -> m.append(' ').append(n));
      return new ConnectionReport(ConnectionReport.Level.OK, m.toString());
    } catch (HarborException e) {
      boolean fixableInHarbor = e.kind() == ErrorKind.PROJECT_NOT_FOUND || e.kind() == ErrorKind.PERMISSION_DENIED
          || e.kind() == ErrorKind.QUOTA_EXCEEDED;
      return new ConnectionReport(fixableInHarbor ? ConnectionReport.Level.WARNING : ConnectionReport.Level.ERROR,
          e.getMessage());
    } catch (PushException e) {
      return new ConnectionReport(ConnectionReport.Level.ERROR, e.getMessage());
    }
  }

  private static String version(Optional<String> version) {
    return version.map(v -> "Harbor " + v).orElse("Harbor");
  }

  /**
   * The names of the projects the client's identity can see whose name contains {@code nameContains} (empty for
   * all), sorted by name, at most {@link #MAX_PROJECTS}.
   */
  public static List<String> projectNames(HarborClient client, String nameContains) throws HarborException {
    List<String> names = new ArrayList<>();
    Optional<String> filter = Optional.ofNullable(nameContains).map(String::trim).filter(s -> !s.isEmpty());
    for (int page = 1; names.size() < MAX_PROJECTS; page++) {
      HarborProjectPage p = client.projects(page, 100, filter);
      p.projects().forEach(project -> names.add(project.name()));
      if (!p.hasNextPage() || p.projects().isEmpty()) {
        break;
      }
    }
    return List.copyOf(names.subList(0, Math.min(names.size(), MAX_PROJECTS)));
  }
}
