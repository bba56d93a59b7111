package io.jenkins.plugins.harborjib;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.Descriptor.FormException;
import hudson.model.Item;
import hudson.util.ComboBoxModel;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.harborjib.bridge.Values;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.util.Timer;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.structs.describable.CustomDescribableModel;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code harborPush}: builds the image from the workspace's Maven output on the agent that holds it, pushes it to
 * Harbor and returns what was pushed.
 *
 * <pre>
 * def image = harborPush server: 'harbor', project: 'app', repository: 'demo',
 *                        tags: [env.BUILD_NUMBER, 'latest'], from: 'base/jre17:17'
 * echo "deploy ${image.reference}"   // harbor.example.com/app/demo@sha256:...
 * </pre>
 *
 * The arguments are the fields of {@link HarborPushSettings} (shared with the freestyle step), written flat: the step's
 * own {@code @DataBoundConstructor} and {@code @DataBoundSetter}s write into one settings object. {@code from:} is
 * accepted for {@code baseImage:}, one String for a list of one ({@code tags: 'latest'}), and {@code harborPush 'demo'}
 * names the repository. The result is a map of Strings and lists of Strings: {@code digest}, {@code reference},
 * {@code image}, {@code tags}, {@code taggedReferences}, {@code harborUrl}, {@code scanOutcome}.
 */
public final class HarborPushStep extends Step {
  private final HarborPushSettings settings;

  /** {@code harborPush 'demo'} and {@code harborPush repository: 'demo'}. */
  @DataBoundConstructor
  public HarborPushStep(String repository) {
    this(new HarborPushSettings(repository));
  }

