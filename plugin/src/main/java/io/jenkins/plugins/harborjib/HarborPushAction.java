package io.jenkins.plugins.harborjib;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.EnvVars;
import hudson.model.EnvironmentContributingAction;
import hudson.model.Run;
import io.jenkins.plugins.harborjib.bridge.PushOutcome;
import io.jenkins.plugins.harborjib.bridge.log.EventFormatter;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.RunAction2;

/**
 * One push of a build, on the build page: reference, digest, tags, size, the link to Harbor and the scan summary.
 * Kept in build.xml: JDK types only, nothing secret. For a freestyle build it also gives later build steps
 * {@code HARBOR_IMAGE} ({@code registry/project/repository}), {@code HARBOR_DIGEST} ({@code sha256:...}),
 * {@code HARBOR_REFERENCE} ({@code registry/project/repository@sha256:...}) and {@code HARBOR_TAGS} (comma-separated);
 * after several pushes, the last one's.
 */
public class HarborPushAction implements RunAction2, EnvironmentContributingAction {
  public static final String HARBOR_IMAGE = "HARBOR_IMAGE";
  public static final String HARBOR_DIGEST = "HARBOR_DIGEST";
  public static final String HARBOR_REFERENCE = "HARBOR_REFERENCE";
  public static final String HARBOR_TAGS = "HARBOR_TAGS";

  private final String server;
  private final String image;
  private final String reference;
  private final String digest;
  private final ArrayList<String> tags;
  private final long sizeBytes;
  private final long bytesUploaded;
  private final String harborUrl;
  private final String scanOutcome;
  private final String scanSummary;
  private final boolean exportVariables;
  private transient Run<?, ?> run;

  HarborPushAction(String server, PushOutcome outcome, String harborUrl, boolean exportVariables) {
    this.server = server;
    this.image = outcome.image();
    this.reference = outcome.reference();
    this.digest = outcome.digest();
    this.tags = new ArrayList<>(outcome.tags());
    this.sizeBytes = outcome.sizeBytes();
    this.bytesUploaded = outcome.bytesUploaded();
    this.harborUrl = harborUrl;
    this.scanOutcome = outcome.scanOutcome().orElse("");
    this.scanSummary = outcome.harbor().map(PushOutcome.HarborInfo::scanSummary).orElse("");
    this.exportVariables = exportVariables;
  }

  public String getServer() {
    return server;
  }

  public String getImage() {
    return image;
  }

  public String getReference() {
    return reference;
  }

  public String getDigest() {
    return digest;
  }

  public List<String> getTags() {
    return List.copyOf(tags);
  }

  /** The tags, comma-separated, for the build page. */
  public String getTagsText() {
    return String.join(", ", tags);
  }

  public long getSizeBytes() {
    return sizeBytes;
  }

  /** The size for people, e.g. {@code 61.2 MB}. */
  public String getSize() {
    return EventFormatter.size(sizeBytes);
  }

  public String getUploaded() {
    return EventFormatter.size(bytesUploaded);
  }

  public String getHarborUrl() {
    return harborUrl;
  }

  /** The link for the build page: only an http(s) URL, never another scheme. */
  public String getSafeHarborUrl() {
    String u = harborUrl.toLowerCase(java.util.Locale.ROOT);
    return u.startsWith("https://") || u.startsWith("http://") ? harborUrl : "";
  }

  /** {@code PASS}, {@code UNSTABLE} or {@code FAIL}; empty without a scan gate. */
  public String getScanOutcome() {
    return scanOutcome;
  }

  public String getScanSummary() {
    return scanSummary;
  }

  @CheckForNull
  public Run<?, ?> getRun() {
    return run;
  }

  @Override
  public void onAttached(Run<?, ?> r) {
    this.run = r;
  }

  @Override
  public void onLoad(Run<?, ?> r) {
    this.run = r;
  }

  @Override
  public void buildEnvironment(Run<?, ?> r, EnvVars env) {
    if (exportVariables) {
      env.put(HARBOR_IMAGE, image);
      env.put(HARBOR_DIGEST, digest);
      env.put(HARBOR_REFERENCE, reference);
      env.put(HARBOR_TAGS, String.join(",", tags));
    }
  }

  /** Shown on the build page only, through summary.jelly: no side-panel link. */
  @Override
  @CheckForNull
  public String getIconFileName() {
    return null;
  }

  @Override
  public String getDisplayName() {
    return Messages.HarborPushAction_DisplayName();
  }

  @Override
  @CheckForNull
  public String getUrlName() {
    return null;
  }
}
