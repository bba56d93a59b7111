package io.jenkins.plugins.harborjib;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import hudson.FilePath;
import hudson.slaves.DumbSlave;
import hudson.slaves.EnvironmentVariablesNodeProperty;
import io.jenkins.plugins.harborjib.testkit.BaseImageFixture;
import io.jenkins.plugins.harborjib.testkit.Samples;
import io.jenkins.plugins.harborjib.testkit.Skopeo;
import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import io.jenkins.plugins.harborjib.testkit.harbor.HarborStandIn;
import io.jenkins.plugins.harborjib.testkit.harbor.ScanResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.EnvActionImpl;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Every Pipeline snippet of README.md, docs/*.md and docs/examples/Jenkinsfile.*, read from the files themselves (a
 * doc change is a test change), runs as a real Pipeline ({@code CpsFlowDefinition}) on an agent and pushes the
 * sample app to a real registry. Snippets without {@code node} run inside {@code node('maven')}, as the docs say.
 *
 * <p>{@code harborPush} is real; what lies outside a push is stood in for by functions the script defines before the
 * snippet (they shadow the steps of the same name): {@code sh} (the Maven build: the workspace holds the built sample
 * app; {@code kubectl}), {@code checkout scm}, the Kubernetes plugin's {@code podTemplate}/{@code container} (the
 * "pod" is the agent labelled {@code POD_LABEL}), {@code withKubeConfig}, and {@code withCredentials}.
 *
 * <p>Declarative snippets run through Declarative Pipeline itself where the pipeline-model-definition plugin exists
 * ({@code mvn -Pplugin}), and through a small scripted shim of its directives ({@link #DECLARATIVE_SHIM}) where it does
 * not: the from-source runtime does not build that plugin.
 */
@WithJenkins
class DocSnippetsTest {
  private static final String SECRET = "robot-" + UUID.randomUUID();
  private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

  @RegisterExtension static BuildWatcherExtension buildWatcher = new BuildWatcherExtension();
  @RegisterExtension static TestRegistry registry = TestRegistry.builder().https().htpasswd(TestSetup.ROBOT, SECRET)
      .build();

  /** Stand-ins for the steps of other plugins and for the build around the push; see the class comment. */
  private static final String STAND_INS = """
      scm = 'the job SCM, a stand-in'
      POD_LABEL = 'pod'
      def sh(script) { echo "stand-in sh: ${script}" }
      def checkout(scm) { echo 'stand-in checkout'; return [GIT_COMMIT: '%s'] }
      def podTemplate(Map args, Closure body) { body() }
      def containerTemplate(Map args) { return args }
      def container(String name, Closure body) { body() }
      def withKubeConfig(Map args, Closure body) { body() }
      def withCredentials(List bindings, Closure body) { body() }
      def file(Map args) { return args }
      """.formatted(COMMIT);

