package io.jenkins.plugins.harborjib;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.ComboBoxModel;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.harborjib.bridge.BuildOutputType;
import io.jenkins.plugins.harborjib.bridge.HarborAccess;
import io.jenkins.plugins.harborjib.bridge.ImageSettings;
import io.jenkins.plugins.harborjib.bridge.ServerSettings;
import io.jenkins.plugins.harborjib.bridge.SettingsCheck;
import io.jenkins.plugins.harborjib.bridge.Values;
import io.jenkins.plugins.harborjib.engine.PushException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * What one push does: the single configuration shared by the {@code harborPush} Pipeline step ({@link HarborPushStep})
 * and the freestyle build step ({@link HarborPushBuilder}), so neither repeats the other's fields. Its form, checks and
 * drop-downs live here, once. The values are handed to the bridge as {@link ImageSettings}, field for field.
 */
public class HarborPushSettings implements Describable<HarborPushSettings> {
  private static final Logger LOGGER = Logger.getLogger(HarborPushSettings.class.getName());

  /** The fields shown as text areas, one entry per line, and bound as lists. */
  static final List<String> LIST_FIELDS = List.of("tags", "jvmFlags", "environment", "ports", "labels",
      "harborLabels", "platforms");

  private final String repository;
  private String server = "";
  private String project = "";
  private ArrayList<String> tags = new ArrayList<>();
  private String baseImage = "";
  private String buildOutput = "";
  private String buildOutputType = "";
  private String mainClass = "";
  private ArrayList<String> jvmFlags = new ArrayList<>();
  private ArrayList<String> environment = new ArrayList<>();
  private ArrayList<String> ports = new ArrayList<>();
  private ArrayList<String> labels = new ArrayList<>();
  private ArrayList<String> harborLabels = new ArrayList<>();
  private ArrayList<String> platforms = new ArrayList<>();
  private String credentialsId = "";
  private boolean createProject;
  private ScanGate scanGate;
  private String verbosity = "";

  @DataBoundConstructor
  public HarborPushSettings(String repository) {
    this.repository = Values.trim(repository);
  }

  public String getRepository() {
    return repository;
  }

  public String getServer() {
    return server;
  }

  /** The Harbor server's id from the global configuration; empty picks the only one. */
  @DataBoundSetter
  public void setServer(@CheckForNull String server) {
    this.server = Values.trim(server);
  }

  public String getProject() {
    return project;
  }

  @DataBoundSetter
  public void setProject(@CheckForNull String project) {
    this.project = Values.trim(project);
  }

  public List<String> getTags() {
    return Collections.unmodifiableList(tags);
  }

  @DataBoundSetter
  public void setTags(@CheckForNull List<String> tags) {
    this.tags = new ArrayList<>(Values.lines(tags));
  }

  public String getBaseImage() {
    return baseImage;
  }

  @DataBoundSetter
  public void setBaseImage(@CheckForNull String baseImage) {
    this.baseImage = Values.trim(baseImage);
  }

  public String getBuildOutput() {
    return buildOutput;
  }

  @DataBoundSetter
  public void setBuildOutput(@CheckForNull String buildOutput) {
    this.buildOutput = Values.trim(buildOutput);
  }

  public String getBuildOutputType() {
    return buildOutputType;
  }

  @DataBoundSetter
  public void setBuildOutputType(@CheckForNull String buildOutputType) {
    this.buildOutputType = Values.trim(buildOutputType);
  }

  public String getMainClass() {
    return mainClass;
  }

  @DataBoundSetter
  public void setMainClass(@CheckForNull String mainClass) {
    this.mainClass = Values.trim(mainClass);
  }

  public List<String> getJvmFlags() {
    return Collections.unmodifiableList(jvmFlags);
  }

  @DataBoundSetter
  public void setJvmFlags(@CheckForNull List<String> jvmFlags) {
    this.jvmFlags = new ArrayList<>(Values.lines(jvmFlags));
  }