  HarborPushStep(HarborPushSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** What the push does: the object the freestyle step holds too. */
  public HarborPushSettings getSettings() {
    return settings;
  }

  public String getRepository() {
    return settings.getRepository();
  }

  public String getServer() {
    return settings.getServer();
  }

  @DataBoundSetter
  public void setServer(@CheckForNull String server) {
    settings.setServer(server);
  }

  public String getProject() {
    return settings.getProject();
  }

  @DataBoundSetter
  public void setProject(@CheckForNull String project) {
    settings.setProject(project);
  }

  public List<String> getTags() {
    return settings.getTags();
  }

  @DataBoundSetter
  public void setTags(@CheckForNull List<String> tags) {
    settings.setTags(tags);
  }

  public String getBaseImage() {
    return settings.getBaseImage();
  }

  @DataBoundSetter
  public void setBaseImage(@CheckForNull String baseImage) {
    settings.setBaseImage(baseImage);
  }

  public String getBuildOutput() {
    return settings.getBuildOutput();
  }

  @DataBoundSetter
  public void setBuildOutput(@CheckForNull String buildOutput) {
    settings.setBuildOutput(buildOutput);
  }

  public String getBuildOutputType() {
    return settings.getBuildOutputType();
  }

  @DataBoundSetter
  public void setBuildOutputType(@CheckForNull String buildOutputType) {
    settings.setBuildOutputType(buildOutputType);
  }

  public String getMainClass() {
    return settings.getMainClass();
  }

  @DataBoundSetter
  public void setMainClass(@CheckForNull String mainClass) {
    settings.setMainClass(mainClass);
  }

  public List<String> getJvmFlags() {
    return settings.getJvmFlags();
  }

  @DataBoundSetter
  public void setJvmFlags(@CheckForNull List<String> jvmFlags) {
    settings.setJvmFlags(jvmFlags);
  }

  public List<String> getEnvironment() {
    return settings.getEnvironment();
  }

  @DataBoundSetter
  public void setEnvironment(@CheckForNull List<String> environment) {
    settings.setEnvironment(environment);
  }

  public List<String> getPorts() {
    return settings.getPorts();
  }

  @DataBoundSetter
  public void setPorts(@CheckForNull List<String> ports) {
    settings.setPorts(ports);
  }

  public List<String> getLabels() {
    return settings.getLabels();
  }

  @DataBoundSetter
  public void setLabels(@CheckForNull List<String> labels) {
    settings.setLabels(labels);
  }

  public List<String> getHarborLabels() {
    return settings.getHarborLabels();
  }

  @DataBoundSetter
  public void setHarborLabels(@CheckForNull List<String> harborLabels) {
    settings.setHarborLabels(harborLabels);
  }

  public List<String> getPlatforms() {
    return settings.getPlatforms();
  }

  @DataBoundSetter
  public void setPlatforms(@CheckForNull List<String> platforms) {
    settings.setPlatforms(platforms);
  }

  public String getCredentialsId() {
    return settings.getCredentialsId();
  }

  @DataBoundSetter
  public void setCredentialsId(@CheckForNull String credentialsId) {
    settings.setCredentialsId(credentialsId);
  }

  public boolean isCreateProject() {
    return settings.isCreateProject();
  }

  @DataBoundSetter
  public void setCreateProject(boolean createProject) {
    settings.setCreateProject(createProject);
  }

  @CheckForNull
  public ScanGate getScanGate() {
    return settings.getScanGate();
  }

  @DataBoundSetter
  public void setScanGate(@CheckForNull ScanGate scanGate) {
    settings.setScanGate(scanGate);
  }

  public String getVerbosity() {
    return settings.getVerbosity();
  }

  @DataBoundSetter
  public void setVerbosity(@CheckForNull String verbosity) {
    settings.setVerbosity(verbosity);
  }

  /** Never written back: the Snippet Generator writes {@code baseImage:}. */
  @CheckForNull
  public String getFrom() {
    return null;
  }

  /**
   * {@code from:} for {@code baseImage:}, as in a Dockerfile. Given both, they must agree (the model sets
   * {@code baseImage} first: its setters run in alphabetical order).
   */
  @DataBoundSetter
  public void setFrom(@CheckForNull String from) {
    String image = Values.trim(from);
    if (image.isEmpty()) {
      return;
    }
    if (!settings.getBaseImage().isEmpty() && !settings.getBaseImage().equals(image)) {
      throw new IllegalArgumentException(Messages.HarborPushStep_FromAndBaseImage(image, settings.getBaseImage()));
    }
    settings.setBaseImage(image);
  }

  @Override
  public StepExecution start(StepContext context) throws Exception {
    return new Execution(this, context);
  }

  /**
   * The step's name and context; one String where a list goes; the push settings' form ({@code tags/pushForm.jelly})
   * with their checks, drop-downs and help.
   */
  @Extension
  public static final class DescriptorImpl extends StepDescriptor implements CustomDescribableModel {
    @Override
    public String getFunctionName() {
      return "harborPush";
    }

    @Override
    public String getDisplayName() {
      return Messages.HarborPushStep_DisplayName();
    }

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
      return Set.of(Run.class, FilePath.class, TaskListener.class, EnvVars.class, FlowNode.class);
    }

    /** The push settings' descriptor: its form methods answer for this step's form too. */
    private static HarborPushSettings.DescriptorImpl form() {
      return Jenkins.get().getDescriptorByType(HarborPushSettings.DescriptorImpl.class);
    }

    /** The fields' help is the push settings'; the step's own ({@code help.html}) is this step's. */
    @Override
    @CheckForNull
    public String getHelpFile(@CheckForNull String fieldName) {
      return fieldName == null ? super.getHelpFile(null) : form().getHelpFile(fieldName);
    }

    /** One entry per line, for a text area. */
    public String lines(@CheckForNull List<String> values) {
      return form().lines(values);
    }

    /** The form's text areas hold one entry per line. */
    @Override
    public Step newInstance(@CheckForNull StaplerRequest2 req, JSONObject formData) throws FormException {
      return super.newInstance(req, HarborPushSettings.listsFromLines(formData));
    }

    /**
     * {@code tags: 'latest'} means {@code tags: ['latest']}, for every list argument. structs only turns lists into
     * lists; this is the one thing the step's setters cannot say.
     */
    @Override
    public Map<String, Object> customInstantiate(Map<String, Object> arguments) {
      Map<String, Object> result = new LinkedHashMap<>(arguments);
      for (String field : HarborPushSettings.LIST_FIELDS) {
        if (result.get(field) instanceof CharSequence single) {
          result.put(field, List.of(single.toString()));
        }
      }
      return result;
    }

    /** The build's step views name the step by its repository. */
    @Override
    @CheckForNull
    public String argumentsToString(Map<String, Object> namedArgs) {
      Object repository = namedArgs.get("repository");
      return repository instanceof CharSequence ? repository.toString() : null;
    }

    // The push form's drop-downs and checks: each hands the request to the push settings' method of the same name,
    // which checks the user's permission on the same job (@AncestorInPath) and answers. The Jenkins security scan
    // follows that call (WebMethodMissingPermissionCheck: polyCalls*); jenkins-formcheck looks only inside this class,
    // hence the scan's own suppression on each.

    // lgtm[jenkins/no-permission-check]
    @POST
    public ListBoxModel doFillServerItems(@AncestorInPath @CheckForNull Item item, @QueryParameter String server) {
      return form().doFillServerItems(item, server);
    }

    // lgtm[jenkins/no-permission-check]
    @POST
    public ListBoxModel doFillBuildOutputTypeItems(@AncestorInPath @CheckForNull Item item) {
      return form().doFillBuildOutputTypeItems(item);
    }

    // lgtm[jenkins/no-permission-check]
    @POST
    public ListBoxModel doFillVerbosityItems(@AncestorInPath @CheckForNull Item item) {
      return form().doFillVerbosityItems(item);
    }

    // lgtm[jenkins/no-permission-check]
    @POST
    public ListBoxModel doFillCredentialsIdItems(@AncestorInPath @CheckForNull Item item,
        @QueryParameter String server, @QueryParameter String credentialsId) {
      return form().doFillCredentialsIdItems(item, server, credentialsId);
    }

    // lgtm[jenkins/no-permission-check]
    @POST
    public FormValidation doCheckCredentialsId(@AncestorInPath @CheckForNull Item item,
        @QueryParameter String value, @QueryParameter String server) {
      return form().doCheckCredentialsId(item, value, server);
    }

    // lgtm[jenkins/no-permission-check]
    @POST
    public ComboBoxModel doFillProjectItems(@AncestorInPath @CheckForNull Item item,
        @QueryParameter String server, @QueryParameter String credentialsId) {
      return form().doFillProjectItems(item, server, credentialsId);
    }

    // lgtm[jenkins/no-permission-check]
    @POST
    public FormValidation doCheckServer(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
      return form().doCheckServer(item, value);
    }

    // lgtm[jenkins/no-permission-check]
    @POST
    public FormValidation doCheckProject(@AncestorInPath @CheckForNull Item item,
        @QueryParameter String value, @QueryParameter String server) {
      return form().doCheckProject(item, value, server);
    }

    // lgtm[jenkins/no-permission-check]
    @POST
    public FormValidation doCheckRepository(@AncestorInPath @CheckForNull Item item,
        @QueryParameter String value, @QueryParameter String project) {
      return form().doCheckRepository(item, value, project);
    }

    // lgtm[jenkins/no-permission-check]
    @POST
    public FormValidation doCheckTags(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
      return form().doCheckTags(item, value);
    }

    // lgtm[jenkins/no-permission-check]
    @POST
    public FormValidation doCheckBaseImage(@AncestorInPath @CheckForNull Item item,
        @QueryParameter String value, @QueryParameter String server) {
      return form().doCheckBaseImage(item, value, server);
    }

    // lgtm[jenkins/no-permission-check]
    @POST
    public FormValidation doCheckBuildOutput(@AncestorInPath @CheckForNull Item item,
        @QueryParameter String value, @QueryParameter String buildOutputType) {
      return form().doCheckBuildOutput(item, value, buildOutputType);
    }

    // lgtm[jenkins/no-permission-check]
    @POST
    public FormValidation doCheckMainClass(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
      return form().doCheckMainClass(item, value);
    }

    // lgtm[jenkins/no-permission-check]
    @POST
    public FormValidation doCheckJvmFlags(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
      return form().doCheckJvmFlags(item, value);
    }

    // lgtm[jenkins/no-permission-check]
    @POST
    public FormValidation doCheckEnvironment(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
      return form().doCheckEnvironment(item, value);
    }

    // lgtm[jenkins/no-permission-check]
    @POST
    public FormValidation doCheckPorts(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
      return form().doCheckPorts(item, value);
    }

    // lgtm[jenkins/no-permission-check]
    @POST
    public FormValidation doCheckLabels(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
      return form().doCheckLabels(item, value);
    }

    // lgtm[jenkins/no-permission-check]
    @POST
    public FormValidation doCheckHarborLabels(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
      return form().doCheckHarborLabels(item, value);
    }

    // lgtm[jenkins/no-permission-check]
    @POST
    public FormValidation doCheckPlatforms(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
      return form().doCheckPlatforms(item, value);
    }
  }

