package io.jenkins.plugins.harborjib;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.harborjib.bridge.ScanGateSettings;
import io.jenkins.plugins.harborjib.bridge.SettingsCheck;
import io.jenkins.plugins.harborjib.bridge.Values;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import jenkins.model.Jenkins;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * The vulnerability gate of a push: Harbor scans the pushed image and the build fails (or turns unstable) when a
 * vulnerability at or above the threshold is found. In Pipeline: {@code scanGate: [threshold: 'HIGH']}.
 */
public class ScanGate implements Describable<ScanGate> {
  private String threshold = ScanGateSettings.DEFAULT.threshold();
  private String onViolation = ScanGateSettings.DEFAULT.onViolation();
  private ArrayList<String> allowList = new ArrayList<>();
  private int timeoutSeconds = ScanGateSettings.DEFAULT.timeoutSeconds();
  /** A {@code Boolean}: missing from the XML means the default (on), not {@code false}. */
  private Boolean trigger = ScanGateSettings.DEFAULT.trigger();
  private boolean sbom = ScanGateSettings.DEFAULT.sbom();

  @DataBoundConstructor
  public ScanGate() {}

  public String getThreshold() {
    return threshold;
  }

  /** {@code CRITICAL}, {@code HIGH}, {@code MEDIUM} or {@code LOW}. */
  @DataBoundSetter
  public void setThreshold(@CheckForNull String threshold) {
    this.threshold = Values.trim(threshold).toUpperCase(Locale.ROOT);
  }

  public String getOnViolation() {
    return onViolation;
  }

  /** {@code FAIL} or {@code UNSTABLE}. */
  @DataBoundSetter
  public void setOnViolation(@CheckForNull String onViolation) {
    this.onViolation = Values.trim(onViolation).toUpperCase(Locale.ROOT);
  }

  public List<String> getAllowList() {
    return Collections.unmodifiableList(allowList);
  }

  @DataBoundSetter
  public void setAllowList(@CheckForNull List<String> allowList) {
    this.allowList = new ArrayList<>(Values.lines(allowList));
  }

  public int getTimeoutSeconds() {
    return timeoutSeconds;
  }

  @DataBoundSetter
  public void setTimeoutSeconds(int timeoutSeconds) {
    this.timeoutSeconds = timeoutSeconds;
  }

  public boolean isTrigger() {
    return trigger == null ? ScanGateSettings.DEFAULT.trigger() : trigger;
  }

  /** Start a scan; off waits for the project's automatic scan. */
  @DataBoundSetter
  public void setTrigger(boolean trigger) {
    this.trigger = trigger;
  }

  public boolean isSbom() {
    return sbom;
  }

  @DataBoundSetter
  public void setSbom(boolean sbom) {
    this.sbom = sbom;
  }

  /** Fields missing from the XML get their defaults (XStream runs no field initialiser). */
  protected Object readResolve() {
    if (Values.trim(threshold).isEmpty()) {
      threshold = ScanGateSettings.DEFAULT.threshold();
    }
    if (Values.trim(onViolation).isEmpty()) {
      onViolation = ScanGateSettings.DEFAULT.onViolation();
    }
    if (allowList == null) {
      allowList = new ArrayList<>();
    }
    if (timeoutSeconds <= 0) {
      timeoutSeconds = ScanGateSettings.DEFAULT.timeoutSeconds();
    }
    if (trigger == null) {
      trigger = ScanGateSettings.DEFAULT.trigger();
    }
    return this;
  }

  public ScanGateSettings toSettings() {
    return new ScanGateSettings(threshold, onViolation, allowList, timeoutSeconds, isTrigger(), sbom);
  }

  /** The gate's form, shown inside the push settings. */
  @Extension
  @Symbol("scanGate")
  public static class DescriptorImpl extends Descriptor<ScanGate> {
    @Override
    public String getDisplayName() {
      return Messages.ScanGate_DisplayName();
    }

    /** The allow list is a text area, one id per line; the data model is a list. */
    @Override
    public ScanGate newInstance(@CheckForNull StaplerRequest2 req, JSONObject formData) throws FormException {
      JSONObject json = formData;
      if (json.get("allowList") instanceof String text) {
        json = JSONObject.fromObject(json);
        json.put("allowList", JSONArray.fromObject(Values.splitLines(text)));
      }
      return super.newInstance(req, json);
    }

    private static boolean canRead(@CheckForNull Item item) {
      return item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
          : item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(Item.CONFIGURE);
    }

    private static boolean canConfigure(@CheckForNull Item item) {
      return item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER) : item.hasPermission(Item.CONFIGURE);
    }

    /** One entry per line, for the text area. */
    public String lines(@CheckForNull List<String> values) {
      return Values.joinLines(values);
    }

    @POST
    public ListBoxModel doFillThresholdItems(@AncestorInPath @CheckForNull Item item) {
      ListBoxModel m = new ListBoxModel();
      if (!canRead(item)) {
        return m;
      }
      m.add(Messages.ScanGate_Critical(), "CRITICAL");
      m.add(Messages.ScanGate_High(), "HIGH");
      m.add(Messages.ScanGate_Medium(), "MEDIUM");
      m.add(Messages.ScanGate_Low(), "LOW");
      return m;
    }

    @POST
    public ListBoxModel doFillOnViolationItems(@AncestorInPath @CheckForNull Item item) {
      ListBoxModel m = new ListBoxModel();
      if (!canRead(item)) {
        return m;
      }
      m.add(Messages.ScanGate_Fail(), "FAIL");
      m.add(Messages.ScanGate_Unstable(), "UNSTABLE");
      return m;
    }

    @POST
    public FormValidation doCheckTimeoutSeconds(@AncestorInPath @CheckForNull Item item,
        @QueryParameter String value) {
      if (!canConfigure(item)) {
        return FormValidation.ok();
      }
      return Forms.error(SettingsCheck.scanTimeoutSeconds(Forms.integer(value)));
    }
  }
}
