package io.jenkins.plugins.harborjib;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jenkinsci.plugins.structs.describable.CustomDescribableModel;
import org.jenkinsci.plugins.structs.describable.UninstantiatedDescribable;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

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
 * The arguments are those of {@link HarborPushSettings}, written flat ({@code from:} is accepted for
 * {@code baseImage:}); the result is a map of Strings and lists of Strings: {@code digest}, {@code reference},
 * {@code image}, {@code tags}, {@code taggedReferences}, {@code harborUrl}, {@code scanOutcome}.
 */
public final class HarborPushStep extends Step {
  private final HarborPushSettings settings;

  @DataBoundConstructor
  public HarborPushStep(HarborPushSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public HarborPushSettings getSettings() {
    return settings;
  }

  @Override
  public StepExecution start(StepContext context) throws Exception {
    return new Execution(this, context);
  }

  /** The step's name and context, and its flat argument syntax over the shared settings. */
  @Extension
  public static final class DescriptorImpl extends StepDescriptor implements CustomDescribableModel {
    /** The settings' field for what {@code from:} means. */
    static final String FROM_ALIAS = "from";

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
      return Set.of(Run.class, FilePath.class, TaskListener.class, EnvVars.class);
    }

    /**
     * {@code harborPush repository: 'demo', tags: [...]} means {@code harborPush settings: [repository: 'demo', ...]}:
     * the arguments are the settings' fields. {@code from:} stands for {@code baseImage:}, a single tag String for a
     * list of one, and {@code harborPush 'demo'} for the repository.
     */
    @Override
    public Map<String, Object> customInstantiate(Map<String, Object> arguments) {
      if (arguments.containsKey("settings")) {
        return arguments;
      }
      Map<String, Object> settings = new LinkedHashMap<>();
      arguments.forEach((name, value) -> settings.put(name, strings(value)));
      Object anonymous = settings.remove(UninstantiatedDescribable.ANONYMOUS_KEY);
      if (anonymous != null) {
        settings.put("repository", anonymous);
      }
      Object from = settings.remove(FROM_ALIAS);
      if (from != null && !settings.containsKey("baseImage")) {
        settings.put("baseImage", from);
      }
      for (String field : HarborPushSettings.LIST_FIELDS) {
        if (settings.get(field) instanceof String single) {
          settings.put(field, List.of(single));
        }
      }
      Map<String, Object> wrapped = new LinkedHashMap<>();
      wrapped.put("settings", settings);
      return wrapped;
    }

    /** The Snippet Generator writes the flat form: {@code harborPush repository: 'demo', ...}. */
    @Override
    public UninstantiatedDescribable customUninstantiate(UninstantiatedDescribable step) {
      if (step.getArguments().get("settings") instanceof UninstantiatedDescribable nested) {
        return step.withArguments(new LinkedHashMap<>(nested.getArguments()));
      }
      return step;
    }

    @Override
    @CheckForNull
    public String argumentsToString(Map<String, Object> namedArgs) {
      Object repository = namedArgs.get("repository");
      return repository instanceof CharSequence ? repository.toString() : null;
    }

    /** GStrings (and lists of them) from Groovy become Strings. */
    private static Object strings(Object value) {
      if (value instanceof CharSequence text) {
        return text.toString();
      }
      if (value instanceof List<?> list) {
        List<Object> copy = new ArrayList<>();
        list.forEach(e -> copy.add(e instanceof CharSequence text ? text.toString() : e));
        return copy;
      }
      return value;
    }
  }

  /** Runs off the CPS thread; an abort interrupts it, which stops the engine on the agent. */
  static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
    private static final long serialVersionUID = 1L;

    private final transient HarborPushStep step;

    Execution(HarborPushStep step, StepContext context) {
      super(context);
      this.step = step;
    }

    @Override
    protected Map<String, Object> run() throws Exception {
      StepContext c = getContext();
      return HarborPusher.push(step.settings, c.get(Run.class), c.get(FilePath.class), c.get(EnvVars.class),
          c.get(TaskListener.class), false).stepResult();
    }
  }
}
