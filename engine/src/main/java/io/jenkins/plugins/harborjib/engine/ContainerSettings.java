package io.jenkins.plugins.harborjib.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the container runs: main class, JVM flags, arguments, environment, ports, labels, user, working directory,
 * volumes, image format, platforms and creation time. Maps keep their insertion order, so the image config (and
 * the digest) is the same on every run. Build with {@link #builder()}.
 */
public final class ContainerSettings {
  /** Where application files go in the image unless told otherwise (jib-maven-plugin's default). */
  public static final String DEFAULT_APP_ROOT = "/app";

  /**
   * How many layers the dependency jars are spread over unless told otherwise: by a hash of each jar's
   * {@code groupId:artifactId}, so upgrading one dependency uploads about one layer of them again.
   */
  public static final int DEFAULT_DEPENDENCY_LAYERS = 8;

  /** The most dependency layers one may ask for. */
  public static final int MAX_DEPENDENCY_LAYERS = 32;

  /** Defaults: main class from the manifest, no flags, Docker format, linux/amd64, epoch creation time. */
  public static final ContainerSettings DEFAULTS = builder().build();

  private final Optional<String> mainClass;
  private final List<String> jvmFlags;
  private final List<String> programArguments;
  private final Map<String, String> environment;
  private final List<String> ports;
  private final Map<String, String> labels;
  private final Optional<String> user;
  private final Optional<String> workingDirectory;
  private final List<String> volumes;
  private final ImageFormat format;
  private final List<String> platforms;
  private final Optional<Instant> creationTime;
  private final String appRoot;
  private final int dependencyLayers;

  private ContainerSettings(Builder b) {
    this.mainClass = b.mainClass;
    this.jvmFlags = List.copyOf(b.jvmFlags);
    this.programArguments = List.copyOf(b.programArguments);
    this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(b.environment));
    this.ports = List.copyOf(b.ports);
    this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(b.labels));
    this.user = b.user;
    this.workingDirectory = b.workingDirectory;
    this.volumes = List.copyOf(b.volumes);
    this.format = b.format;
    this.platforms = List.copyOf(b.platforms);
    this.creationTime = b.creationTime;
    this.appRoot = b.appRoot;
    this.dependencyLayers = b.dependencyLayers;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings, to change some. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.mainClass = mainClass;
    b.jvmFlags.addAll(jvmFlags);
    b.programArguments.addAll(programArguments);
    b.environment.putAll(environment);
    b.ports.addAll(ports);
    b.labels.putAll(labels);
    b.user = user;
    b.workingDirectory = workingDirectory;
    b.volumes.addAll(volumes);
    b.format = format;
    b.platforms.clear();
    b.platforms.addAll(platforms);
    b.creationTime = creationTime;
    b.appRoot = appRoot;
    b.dependencyLayers = dependencyLayers;
    return b;
  }

  /** Main class; empty means read it from the jar manifest or find it in the classes. */
  public Optional<String> mainClass() {
    return mainClass;
  }

  public List<String> jvmFlags() {
    return jvmFlags;
  }

  public List<String> programArguments() {
    return programArguments;
  }

  public Map<String, String> environment() {
    return environment;
  }

  /** Exposed ports: {@code 8080}, {@code 8080/tcp}, {@code 53/udp}, {@code 9000-9002}. */
  public List<String> ports() {
    return ports;
  }

  public Map<String, String> labels() {
    return labels;
  }

  /** User (name or uid, optionally {@code :group}); empty keeps the base image's. */
  public Optional<String> user() {
    return user;
  }

  public Optional<String> workingDirectory() {
    return workingDirectory;
  }

  public List<String> volumes() {
    return volumes;
  }

  public ImageFormat format() {
    return format;
  }

  /** Platforms as {@code os/architecture}, e.g. {@code linux/amd64}, {@code linux/arm64}. */
  public List<String> platforms() {
    return platforms;
  }

  /** Image creation time; empty means the Unix epoch, which keeps builds reproducible. */
  public Optional<Instant> creationTime() {
    return creationTime;
  }

  /** Folder in the image for the application's files (not used for wars). */
  public String appRoot() {
    return appRoot;
  }

  /**
   * How many layers the release dependency jars are spread over (1 keeps them in one {@code dependencies} layer,
   * as Jib does); checked when the layers are planned, 1 to {@value #MAX_DEPENDENCY_LAYERS}.
   */
  public int dependencyLayers() {
    return dependencyLayers;
  }

  @Override
  public String toString() {
    return "ContainerSettings{mainClass=" + mainClass.orElse("(detect)") + ", jvmFlags=" + jvmFlags
        + ", args=" + programArguments + ", env=" + environment.keySet() + ", ports=" + ports
        + ", labels=" + labels.keySet() + ", user=" + user.orElse("(base)") + ", format=" + format
        + ", platforms=" + platforms + ", dependencyLayers=" + dependencyLayers + "}";
  }

  /** Builder for {@link ContainerSettings}. */
  public static final class Builder {
    private Optional<String> mainClass = Optional.empty();
    private final List<String> jvmFlags = new ArrayList<>();
    private final List<String> programArguments = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> ports = new ArrayList<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private Optional<String> user = Optional.empty();
    private Optional<String> workingDirectory = Optional.empty();
    private final List<String> volumes = new ArrayList<>();
    private ImageFormat format = ImageFormat.DOCKER;
    private final List<String> platforms = new ArrayList<>(List.of("linux/amd64"));
    private Optional<Instant> creationTime = Optional.empty();
    private String appRoot = DEFAULT_APP_ROOT;
    private int dependencyLayers = DEFAULT_DEPENDENCY_LAYERS;

    private Builder() {}

    public Builder mainClass(String mainClass) {
      this.mainClass = Optional.ofNullable(mainClass).filter(s -> !s.isBlank());
      return this;
    }

    public Builder jvmFlags(List<String> flags) {
      jvmFlags.clear();
      jvmFlags.addAll(flags);
      return this;
    }

    public Builder programArguments(List<String> args) {
      programArguments.clear();
      programArguments.addAll(args);
      return this;
    }

    public Builder environment(Map<String, String> env) {
      environment.clear();
      environment.putAll(env);
      return this;
    }

    public Builder putEnvironment(String name, String value) {
      environment.put(name, value);
      return this;
    }

    public Builder ports(List<String> ports) {
      this.ports.clear();
      this.ports.addAll(ports);
      return this;
    }

    public Builder labels(Map<String, String> labels) {
      this.labels.clear();
      this.labels.putAll(labels);
      return this;
    }

    public Builder putLabel(String name, String value) {
      labels.put(name, value);
      return this;
    }

    public Builder user(String user) {
      this.user = Optional.ofNullable(user).filter(s -> !s.isBlank());
      return this;
    }

    public Builder workingDirectory(String dir) {
      this.workingDirectory = Optional.ofNullable(dir).filter(s -> !s.isBlank());
      return this;
    }

    public Builder volumes(List<String> volumes) {
      this.volumes.clear();
      this.volumes.addAll(volumes);
      return this;
    }

    public Builder format(ImageFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    public Builder platforms(List<String> platforms) {
      this.platforms.clear();
      this.platforms.addAll(platforms);
      return this;
    }

    /** A fixed creation time; {@code null} restores the reproducible default (the epoch). */
    public Builder creationTime(Instant time) {
      this.creationTime = Optional.ofNullable(time);
      return this;
    }

    public Builder appRoot(String appRoot) {
      this.appRoot = Objects.requireNonNull(appRoot, "appRoot");
      return this;
    }

    public Builder dependencyLayers(int layers) {
      this.dependencyLayers = layers;
      return this;
    }

    public ContainerSettings build() {
      return new ContainerSettings(this);
    }
  }
}