  public List<String> getEnvironment() {
    return Collections.unmodifiableList(environment);
  }

  @DataBoundSetter
  public void setEnvironment(@CheckForNull List<String> environment) {
    this.environment = new ArrayList<>(Values.lines(environment));
  }

  public List<String> getPorts() {
    return Collections.unmodifiableList(ports);
  }

  @DataBoundSetter
  public void setPorts(@CheckForNull List<String> ports) {
    this.ports = new ArrayList<>(Values.lines(ports));
  }

  public List<String> getLabels() {
    return Collections.unmodifiableList(labels);
  }

  @DataBoundSetter
  public void setLabels(@CheckForNull List<String> labels) {
    this.labels = new ArrayList<>(Values.lines(labels));
  }

  public List<String> getHarborLabels() {
    return Collections.unmodifiableList(harborLabels);
  }

  @DataBoundSetter
  public void setHarborLabels(@CheckForNull List<String> harborLabels) {
    this.harborLabels = new ArrayList<>(Values.lines(harborLabels));
  }

  public List<String> getPlatforms() {
    return Collections.unmodifiableList(platforms);
  }

  @DataBoundSetter
  public void setPlatforms(@CheckForNull List<String> platforms) {
    this.platforms = new ArrayList<>(Values.lines(platforms));
  }

  public String getCredentialsId() {
    return credentialsId;
  }

  /** Overrides the server's default credentials. */
  @DataBoundSetter
  public void setCredentialsId(@CheckForNull String credentialsId) {
    this.credentialsId = Values.trim(credentialsId);
  }

  public boolean isCreateProject() {
    return createProject;
  }

  @DataBoundSetter
  public void setCreateProject(boolean createProject) {
    this.createProject = createProject;
  }

  @CheckForNull
  public ScanGate getScanGate() {
    return scanGate;
  }

  @DataBoundSetter
  public void setScanGate(@CheckForNull ScanGate scanGate) {
    this.scanGate = scanGate;
  }

  public String getVerbosity() {
    return verbosity;
  }

  /** {@code quiet}, {@code normal} (empty) or {@code verbose}. */
  @DataBoundSetter
  public void setVerbosity(@CheckForNull String verbosity) {
    this.verbosity = Values.trim(verbosity);
  }

  /** These settings as the bridge takes them: the same names, the same values. */
  public ImageSettings toImageSettings() {
    return ImageSettings.builder(repository).server(server).project(project).tags(tags).baseImage(baseImage)
        .buildOutput(buildOutput).buildOutputType(buildOutputType).mainClass(mainClass).jvmFlags(jvmFlags)
        .environment(environment).ports(ports).labels(labels).harborLabels(harborLabels).platforms(platforms)
        .credentialsId(credentialsId).createProject(createProject)
        .scanGate(scanGate == null ? null : scanGate.toSettings()).verbosity(verbosity).build();
  }

  /** A form's JSON with each list field's text area (one entry per line) turned into a list. */
  static JSONObject listsFromLines(JSONObject formData) {
    JSONObject json = JSONObject.fromObject(formData);
    for (String field : LIST_FIELDS) {
      if (json.get(field) instanceof String text) {
        json.put(field, JSONArray.fromObject(Values.splitLines(text)));
      }
    }
    return json;
  }

  /**
   * Settings missing from a job's or build record's XML get their defaults: XStream runs no constructor and no field
   * initialiser, so a field the XML does not name is {@code null}.
   */
  protected Object readResolve() {
    server = Values.trim(server);
    project = Values.trim(project);
    baseImage = Values.trim(baseImage);
    buildOutput = Values.trim(buildOutput);
    buildOutputType = Values.trim(buildOutputType);
    mainClass = Values.trim(mainClass);
    credentialsId = Values.trim(credentialsId);
    verbosity = Values.trim(verbosity);
    tags = new ArrayList<>(Values.lines(tags));
    jvmFlags = new ArrayList<>(Values.lines(jvmFlags));
    environment = new ArrayList<>(Values.lines(environment));
    ports = new ArrayList<>(Values.lines(ports));
    labels = new ArrayList<>(Values.lines(labels));
    harborLabels = new ArrayList<>(Values.lines(harborLabels));
    platforms = new ArrayList<>(Values.lines(platforms));
    return this;
  }

