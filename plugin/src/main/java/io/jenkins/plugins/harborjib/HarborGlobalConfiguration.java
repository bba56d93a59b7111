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

  /**
   * Replaces the servers and saves them (Configuration as Code, scripts). Two servers with one id are refused before
   * anything changes, in memory or on disk.
   *
   * @throws IllegalArgumentException when two servers have the same id
   */
  @DataBoundSetter
  public void setServers(@CheckForNull List<HarborServer> servers) {
    ArrayList<HarborServer> all = servers == null ? new ArrayList<>() : new ArrayList<>(servers);
    Optional<String> duplicate = duplicateId(all);
    if (duplicate.isPresent()) {
      throw new IllegalArgumentException(Messages.HarborGlobalConfiguration_DuplicateId(duplicate.get()));
    }
    this.servers = all;
    save();
  }

  /** The first id that two of these servers share. */
  private static Optional<String> duplicateId(List<HarborServer> servers) {
    Set<String> ids = new HashSet<>();
    return servers.stream().map(HarborServer::getId).filter(id -> !ids.add(id)).findFirst();
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

  /**
   * The configuration page's servers: bound into a list of their own and checked before they replace the saved ones,
   * so a refused form changes nothing (binding onto this object would call {@link #setServers} and save first). No
   * "servers" in the form means none: the page sends nothing for an empty list.
   */
  @Override
  public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
    List<HarborServer> submitted = req.bindJSONToList(HarborServer.class, json.opt("servers"));
    Optional<String> duplicate = duplicateId(submitted);
    if (duplicate.isPresent()) {
      throw new FormException(Messages.HarborGlobalConfiguration_DuplicateId(duplicate.get()), "servers");
    }
    servers = new ArrayList<>(submitted);
    save();
    return true;
  }
}