  /**
   * Runs off the CPS thread. An abort asks the agent to stop the engine and waits until it has, so that its last lines
   * (what may already be in Harbor) are in the log before the step ends.
   */
  static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(Execution.class.getName());

    private final transient HarborPushStep step;
    private final transient HarborPusher.Caller caller;
    private final transient CountDownLatch done = new CountDownLatch(1);
    private transient volatile FilePath workspace;
    private transient volatile Throwable stopping;

    Execution(HarborPushStep step, StepContext context) throws IOException, InterruptedException {
      super(context);
      this.step = step;
      this.caller = HarborPusher.Caller.pipelineStep(context.get(FlowNode.class));
    }

    @Override
    protected Map<String, Object> run() throws Exception {
      try {
        StepContext c = getContext();
        workspace = c.get(FilePath.class);
        return HarborPusher.push(step.settings, c.get(Run.class), workspace, c.get(EnvVars.class),
            c.get(TaskListener.class), caller).stepResult();
      } catch (Exception e) {
        Throwable cause = stopping;
        if (cause instanceof Exception stopped) {
          throw stopped; // the abort ends the step, not the engine's "cancelled" (its lines are in the log already)
        }
        throw e;
      } finally {
        done.countDown();
      }
    }

    @Override
    public void stop(Throwable cause) throws Exception {
      stopping = cause;
      FilePath ws = workspace;
      if (ws == null) {
        super.stop(cause);
        return;
      }
      // Not on the CPS thread: the engine may take seconds to stop.
      Timer.get().submit(() -> {
        try {
          ws.act(new AgentCalls.StopEngine(caller.engineId()));
          if (done.await(AgentCalls.STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            return; // run() ended the step with the cause
          }
        } catch (IOException | InterruptedException | RuntimeException e) {
          LOGGER.log(Level.WARNING, "Could not stop the engine of " + getContext(), e);
        }
        try {
          super.stop(cause);
        } catch (Exception e) {
          LOGGER.log(Level.WARNING, "Could not stop " + getContext(), e);
        }
      });
    }
  }
}