  /**
   * A test-only shim that runs a Declarative Pipeline as a scripted one, for runtimes without the
   * pipeline-model-definition plugin (jenkins-run): script functions of the directives' names, defined before the
   * snippet, which stays unchanged. {@code pipeline} runs its body to collect {@code agent { label 'x' }}, {@code
   * options { timeout(...) }} and {@code stages}, then runs the stages inside {@code node('x')}, within the real
   * {@code timeout} step if one was given (inside the agent, as declarative applies its option wrappers). Each {@code
   * stage} collects its {@code when} and {@code steps}; {@code when { branch 'p' }} holds when {@code env.BRANCH_NAME}
   * equals {@code p} (no {@code BRANCH_NAME}: the stage is skipped with declarative's own log line; exact names only,
   * where declarative also takes Ant-style patterns); {@code script} runs its body. State lives in script fields
   * ({@code @Field shim*}: binding variables would draw workflow-cps' "forgot the def keyword" warning); stored
   * closures are called with {@code .call()}.
   *
   * <p>What it does NOT check: declarative's compile-time model validation (which sections and steps are allowed
   * where, required sections, option and agent types), its parallel/matrix/input/post/environment/tools sections and
   * other agent kinds, its implicit {@code checkout scm} (none here anyway: an inline script has no SCM), and the
   * {@code stage} step's flow nodes (the stage is only an {@code echo}). A section it does not know fails the build
   * with Pipeline's "No such DSL method": add it here when a doc snippet starts using it. {@code
   * theDeclarativeSnippetPushesToHarbor} runs the snippets through declarative itself where the plugin exists.
   */
  private static final String DECLARATIVE_SHIM = """
      @groovy.transform.Field String shimAgent
      @groovy.transform.Field Map shimTimeout
      @groovy.transform.Field Closure shimStages
      @groovy.transform.Field Closure shimWhen
      @groovy.transform.Field Closure shimSteps
      @groovy.transform.Field boolean shimConditionsHold
      def pipeline(Closure body) {
        body()
        if (shimAgent == null || shimStages == null) {
          error 'declarative shim: the pipeline needs agent { label ... } and stages { ... }'
        }
        node(shimAgent) {
          if (shimTimeout != null) {
            steps.timeout(shimTimeout) { shimStages.call() }
          } else {
            shimStages.call()
          }
        }
      }
      def agent(Closure body) { body() }
      def label(String name) { shimAgent = name }
      def options(Closure body) { body() }
      def timeout(Map args) { shimTimeout = args }
      def stages(Closure body) { shimStages = body }
      def stage(String name, Closure body) {
        shimWhen = null
        shimSteps = null
        body()
        shimConditionsHold = true
        if (shimWhen != null) {
          shimWhen.call()
        }
        if (shimConditionsHold) {
          echo 'declarative shim: stage ' + name
          shimSteps.call()
        } else {
          echo 'Stage "' + name + '" skipped due to when conditional'
        }
      }
      def when(Closure body) { shimWhen = body }
      def branch(String name) { shimConditionsHold = shimConditionsHold && env.BRANCH_NAME == name }
      def steps(Closure body) { shimSteps = body }
      def script(Closure body) { body() }
      """;

  /** A Pipeline snippet and where it comes from. */
  record Snippet(String source, String script) {
    boolean declarative() {
      return script.strip().startsWith("pipeline {") || script.contains("\npipeline {");
    }

    @Override
    public String toString() {
      return source;
    }
  }

  /** The project's root: the folder with README.md and docs/ (the tests run in plugin/ or a copy of its links). */
  static Path projectRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("docs/examples"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no README.md with docs/examples above " + Path.of("").toAbsolutePath());
  }

  private static final Pattern GROOVY_BLOCK = Pattern.compile("(?m)^```groovy\\n(.*?)^```", Pattern.DOTALL);

