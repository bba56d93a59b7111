package io.jenkins.plugins.harborjib;

import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.harborjib.bridge.HarborAccess;
import io.jenkins.plugins.harborjib.bridge.ServerSettings;
import io.jenkins.plugins.harborjib.bridge.SettingsCheck;
import io.jenkins.plugins.harborjib.bridge.Values;
import java.util.Optional;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One Harbor server: its id (what steps write as {@code server: 'harbor'}), URL, default credentials, project and
 * base image, extra CA certificate, insecure switch and timeouts. Holds no secret: credentials are named by id.
 */
public class HarborServer implements Describable<HarborServer> {
  private String id;
  private String url;
  private String credentialsId = "";
  private String defaultProject = "";
  private String defaultBaseImage = "";
  private String caCertificate = "";
  private boolean insecure;
  private int connectTimeoutSeconds = ServerSettings.DEFAULT_CONNECT_TIMEOUT_SECONDS;
  private int readTimeoutSeconds = ServerSettings.DEFAULT_READ_TIMEOUT_SECONDS;
  /** A {@code Boolean}: a server saved before this setting existed has none in its XML, which means on. */
  private Boolean harborApi = Boolean.TRUE;

  @DataBoundConstructor
  public HarborServer(String id, String url) {
    this.id = Values.trim(id);
    this.url = Values.trim(url);
  }

  public String getId() {
    return id;
  }

  public String getUrl() {
    return url;
  }

  public String getCredentialsId() {
    return credentialsId;
  }

  /** Username/password credentials (a robot account: its full name and its secret) used unless a step names others. */
  @DataBoundSetter
  public void setCredentialsId(@CheckForNull String credentialsId) {
    this.credentialsId = Values.trim(credentialsId);
  }

  public String getDefaultProject() {
    return defaultProject;
  }

  @DataBoundSetter
  public void setDefaultProject(@CheckForNull String defaultProject) {
    this.defaultProject = Values.trim(defaultProject);
  }

  public String getDefaultBaseImage() {
    return defaultBaseImage;
  }

  @DataBoundSetter
  public void setDefaultBaseImage(@CheckForNull String defaultBaseImage) {
    this.defaultBaseImage = Values.trim(defaultBaseImage);
  }

  /** PEM text of CA certificates trusted for this server only, in addition to the JVM's. */
  public String getCaCertificate() {
    return caCertificate;
  }

  @DataBoundSetter
  public void setCaCertificate(@CheckForNull String caCertificate) {
    this.caCertificate = Values.trim(caCertificate);
  }

  public boolean isInsecure() {
    return insecure;
  }

  /** Plain HTTP and unverified TLS for this server only: test servers. */
  @DataBoundSetter
  public void setInsecure(boolean insecure) {
    this.insecure = insecure;
  }

  public int getConnectTimeoutSeconds() {
    return connectTimeoutSeconds;
  }

  @DataBoundSetter
  public void setConnectTimeoutSeconds(int connectTimeoutSeconds) {
    this.connectTimeoutSeconds = connectTimeoutSeconds;
  }

  public int getReadTimeoutSeconds() {
    return readTimeoutSeconds;
  }

  @DataBoundSetter
  public void setReadTimeoutSeconds(int readTimeoutSeconds) {
    this.readTimeoutSeconds = readTimeoutSeconds;
  }

  public boolean isHarborApi() {
    return harborApi == null || harborApi;
  }

  /** Use Harbor's REST API (preflight, project creation, labels, scan gate); off for a plain OCI registry. */
  @DataBoundSetter
  public void setHarborApi(boolean harborApi) {
    this.harborApi = harborApi;
  }

  /** This server as the bridge sees it. */
  public ServerSettings toSettings() {
    return new ServerSettings(id, url, defaultProject, defaultBaseImage, caCertificate, insecure,
        connectTimeoutSeconds, readTimeoutSeconds, isHarborApi());
  }

  /**
   * Fields missing from the saved XML get their defaults: XStream runs no constructor and no field initialiser, so a
   * missing number is 0, a missing text {@code null} and a missing switch {@code false} (or {@code null} for a
   * {@code Boolean}).
   */
  protected Object readResolve() {
    id = Values.trim(id);
    url = Values.trim(url);
    if (harborApi == null) {
      harborApi = Boolean.TRUE;
    }
    if (connectTimeoutSeconds <= 0) {
      connectTimeoutSeconds = ServerSettings.DEFAULT_CONNECT_TIMEOUT_SECONDS;
    }
    if (readTimeoutSeconds <= 0) {
      readTimeoutSeconds = ServerSettings.DEFAULT_READ_TIMEOUT_SECONDS;
    }
    credentialsId = Values.trim(credentialsId);
    defaultProject = Values.trim(defaultProject);
    defaultBaseImage = Values.trim(defaultBaseImage);
    caCertificate = Values.trim(caCertificate);
    return this;
  }

  /** The form of one server on the global configuration page; every method is for administrators only. */
  @Extension
  @Symbol("harborServer")
  public static class DescriptorImpl extends Descriptor<HarborServer> {
    @Override
    public String getDisplayName() {
      return Messages.HarborServer_DisplayName();
    }

    private static boolean isAdmin() {
      return Jenkins.get().hasPermission(Jenkins.ADMINISTER);
    }

