package io.jenkins.plugins.harborjib.bridge;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one push should do, as the user configured it in the Pipeline step or the freestyle build step: the same
 * names and the same raw values (tags may still hold {@code ${BUILD_NUMBER}}). Immutable; {@link #builder(String)}.
 * Holds no secret: credentials are named by id and looked up by Jenkins.
 */
public final class ImageSettings {
  private final String server;
  private final String project;
  private final String repository;
  private final List<String> tags;
  private final String baseImage;
  private final String buildOutput;
  private final String buildOutputType;
  private final String mainClass;
  private final List<String> jvmFlags;
  private final List<String> environment;
  private final List<String> ports;
  private final List<String> labels;
  private final List<String> harborLabels;
  private final List<String> platforms;
  private final String credentialsId;
  private final boolean createProject;
  private final Optional<ScanGateSettings> scanGate;
  private final String verbosity;

  private ImageSettings(Builder b) {
    this.server = b.server;
    this.project = b.project;
    this.repository = b.repository;
    this.tags = b.tags;
    this.baseImage = b.baseImage;
    this.buildOutput = b.buildOutput;
    this.buildOutputType = b.buildOutputType;
    this.mainClass = b.mainClass;
    this.jvmFlags = b.jvmFlags;
    this.environment = b.environment;
    this.ports = b.ports;
    this.labels = b.labels;
    this.harborLabels = b.harborLabels;
    this.platforms = b.platforms;
    this.credentialsId = b.credentialsId;
    this.createProject = b.createProject;
    this.scanGate = b.scanGate;
    this.verbosity = b.verbosity;
  }

  /** Settings for a push to {@code repository}; everything else has a default. */
  public static Builder builder(String repository) {
    return new Builder(repository);
  }

  /** The Harbor server's id in the global configuration; empty picks the only one. */
  public String server() {
    return server;
  }

  /** The Harbor project; empty takes the server's default project. */
  public String project() {
    return project;
  }

  public String repository() {
    return repository;
  }

  /** Tag templates: literal tags, or with {@code ${VAR}} from the build's environment; empty means {@code ${BUILD_NUMBER}}. */
  public List<String> tags() {
    return tags;
  }

  /** The base image; empty takes the server's default. Without a registry host it is taken from the server. */
  public String baseImage() {
    return baseImage;
  }

  /** Path of the build output, relative to the workspace; empty is the type's default. */
  public String buildOutput() {
    return buildOutput;
  }

  /** One of {@link BuildOutputType#names()}; empty is {@code auto}. */
  public String buildOutputType() {
    return buildOutputType;
  }

  public String mainClass() {
    return mainClass;
  }

  public List<String> jvmFlags() {
    return jvmFlags;
  }

  /** {@code NAME=value} entries for the container's environment. */
  public List<String> environment() {
    return environment;
  }

  public List<String> ports() {
    return ports;
  }

  /** {@code key=value} image labels. */
  public List<String> labels() {
    return labels;
  }

  /** Names of Harbor labels to attach to the pushed artifact (they must exist in Harbor). */
  public List<String> harborLabels() {
    return harborLabels;
  }

  /** {@code os/architecture} entries; empty is {@code linux/amd64}. */
  public List<String> platforms() {
    return platforms;
  }

  /** Credentials id that overrides the server's default credentials; empty uses the server's. */
  public String credentialsId() {
    return credentialsId;
  }

  /** Create the Harbor project (private) when it does not exist. */
  public boolean createProject() {
    return createProject;
  }

  public Optional<ScanGateSettings> scanGate() {
    return scanGate;
  }

  /** {@code quiet}, {@code normal} or {@code verbose}; empty is normal. */
  public String verbosity() {
    return verbosity;
  }

  public Builder toBuilder() {
    return new Builder(repository).server(server).project(project).tags(tags).baseImage(baseImage)
        .buildOutput(buildOutput).buildOutputType(buildOutputType).mainClass(mainClass).jvmFlags(jvmFlags)
        .environment(environment).ports(ports).labels(labels).harborLabels(harborLabels).platforms(platforms)
        .credentialsId(credentialsId).createProject(createProject).scanGate(scanGate.orElse(null))
        .verbosity(verbosity);
  }

  @Override
  public String toString() {
    return "ImageSettings{server=" + server + ", project=" + project + ", repository=" + repository + ", tags="
        + tags + ", baseImage=" + baseImage + ", buildOutput=" + buildOutputType + ":" + buildOutput
        + ", credentialsId=" + credentialsId + ", createProject=" + createProject + ", scanGate="
        + scanGate.map(ScanGateSettings::toString).orElse("off") + "}";
  }

  /** Builder for {@link ImageSettings}; {@code null} is taken as empty everywhere. */
  public static final class Builder {
    private String server = "";
    private String project = "";
    private String repository;
    private List<String> tags = List.of();
    private String baseImage = "";
    private String buildOutput = "";
    private String buildOutputType = "";
    private String mainClass = "";
    private List<String> jvmFlags = List.of();
    private List<String> environment = List.of();
    private List<String> ports = List.of();
    private List<String> labels = List.of();
    private List<String> harborLabels = List.of();
    private List<String> platforms = List.of();
    private String credentialsId = "";
    private boolean createProject;
    private Optional<ScanGateSettings> scanGate = Optional.empty();
    private String verbosity = "";

    private Builder(String repository) {
      this.repository = Values.trim(repository);
    }

    public Builder server(String server) {
      this.server = Values.trim(server);
      return this;
    }

    public Builder project(String project) {
      this.project = Values.trim(project);
      return this;
    }

    public Builder tags(List<String> tags) {
      this.tags = Values.lines(tags);
      return this;
    }

    public Builder baseImage(String baseImage) {
      this.baseImage = Values.trim(baseImage);
      return this;
    }

    public Builder buildOutput(String buildOutput) {
      this.buildOutput = Values.trim(buildOutput);
      return this;
    }

    public Builder buildOutputType(String buildOutputType) {
      this.buildOutputType = Values.trim(buildOutputType);
      return this;
    }

    public Builder mainClass(String mainClass) {
      this.mainClass = Values.trim(mainClass);
      return this;
    }

    public Builder jvmFlags(List<String> jvmFlags) {
      this.jvmFlags = Values.lines(jvmFlags);
      return this;
    }

    public Builder environment(List<String> environment) {
      this.environment = Values.lines(environment);
      return this;
    }

    public Builder ports(List<String> ports) {
      this.ports = Values.lines(ports);
      return this;
    }

    public Builder labels(List<String> labels) {
      this.labels = Values.lines(labels);
      return this;
    }

    public Builder harborLabels(List<String> harborLabels) {
      this.harborLabels = Values.lines(harborLabels);
      return this;
    }

    public Builder platforms(List<String> platforms) {
      this.platforms = Values.lines(platforms);
      return this;
    }

    public Builder credentialsId(String credentialsId) {
      this.credentialsId = Values.trim(credentialsId);
      return this;
    }

    public Builder createProject(boolean createProject) {
      this.createProject = createProject;
      return this;
    }

    /** The vulnerability gate; {@code null} turns it off. */
    public Builder scanGate(ScanGateSettings scanGate) {
      this.scanGate = Optional.ofNullable(scanGate);
      return this;
    }

    public Builder verbosity(String verbosity) {
      this.verbosity = Values.trim(verbosity);
      return this;
    }

    public ImageSettings build() {
      Objects.requireNonNull(repository, "repository");
      return new ImageSettings(this);
    }
  }
}
