package io.jenkins.plugins.harborjib;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.model.Descriptor.FormException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import jenkins.model.GlobalConfiguration;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * The Harbor servers steps push to, in Manage Jenkins &gt; System, and in Configuration as Code:
 *
 * <pre>
 * unclassified:
 *   harborJib:
 *     servers:
 *       - id: harbor
 *         url: https://harbor.example.com
 *         credentialsId: harbor-robot
 *         defaultProject: app
 *         defaultBaseImage: base/jre17:17
 * </pre>
 */
@Extension
@Symbol("harborJib")
public class HarborGlobalConfiguration extends GlobalConfiguration {
  private ArrayList<HarborServer> servers = new ArrayList<>();

  public HarborGlobalConfiguration() {
    load();
  }

  public static HarborGlobalConfiguration get() {
    return ExtensionList.lookupSingleton(HarborGlobalConfiguration.class);
  }

  public List<HarborServer> getServers() {
    return servers == null ? List.of() : List.copyOf(servers);
  }

  @DataBoundSetter
  public void setServers(@CheckForNull List<HarborServer> servers) {
    this.servers = servers == null ? new ArrayList<>() : new ArrayList<>(servers);
    save();
  }

  /** The server with this id; an empty id means the only server, when there is exactly one. */
  public Optional<HarborServer> findServer(@CheckForNull String id) {
    List<HarborServer> all = getServers();
    if (id == null || id.isBlank()) {
      return all.size() == 1 ? Optional.of(all.get(0)) : Optional.empty();
    }
    return all.stream().filter(s -> s.getId().equals(id.trim())).findFirst();
  }

  @Override
  public String getDisplayName() {
    return Messages.HarborGlobalConfiguration_DisplayName();
  }

  /** The configured ids, for messages. */
  public String describeServers() {
    List<HarborServer> all = getServers();
    return all.isEmpty() ? Messages.HarborGlobalConfiguration_NoServers()
        : all.stream().map(HarborServer::getId).collect(Collectors.joining(", "));
  }

  @Override
  public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
    // Without this, removing the last server would keep it: an empty list sends no "servers" at all.
    servers = new ArrayList<>();
    req.bindJSON(this, json);
    Set<String> ids = new HashSet<>();
    for (HarborServer s : getServers()) {
      if (!ids.add(s.getId())) {
        throw new FormException(Messages.HarborGlobalConfiguration_DuplicateId(s.getId()), "servers");
      }
    }
    save();
    return true;
  }
}