  /** The push form, its checks and drop-downs: the same for the Pipeline step's snippet and the freestyle step. */
  @Extension
  public static class DescriptorImpl extends Descriptor<HarborPushSettings> {
    @Override
    public String getDisplayName() {
      return Messages.HarborPushSettings_DisplayName();
    }

    /** Text areas hold one entry per line; the data model holds lists. */
    @Override
    public HarborPushSettings newInstance(@CheckForNull StaplerRequest2 req, JSONObject formData)
        throws FormException {
      return super.newInstance(req, listsFromLines(formData));
    }

    /** One entry per line, for a text area. */
    public String lines(@CheckForNull List<String> values) {
      return Values.joinLines(values);
    }

    private static boolean canRead(@CheckForNull Item item) {
      return item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
          : item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(Item.CONFIGURE);
    }

    private static boolean canConfigure(@CheckForNull Item item) {
      return item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER) : item.hasPermission(Item.CONFIGURE);
    }

    private static boolean canListCredentials(@CheckForNull Item item) {
      return item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
          : item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
    }

    private static Optional<HarborServer> server(@CheckForNull String id) {
      return HarborGlobalConfiguration.get().findServer(id);
    }

    // Drop-downs

    @POST
    public ListBoxModel doFillServerItems(@AncestorInPath @CheckForNull Item item, @QueryParameter String server) {
      ListBoxModel m = new ListBoxModel();
      if (!canRead(item)) {
        if (!Values.trim(server).isEmpty()) {
          m.add(server);
        }
        return m;
      }
      // Empty first: a <select> without the saved value shows its first option, and saving would store that.
      m.add(Messages.HarborPushSettings_DefaultServer(), "");
      for (HarborServer s : HarborGlobalConfiguration.get().getServers()) {
        m.add(s.getId() + " (" + s.getUrl() + ")", s.getId());
      }
      String current = Values.trim(server);
      if (!current.isEmpty() && server(current).isEmpty()) {
        m.add(Messages.HarborPushSettings_NotConfigured(current), current);
      }
      return m;
    }

    @POST
    public ListBoxModel doFillBuildOutputTypeItems(@AncestorInPath @CheckForNull Item item) {
      ListBoxModel m = new ListBoxModel();
      if (!canRead(item)) {
        return m;
      }
      m.add(Messages.BuildOutputType_Default(), "");
      m.add(Messages.BuildOutputType_Auto(), BuildOutputType.AUTO.id());
      m.add(Messages.BuildOutputType_Exploded(), BuildOutputType.EXPLODED.id());
      m.add(Messages.BuildOutputType_ThinJar(), BuildOutputType.THIN_JAR.id());
      m.add(Messages.BuildOutputType_SpringBootJar(), BuildOutputType.SPRING_BOOT_JAR.id());
      m.add(Messages.BuildOutputType_War(), BuildOutputType.WAR.id());
      return m;
    }

    @POST
    public ListBoxModel doFillVerbosityItems(@AncestorInPath @CheckForNull Item item) {
      ListBoxModel m = new ListBoxModel();
      if (!canRead(item)) {
        return m;
      }
      m.add(Messages.Verbosity_Default(), "");
      m.add(Messages.Verbosity_Normal(), "normal");
      m.add(Messages.Verbosity_Quiet(), "quiet");
      m.add(Messages.Verbosity_Verbose(), "verbose");
      return m;
    }

