package io.jenkins.plugins.harborjib;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Computer;
import hudson.model.Node;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.harborjib.bridge.BuildFacts;
import io.jenkins.plugins.harborjib.bridge.EngineRequest;
import io.jenkins.plugins.harborjib.bridge.ImageSettings;
import io.jenkins.plugins.harborjib.bridge.ProxySettings;
import io.jenkins.plugins.harborjib.bridge.PushOutcome;
import io.jenkins.plugins.harborjib.bridge.RequestFactory;
import io.jenkins.plugins.harborjib.bridge.ServerSettings;
import io.jenkins.plugins.harborjib.bridge.SettingsException;
import io.jenkins.plugins.harborjib.bridge.agent.EngineProcess;
import io.jenkins.plugins.harborjib.bridge.log.EventFormatter;
import io.jenkins.plugins.harborjib.protocol.Verbosity;
import io.jenkins.plugins.harborjib.engine.Credentials;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import jenkins.util.SystemProperties;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.graph.FlowNode;

/**
 * The one code path of the Pipeline step and the freestyle step: find the server and the credentials, make the
 * request (bridge), make sure the agent has the engine jar, run the engine there, report, record and return.
 */
final class HarborPusher {
  /** The engine JVM's heap limit: {@code -Dio.jenkins.plugins.harborjib.HarborPusher.engineMaxHeap=1g}. */
  static final String MAX_HEAP_PROPERTY = HarborPusher.class.getName() + ".engineMaxHeap";

  private HarborPusher() {}

  /** What a push left: its outcome and the link to show. */
  record Pushed(PushOutcome outcome, String harborUrl) {
    /** The Pipeline step's return value. */
    Map<String, Object> stepResult() {
      return outcome.toStepResult(harborUrl);
    }
  }

  /**
   * Who pushes: a Pipeline step (an unstable scan puts a warning on its node, as {@code unstable} and {@code junit}
   * do) or a freestyle build (later steps see {@code HARBOR_*}); and the id of its engine run, by which an abort
   * stops it.
   */
  static final class Caller {
    private final String engineId = UUID.randomUUID().toString();
    @CheckForNull private final FlowNode node;

    private Caller(@CheckForNull FlowNode node) {
      this.node = node;
    }

    static Caller freestyle() {
      return new Caller(null);
    }

    static Caller pipelineStep(FlowNode node) {
      return new Caller(Objects.requireNonNull(node, "node"));
    }

    String engineId() {
      return engineId;
    }

    boolean exportsVariables() {
      return node == null;
    }

    /** As the {@code unstable} step does: the step's node carries the warning (stage views), the build the result. */
    void unstable(Run<?, ?> run, String message) {
      if (node != null) {
        node.addOrReplaceAction(new WarningAction(Result.UNSTABLE).withMessage(message));
      }
      run.setResult(Result.UNSTABLE);
    }
  }

  /**
   * The freestyle step's call ({@code exportVariables} is {@code true} there): {@link #push(HarborPushSettings, Run,
   * FilePath, EnvVars, TaskListener, Caller)} for {@link Caller#freestyle()}.
   */
  static Pushed push(HarborPushSettings config, Run<?, ?> run, FilePath workspace, EnvVars env,
      TaskListener listener, boolean exportVariables) throws IOException, InterruptedException {
    return push(config, run, workspace, env, listener, Caller.freestyle());
  }

