package io.jenkins.plugins.harborjib;

import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractProject;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.BuildStepMonitor;
import hudson.tasks.Builder;
import java.io.IOException;
import java.util.Objects;
import jenkins.tasks.SimpleBuildStep;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * The freestyle build step "Push an image to Harbor": the same settings and code path as {@code harborPush}. After it,
 * later build steps see {@code HARBOR_IMAGE}, {@code HARBOR_DIGEST}, {@code HARBOR_REFERENCE} and {@code HARBOR_TAGS}
 * ({@link HarborPushAction}).
 */
public class HarborPushBuilder extends Builder implements SimpleBuildStep {
  private final HarborPushSettings settings;

  @DataBoundConstructor
  public HarborPushBuilder(HarborPushSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public HarborPushSettings getSettings() {
    return settings;
  }

  @Override
  public void perform(Run<?, ?> run, FilePath workspace, EnvVars env, Launcher launcher, TaskListener listener)
      throws InterruptedException, IOException {
    HarborPusher.push(settings, run, workspace, env, listener, true);
  }

  @Override
  public BuildStepMonitor getRequiredMonitorService() {
    return BuildStepMonitor.NONE;
  }

  /** Offered in every freestyle-like job. */
  @Extension
  public static class DescriptorImpl extends BuildStepDescriptor<hudson.tasks.Builder> {
    @Override
    public String getDisplayName() {
      return Messages.HarborPushBuilder_DisplayName();
    }

    @Override
    public boolean isApplicable(Class<? extends AbstractProject> jobType) {
      return true;
    }
  }
}