    /** Credentials for the chosen server, as the job will see them (credentials-plugin consumer guide). */
    @POST
    public ListBoxModel doFillCredentialsIdItems(@AncestorInPath @CheckForNull Item item,
        @QueryParameter String server, @QueryParameter String credentialsId) {
      StandardListBoxModel result = new StandardListBoxModel();
      if (!canListCredentials(item)) {
        return result.includeCurrentValue(credentialsId);
      }
      String url = server(server).map(HarborServer::getUrl).orElse("");
      if (item == null) {
        // No job: what any build could use from the root, which leaves System-scoped credentials out.
        result.includeEmptyValue().includeMatchingAs(ACL.SYSTEM2, Jenkins.get(),
            StandardUsernamePasswordCredentials.class, URIRequirementBuilder.fromUri(url).build(),
            Connections.USABLE_BY_BUILDS);
      } else {
        result.includeEmptyValue().includeMatchingAs(item instanceof Queue.Task task
                ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2, item,
            StandardUsernamePasswordCredentials.class, URIRequirementBuilder.fromUri(url).build(),
            CredentialsMatchers.always());
      }
      return result.includeCurrentValue(credentialsId);
    }

    @POST
    public FormValidation doCheckCredentialsId(@AncestorInPath @CheckForNull Item item, @QueryParameter String value,
        @QueryParameter String server) {
      if (!canListCredentials(item) || Values.trim(value).isEmpty()) {
        return FormValidation.ok();
      }
      String url = server(server).map(HarborServer::getUrl).orElse("");
      boolean found = item == null ? Connections.credentialsForBuilds(value, url).isPresent()
          : !CredentialsProvider.listCredentialsInItem(StandardUsernamePasswordCredentials.class, item,
              item instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2,
              URIRequirementBuilder.fromUri(url).build(), CredentialsMatchers.withId(value)).isEmpty();
      if (found) {
        return FormValidation.ok();
      }
      return FormValidation.error(Connections.hasSystemScope(value, url)
          ? Messages.HarborServer_CredentialsSystemScope(value) : Messages.HarborServer_CredentialsNotFound(value));
    }

    /**
     * The projects of the chosen server that the credentials can see, for the project combo box; just the server's
     * default project when Harbor cannot be asked (robot accounts often may not list projects). Contacts only a server
     * an administrator configured, never a URL from the request, and only for users who may configure the job.
     */
    @POST
    public ComboBoxModel doFillProjectItems(@AncestorInPath @CheckForNull Item item, @QueryParameter String server,
        @QueryParameter String credentialsId) {
      ComboBoxModel m = new ComboBoxModel();
      if (!canConfigure(item)) {
        return m;
      }
      Optional<HarborServer> s = server(server);
      if (s.isEmpty()) {
        return m;
      }
      if (!s.get().getDefaultProject().isEmpty()) {
        m.add(s.get().getDefaultProject());
      }
      if (!s.get().isHarborApi()) {
        return m;
      }
      String id = Values.trim(credentialsId).isEmpty() ? s.get().getCredentialsId() : credentialsId.trim();
      StandardUsernamePasswordCredentials credentials = null;
      if (!id.isEmpty()) {
        List<com.cloudbees.plugins.credentials.domains.DomainRequirement> domain =
            URIRequirementBuilder.fromUri(s.get().getUrl()).build();
        credentials = item == null ? Connections.credentialsForBuilds(id, s.get().getUrl()).orElse(null)
            : CredentialsProvider.findCredentialByIdInItem(id, StandardUsernamePasswordCredentials.class, item,
                item instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2, domain);
      }
      try {
        // Short timeouts: the form waits for this answer.
        ServerSettings quick = new ServerSettings(s.get().getId(), s.get().getUrl(), "", "",
            s.get().getCaCertificate(), s.get().isInsecure(), 5, 10, true);
        for (String name : HarborAccess.projectNames(HarborAccess.client(quick, Connections.login(credentials),
            Connections.controllerProxy()), "")) {
          if (!m.contains(name)) {
            m.add(name);
          }
        }
      } catch (PushException e) {
        LOGGER.log(Level.FINE, "Cannot list the projects of Harbor server " + s.get().getId(), e);
      }
      return m;
    }