    @POST
    public FormValidation doCheckId(@QueryParameter String value) {
      if (!isAdmin()) {
        return FormValidation.ok();
      }
      return Forms.error(SettingsCheck.serverId(value));
    }

    @POST
    public FormValidation doCheckUrl(@QueryParameter String value, @QueryParameter boolean insecure) {
      if (!isAdmin()) {
        return FormValidation.ok();
      }
      Optional<String> problem = SettingsCheck.serverUrl(value, insecure);
      if (problem.isPresent()) {
        return FormValidation.error(problem.get());
      }
      return insecure ? FormValidation.warning(Messages.HarborServer_InsecureWarning()) : FormValidation.ok();
    }

    @POST
    public FormValidation doCheckCaCertificate(@QueryParameter String value) {
      if (!isAdmin()) {
        return FormValidation.ok();
      }
      return Forms.error(SettingsCheck.caCertificate(value));
    }

    @POST
    public FormValidation doCheckDefaultProject(@QueryParameter String value) {
      if (!isAdmin() || Values.trim(value).isEmpty()) {
        return FormValidation.ok();
      }
      return Forms.error(SettingsCheck.project(value, ""));
    }

    @POST
    public FormValidation doCheckDefaultBaseImage(@QueryParameter String value) {
      if (!isAdmin() || Values.trim(value).isEmpty()) {
        return FormValidation.ok();
      }
      return Forms.error(SettingsCheck.baseImage(value, ""));
    }

    @POST
    public FormValidation doCheckConnectTimeoutSeconds(@QueryParameter String value) {
      if (!isAdmin()) {
        return FormValidation.ok();
      }
      return Forms.error(SettingsCheck.timeoutSeconds("connectTimeoutSeconds", Forms.integer(value)));
    }

    @POST
    public FormValidation doCheckReadTimeoutSeconds(@QueryParameter String value) {
      if (!isAdmin()) {
        return FormValidation.ok();
      }
      return Forms.error(SettingsCheck.timeoutSeconds("readTimeoutSeconds", Forms.integer(value)));
    }

    /**
     * Username/password credentials that builds can use, for an administrator: the root's, without System scope
     * (credentials-plugin {@code docs/consumer.adoc}; {@code SystemCredentialsProvider} hands System-scoped credentials
     * to Jenkins itself only, never to a build, so a push would not find them).
     */
    @POST
    public ListBoxModel doFillCredentialsIdItems(@QueryParameter String url, @QueryParameter String credentialsId) {
      StandardListBoxModel result = new StandardListBoxModel();
      if (!isAdmin()) {
        return result.includeCurrentValue(credentialsId);
      }
      return result
          .includeEmptyValue()
          .includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), StandardUsernamePasswordCredentials.class,
              URIRequirementBuilder.fromUri(url).build(), Connections.USABLE_BY_BUILDS)
          .includeCurrentValue(credentialsId);
    }

    @POST
    public FormValidation doCheckCredentialsId(@QueryParameter String value, @QueryParameter String url) {
      if (!isAdmin()) {
        return FormValidation.ok();
      }
      if (Values.trim(value).isEmpty()) {
        return FormValidation.warning(Messages.HarborServer_NoDefaultCredentials());
      }
      return Connections.credentialsForBuilds(value, url).isEmpty() ? FormValidation.error(notUsable(value, url))
          : FormValidation.ok();
    }

    /** Why builds cannot use these credentials: System scope, or none with this id. */
    private static String notUsable(String credentialsId, String url) {
      return Connections.hasSystemScope(credentialsId, url)
          ? Messages.HarborServer_CredentialsSystemScope(credentialsId)
          : Messages.HarborServer_CredentialsNotFound(credentialsId);
    }

    /**
     * "Test connection": Harbor's version, and whether the credentials may push to the default project. Contacts the
     * URL given in the form, so administrators only.
     */
    @POST
    public FormValidation doTestConnection(@QueryParameter String id, @QueryParameter String url,
        @QueryParameter String credentialsId, @QueryParameter String defaultProject,
        @QueryParameter String caCertificate, @QueryParameter boolean insecure,
        @QueryParameter String connectTimeoutSeconds, @QueryParameter String readTimeoutSeconds,
        @QueryParameter boolean harborApi) {
      Jenkins.get().checkPermission(Jenkins.ADMINISTER);
      ServerSettings server = new ServerSettings(Values.trim(id).isEmpty() ? "new" : id, url, defaultProject, "",
          caCertificate, insecure, Forms.integer(connectTimeoutSeconds), Forms.integer(readTimeoutSeconds),
          harborApi);
      // The credentials a build would get: a test that passes with credentials no push can use would mislead.
      StandardUsernamePasswordCredentials credentials = null;
      if (!Values.trim(credentialsId).isEmpty()) {
        credentials = Connections.credentialsForBuilds(credentialsId, url).orElse(null);
        if (credentials == null) {
          return FormValidation.error(notUsable(credentialsId, url));
        }
      }
      HarborAccess.ConnectionReport report = HarborAccess.testConnection(server, Connections.login(credentials),
          Connections.controllerProxy());
      return switch (report.level()) {
        case OK -> FormValidation.ok(report.message());
        case WARNING -> FormValidation.warning(report.message());
        case ERROR -> FormValidation.error(report.message());
      };
    }
  }
}