  /** Every groovy block that calls harborPush in README.md and docs/*.md, and every example Jenkinsfile. */
  static List<Snippet> allSnippets() {
    Path root = projectRoot();
    List<Snippet> snippets = new ArrayList<>();
    try (Stream<Path> docs = Files.list(root.resolve("docs"));
        Stream<Path> examples = Files.list(root.resolve("docs/examples"))) {
      List<Path> markdown = new ArrayList<>(List.of(root.resolve("README.md")));
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(markdown::add);
      for (Path file : markdown) {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Matcher m = GROOVY_BLOCK.matcher(text);
        while (m.find()) {
          if (m.group(1).contains("harborPush")) {
            int line = text.substring(0, m.start()).split("\n", -1).length;
            snippets.add(new Snippet(root.relativize(file) + ":" + line, m.group(1)));
          }
        }
      }
      for (Path file : examples.filter(p -> p.getFileName().toString().startsWith("Jenkinsfile")).sorted()
          .toList()) {
        snippets.add(new Snippet(root.relativize(file).toString(), Files.readString(file, StandardCharsets.UTF_8)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return snippets;
  }

  static List<Snippet> scriptedSnippets() {
    return allSnippets().stream().filter(s -> !s.declarative()).toList();
  }

  static List<Snippet> declarativeSnippets() {
    return allSnippets().stream().filter(Snippet::declarative).toList();
  }

  @Test
  void everyDocumentedSnippetIsFoundAndNoneUsesClosureCallsOnCollections() {
    List<Snippet> all = allSnippets();
    List<String> sources = all.stream().map(Snippet::source).toList();
    assertThat(sources, hasItem(startsWith("README.md:")));
    assertThat(sources, hasItem("docs/examples/Jenkinsfile.declarative"));
    assertThat(sources, hasItem("docs/examples/Jenkinsfile.scripted"));
    assertThat(all.size(), greaterThanOrEqualTo(10));
    // Pipeline runs Groovy through CPS, where closures passed to each/collect/findAll surprise users: the docs loop
    // with for instead.
    Pattern closureCall = Pattern.compile("\\.(each|collect|findAll|find|eachWithIndex|every|any)\\s*\\{");
    assertThat(all.stream().filter(s -> closureCall.matcher(s.script()).find()).map(Snippet::source).toList(),
        empty());
  }

  /** An agent labelled as the docs' agents are, its job's workspace holding the built sample app per module. */
  private static DumbSlave agentWithTheSampleApp(JenkinsRule j, WorkflowJob job) throws Exception {
    DumbSlave agent = j.createOnlineSlave();
    agent.setLabelString("maven pod");
    // What a checkout sets, for the tags' ${GIT_COMMIT_SHORT}
    agent.getNodeProperties().add(new EnvironmentVariablesNodeProperty(
        new EnvironmentVariablesNodeProperty.Entry("GIT_COMMIT", COMMIT)));
    FilePath workspace = TestSetup.sampleAppIn(agent, job);
    for (String service : List.of("orders", "billing")) {
      FilePath module = workspace.child("services").child(service);
      module.mkdirs();
      new FilePath(Samples.helloApp().toFile()).copyRecursiveTo(module);
    }
    return agent;
  }

  /** The snippet after the stand-ins; inside {@code node('maven')} unless it allocates its own agent. */
  private static String pipelineOf(Snippet snippet) {
    return STAND_INS + (snippet.script().contains("node(") || snippet.declarative()
        ? snippet.script() : "node('maven') {\n" + snippet.script() + "\n}\n");
  }

  /** The calls of harborPush in a script, comments left out. */
  private static long harborPushCalls(Snippet snippet) {
    return snippet.script().lines().map(l -> l.replaceAll("//.*", "")).filter(l -> l.contains("harborPush "))
        .count();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scriptedSnippets")
  void theSnippetPushesToARealRegistry(Snippet snippet, JenkinsRule j) throws Exception {
    BaseImageFixture.pushJre17(registry);
    TestSetup.addCredentials("harbor-robot", TestSetup.ROBOT, SECRET);
    TestSetup.addCredentials("harbor-robot-shop", TestSetup.ROBOT, SECRET);
    TestSetup.serverFor(registry, "harbor", "harbor-robot");
    WorkflowJob job = j.createProject(WorkflowJob.class, "snippet");
    agentWithTheSampleApp(j, job);
    job.setDefinition(new CpsFlowDefinition(pipelineOf(snippet), true));

    WorkflowRun run = j.buildAndAssertSuccess(job);

    List<String> pushed = pushedAndInspected(run, Skopeo.of(registry));
    long calls = harborPushCalls(snippet);
    assertThat(snippet + ": one push per call, two in the loops over two services", (long) pushed.size(),
        equalTo(snippet.script().contains("for (") ? 2 * calls : calls));
  }

  /**
   * The references of the build's "pushed" log lines ({@code host/project/repository@sha256:...}), each checked
   * against the registry: skopeo finds that digest there.
   */
  private static List<String> pushedAndInspected(WorkflowRun run, Skopeo skopeo) throws IOException {
    String prefix = "[harbor-jib] pushed ";
    List<String> references = JenkinsRule.getLog(run).lines().filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()).split(" ")[0]).toList();
    for (String reference : references) {
      String local = reference.substring(skopeo.host().length() + 1);
      String digest = local.substring(local.indexOf('@') + 1);
      assertThat(reference, skopeo.inspect(local).digest(), equalTo(digest));
    }
    return references;
  }

  private static final Pattern WHEN_BRANCH = Pattern.compile("when \\{\\s*branch '([^']+)'\\s*}");
  private static final Pattern ENV_FROM_IMAGE = Pattern.compile("env\\.(\\w+) = image\\.reference");

  /** Each declarative snippet without a branch, and once more on the branch its {@code when { branch }} names. */
  static Stream<Arguments> declarativeSnippetsAndBranches() {
    List<Arguments> arguments = new ArrayList<>();
    for (Snippet snippet : declarativeSnippets()) {
      arguments.add(Arguments.of(snippet, null));
      Matcher when = WHEN_BRANCH.matcher(snippet.script());
      if (when.find()) {
        arguments.add(Arguments.of(snippet, when.group(1)));
      }
    }
    return arguments.stream();
  }

  /**
   * Each declarative snippet, unchanged, through {@link #DECLARATIVE_SHIM} on the agent its {@code agent { label }}
   * names, pushing to the Harbor stand-in (the snippets gate on Harbor's scan): skopeo finds each pushed digest, the
   * snippet's {@code env.X = image.reference} holds that reference after the build, and a stage under {@code when {
   * branch }} runs on that branch only ({@code BRANCH_NAME} as a multibranch job sets it; its {@code sh} and {@code
   * withCredentials} are the stand-ins).
   */
  @ParameterizedTest(name = "{0} on branch {1}")
  @MethodSource("declarativeSnippetsAndBranches")
  @DisabledIf(value = "withDeclarative", disabledReason = "Declarative Pipeline is on the class path (mvn -Pplugin):"
      + " its compiler hook parses the script's pipeline { } as declarative, so the shim would not be what runs;"
      + " theDeclarativeSnippetPushesToHarbor runs these snippets through declarative itself")
  void theDeclarativeSnippetPushesToHarborThroughAScriptedShim(Snippet snippet, String branch, JenkinsRule j,
      @TempDir Path tmp) throws Exception {
    try (HarborStandIn harbor = HarborStandIn.create().start()) {
      TestSetup.harborForTheGate(harbor, SECRET);
      harbor.setScanResult("app", "demo", ScanResult.clean());
      WorkflowJob job = j.createProject(WorkflowJob.class, "declarative-shim");
      DumbSlave agent = agentWithTheSampleApp(j, job);
      if (branch != null) {
        agent.getNodeProperties().get(EnvironmentVariablesNodeProperty.class).getEnvVars().put("BRANCH_NAME", branch);
      }
      job.setDefinition(new CpsFlowDefinition(STAND_INS + DECLARATIVE_SHIM + snippet.script(), true));

      WorkflowRun run = j.buildAndAssertSuccess(job);

      j.assertLogContains("Running on " + agent.getNodeName(), run);
      List<String> pushed = pushedAndInspected(run, Skopeo.trusting(harbor.registryHost(),
          harbor.ca().writeCertDir(tmp.resolve("certs"))).withCredentials(TestSetup.ROBOT, SECRET.toCharArray()));
      assertThat(pushed.size(), equalTo(1));
      assertThat(pushed.get(0), startsWith(harbor.registryHost() + "/app/demo@sha256:"));
      Matcher env = ENV_FROM_IMAGE.matcher(snippet.script());
      assertThat(snippet + " sets an environment variable to the image", env.find(), equalTo(true));
      assertThat(run.getAction(EnvActionImpl.class).getOverriddenEnvironment().get(env.group(1)),
          equalTo(pushed.get(0)));
      Matcher when = WHEN_BRANCH.matcher(snippet.script());
      boolean deploys = !when.find() || when.group(1).equals(branch);
      assertThat(snippet + ": the Deploy stage's kubectl", JenkinsRule.getLog(run).contains("kubectl"),
          equalTo(deploys));
      if (!deploys) {
        j.assertLogContains("Stage \"Deploy\" skipped due to when conditional", run);
      }
      harbor.assertNoValidationFailures();
    }
  }

  /** Whether pipeline-model-definition, whose compiler hook parses every {@code pipeline { }}, is on the class path. */
  static boolean withDeclarative() {
    try {
      Class.forName("org.jenkinsci.plugins.pipeline.modeldefinition.parser.GroovyShellDecoratorImpl");
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /**
   * Declarative snippets need the pipeline-model-definition plugin, which the from-source runtime (jenkins-run) does
   * not build; they run under {@code mvn -B -Pplugin verify}. They gate on Harbor's scan, so they push to the Harbor
   * stand-in.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("declarativeSnippets")
  @Tag("not-on-jenkins-run")
  void theDeclarativeSnippetPushesToHarbor(Snippet snippet, JenkinsRule j) throws Exception {
    try (HarborStandIn harbor = HarborStandIn.create().start()) {
      TestSetup.harborForTheGate(harbor, SECRET);
      harbor.setScanResult("app", "demo", ScanResult.clean());
      WorkflowJob job = j.createProject(WorkflowJob.class, "declarative");
      agentWithTheSampleApp(j, job);
      job.setDefinition(new CpsFlowDefinition(pipelineOf(snippet), true));

      WorkflowRun run = j.buildAndAssertSuccess(job);

      j.assertLogContains("[harbor-jib] pushed " + harbor.registryHost() + "/app/demo@sha256:", run);
      harbor.assertNoValidationFailures();
    }
  }
}