  /**
   * Pushes the image the settings describe from the workspace's agent.
   *
   * @throws AbortException with a message that says what to fix (settings, credentials, the engine's failure)
   */
  static Pushed push(HarborPushSettings config, Run<?, ?> run, FilePath workspace, EnvVars env,
      TaskListener listener, Caller caller) throws IOException, InterruptedException {
    PrintStream log = listener.getLogger();
    ImageSettings settings = config.toImageSettings();
    HarborGlobalConfiguration global = HarborGlobalConfiguration.get();
    HarborServer server = global.findServer(settings.server()).orElseThrow(() -> new AbortException(
        settings.server().isEmpty() ? Messages.HarborPushSettings_ChooseServer(global.describeServers())
            : Messages.HarborPushSettings_UnknownServer(settings.server(), global.describeServers())));
    ServerSettings serverSettings = server.toSettings();

    String credentialsId = settings.credentialsId().isEmpty() ? server.getCredentialsId() : settings.credentialsId();
    StandardUsernamePasswordCredentials credentials = null;
    if (!credentialsId.isEmpty()) {
      credentials = CredentialsProvider.findCredentialById(credentialsId, StandardUsernamePasswordCredentials.class,
          run, URIRequirementBuilder.fromUri(server.getUrl()).build());
      if (credentials == null) {
        throw new AbortException(Messages.HarborPusher_CredentialsNotFound(credentialsId, server.getId()));
      }
      CredentialsProvider.track(run, credentials);
    } else {
      log.println(EventFormatter.PREFIX + Messages.HarborPusher_Anonymous(server.getId()));
    }

    Computer computer = workspace.toComputer();
    Node node = computer == null ? null : computer.getNode();
    FilePath agentRoot = node == null ? null : node.getRootPath();
    if (node == null || agentRoot == null) {
      throw new AbortException(Messages.HarborPusher_AgentOffline(workspace.getRemote()));
    }
    if (!workspace.isDirectory()) {
      throw new AbortException(Messages.HarborPusher_NoWorkspace(workspace.getRemote(), node.getDisplayName()));
    }
    FilePath home = agentRoot.child("harbor-jib");
    BuildFacts facts = BuildFacts.of(env)
        .withPom(module -> {
          FilePath pom = workspace.child(module).child("pom.xml");
          return pom.exists() ? Optional.of(pom.readToString()) : Optional.empty();
        })
        .withCacheDirectory(home.child("cache").getRemote());

    ProxySettings proxy = Connections.engineProxy();
    Optional<Credentials> login = Connections.login(credentials);
    EngineRequest request;
    try {
      request = RequestFactory.create(settings, serverSettings, login, proxy, facts);
    } catch (SettingsException e) {
      throw new AbortException(Messages.HarborPusher_BadSettings(e.getMessage()));
    }
    if (server.isInsecure()) {
      log.println(EventFormatter.PREFIX + "WARNING: " + Messages.HarborPusher_Insecure(server.getId(),
          server.getUrl()));
    }
    var target = request.protocol().push().target();
    log.println(EventFormatter.PREFIX + Messages.HarborPusher_Pushing(target.repositoryReference(),
        String.join(", ", target.tags()), node.getDisplayName()));

    String engineJar = engineJarOnAgent(workspace, home.child("engine").getRemote(), log);
    String verbosity = settings.verbosity();
    String maxHeap = SystemProperties.getString(MAX_HEAP_PROPERTY, EngineProcess.DEFAULT_MAX_HEAP);
    char[] json = request.toJsonChars();
    String outcomeJson;
    String engineId = caller.engineId();
    try {
      outcomeJson = workspace.act(new AgentCalls.RunEngine(engineId, engineJar, workspace.getRemote(), json,
          proxy.systemProperties(), verbosity, maxHeap, listener));
    } catch (InterruptedException e) {
      // Aborted: the agent stops the engine; wait until it has, so that its last lines (what may be in Harbor)
      // are in the log before this step ends.
      workspace.act(new AgentCalls.StopEngine(engineId));
      throw e;
    } finally {
      Arrays.fill(json, '\0');
    }

    PushOutcome outcome = PushOutcome.parse(outcomeJson);
    String harborUrl = outcome.harborUrl(server.getUrl());
    new EventFormatter(Verbosity.QUIET).summary(outcome, server.getUrl()).forEach(log::println);
    if (outcome.imagePushed()) {
      run.addAction(new HarborPushAction(server.getId(), outcome, harborUrl, caller.exportsVariables()));
    }
    switch (outcome.status()) {
      case PUSHED -> {
        if (outcome.scanOutcome().filter("UNSTABLE"::equalsIgnoreCase).isPresent()) {
          caller.unstable(run, Messages.HarborPusher_Unstable(outcome.reference()));
        }
        return new Pushed(outcome, harborUrl);
      }
      case GATE_FAILED -> throw new AbortException(Messages.HarborPusher_GateFailed(outcome.reference(),
          outcome.message()));
      default -> throw new AbortException(Messages.HarborPusher_Failed(outcome.kind(), outcome.message()));
    }
  }

  /** The engine jar on the workspace's agent: found by its hash, or copied there first. */
  private static String engineJarOnAgent(FilePath workspace, String folder, PrintStream log)
      throws IOException, InterruptedException {
    String sha256 = EngineJar.sha256();
    String found = workspace.act(new AgentCalls.FindEngine(folder, sha256));
    if (found != null) {
      return found;
    }
    log.println(EventFormatter.PREFIX + Messages.HarborPusher_CopyingEngine(folder));
    try (InputStream jar = EngineJar.open()) {
      return workspace.act(new AgentCalls.InstallEngine(folder, sha256, jar));
    }
  }
}