    // Checks, each saying what the engine would

    @POST
    public FormValidation doCheckServer(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
      if (!canConfigure(item)) {
        return FormValidation.ok();
      }
      if (server(value).isEmpty()) {
        return FormValidation.error(Values.trim(value).isEmpty()
            ? Messages.HarborPushSettings_ChooseServer(HarborGlobalConfiguration.get().describeServers())
            : Messages.HarborPushSettings_UnknownServer(value, HarborGlobalConfiguration.get().describeServers()));
      }
      return FormValidation.ok();
    }

    @POST
    public FormValidation doCheckProject(@AncestorInPath @CheckForNull Item item, @QueryParameter String value,
        @QueryParameter String server) {
      if (!canConfigure(item)) {
        return FormValidation.ok();
      }
      return Forms.error(SettingsCheck.project(value, server(server).map(HarborServer::getDefaultProject)
          .orElse("")));
    }

    @POST
    public FormValidation doCheckRepository(@AncestorInPath @CheckForNull Item item, @QueryParameter String value,
        @QueryParameter String project) {
      if (!canConfigure(item)) {
        return FormValidation.ok();
      }
      return Forms.error(SettingsCheck.repository(value, project));
    }

    @POST
    public FormValidation doCheckTags(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
      if (!canConfigure(item)) {
        return FormValidation.ok();
      }
      return Forms.eachLine(value, "tags", SettingsCheck::tagTemplate);
    }

    @POST
    public FormValidation doCheckBaseImage(@AncestorInPath @CheckForNull Item item, @QueryParameter String value,
        @QueryParameter String server) {
      if (!canConfigure(item)) {
        return FormValidation.ok();
      }
      return Forms.error(SettingsCheck.baseImage(value, server(server).map(HarborServer::getDefaultBaseImage)
          .orElse("")));
    }

    @POST
    public FormValidation doCheckBuildOutput(@AncestorInPath @CheckForNull Item item, @QueryParameter String value,
        @QueryParameter String buildOutputType) {
      if (!canConfigure(item)) {
        return FormValidation.ok();
      }
      return Forms.error(SettingsCheck.buildOutput(value, buildOutputType));
    }

    @POST
    public FormValidation doCheckMainClass(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
      if (!canConfigure(item)) {
        return FormValidation.ok();
      }
      return Forms.error(SettingsCheck.mainClass(value));
    }

    @POST
    public FormValidation doCheckJvmFlags(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
      if (!canConfigure(item)) {
        return FormValidation.ok();
      }
      return Forms.eachLine(value, "jvmFlags", SettingsCheck::jvmFlag);
    }

    @POST
    public FormValidation doCheckEnvironment(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
      if (!canConfigure(item)) {
        return FormValidation.ok();
      }
      return Forms.eachLine(value, "environment", SettingsCheck::environmentEntry);
    }

    @POST
    public FormValidation doCheckPorts(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
      if (!canConfigure(item)) {
        return FormValidation.ok();
      }
      return Forms.eachLine(value, "ports", SettingsCheck::port);
    }

    @POST
    public FormValidation doCheckLabels(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
      if (!canConfigure(item)) {
        return FormValidation.ok();
      }
      return Forms.eachLine(value, "labels", SettingsCheck::label);
    }

    @POST
    public FormValidation doCheckHarborLabels(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
      if (!canConfigure(item)) {
        return FormValidation.ok();
      }
      return Forms.eachLine(value, "harborLabels", SettingsCheck::harborLabel);
    }

    @POST
    public FormValidation doCheckPlatforms(@AncestorInPath @CheckForNull Item item, @QueryParameter String value) {
      if (!canConfigure(item)) {
        return FormValidation.ok();
      }
      return Forms.eachLine(value, "platforms", SettingsCheck::platform);
    }
  }
}
