package io.jenkins.plugins.harborjib.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one push needs: what Maven built, the base image, the target, credentials, container settings,
 * build metadata, TLS trust and the layer cache. Immutable; build with {@link #builder(BuildOutput, BaseImage,
 * ImageTarget)}. Nothing is checked here: {@link HarborJib#validate(PushRequest)} (and {@link HarborJib#push})
 * check every value before any network call.
 */
public final class PushRequest {
  /** Timeout for connecting to and reading from a registry, unless told otherwise. */
  public static final Duration DEFAULT_HTTP_TIMEOUT = Duration.ofSeconds(20);

  private final BuildOutput buildOutput;
  private final BaseImage baseImage;
  private final ImageTarget target;
  private final Optional<Credentials> credentials;
  private final ContainerSettings container;
  private final BuildMetadata metadata;
  private final TlsSettings tls;
  private final Optional<Path> cacheDirectory;
  private final Duration httpTimeout;
  private final HarborSettings harbor;
  private final RetryPolicy retryPolicy;

  private PushRequest(Builder b) {
    this.buildOutput = b.buildOutput;
    this.baseImage = b.baseImage;
    this.target = b.target;
    this.credentials = b.credentials;
    this.container = b.container;
    this.metadata = b.metadata;
    this.tls = b.tls;
    this.cacheDirectory = b.cacheDirectory;
    this.httpTimeout = b.httpTimeout;
    this.harbor = b.harbor;
    this.retryPolicy = b.retryPolicy;
  }

  public static Builder builder(BuildOutput buildOutput, BaseImage baseImage, ImageTarget target) {
    return new Builder(buildOutput, baseImage, target);
  }

  public Builder toBuilder() {
    return new Builder(buildOutput, baseImage, target)
        .credentials(credentials.orElse(null))
        .container(container)
        .metadata(metadata)
        .tls(tls)
        .cacheDirectory(cacheDirectory.orElse(null))
        .httpTimeout(httpTimeout)
        .harbor(harbor)
        .retryPolicy(retryPolicy);
  }

  public BuildOutput buildOutput() {
    return buildOutput;
  }

  public BaseImage baseImage() {
    return baseImage;
  }

  public ImageTarget target() {
    return target;
  }

  /** Credentials for the target registry; empty pushes anonymously (test registries only). */
  public Optional<Credentials> credentials() {
    return credentials;
  }

  public ContainerSettings container() {
    return container;
  }

  public BuildMetadata metadata() {
    return metadata;
  }

  public TlsSettings tls() {
    return tls;
  }

  /**
   * Folder for cached base-image and application layers, shared safely by concurrent pushes; empty means
   * {@code ~/.cache/harbor-jib}.
   */
  public Optional<Path> cacheDirectory() {
    return cacheDirectory;
  }

  public Duration httpTimeout() {
    return httpTimeout;
  }

  /** What to ask of Harbor; by default, find out whether the registry is Harbor and check before pushing. */
  public HarborSettings harbor() {
    return harbor;
  }

  /** When to try the push again. */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  @Override
  public String toString() {
    return "PushRequest{target=" + target + ", base=" + baseImage.reference() + ", output=" + buildOutput
        + ", user=" + credentials.map(Credentials::username).orElse("(anonymous)") + ", tls=" + tls + "}";
  }

  /** Builder for {@link PushRequest}. */
  public static final class Builder {
    private final BuildOutput buildOutput;
    private final BaseImage baseImage;
    private final ImageTarget target;
    private Optional<Credentials> credentials = Optional.empty();
    private ContainerSettings container = ContainerSettings.DEFAULTS;
    private BuildMetadata metadata = BuildMetadata.NONE;
    private TlsSettings tls = TlsSettings.DEFAULT;
    private Optional<Path> cacheDirectory = Optional.empty();
    private Duration httpTimeout = DEFAULT_HTTP_TIMEOUT;
    private HarborSettings harbor = HarborSettings.AUTO;
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;

    private Builder(BuildOutput buildOutput, BaseImage baseImage, ImageTarget target) {
      this.buildOutput = Objects.requireNonNull(buildOutput, "buildOutput");
      this.baseImage = Objects.requireNonNull(baseImage, "baseImage");
      this.target = Objects.requireNonNull(target, "target");
    }

    public Builder credentials(Credentials credentials) {
      this.credentials = Optional.ofNullable(credentials);
      return this;
    }

    public Builder container(ContainerSettings container) {
      this.container = Objects.requireNonNull(container, "container");
      return this;
    }

    public Builder metadata(BuildMetadata metadata) {
      this.metadata = Objects.requireNonNull(metadata, "metadata");
      return this;
    }

    public Builder tls(TlsSettings tls) {
      this.tls = Objects.requireNonNull(tls, "tls");
      return this;
    }

    public Builder cacheDirectory(Path cacheDirectory) {
      this.cacheDirectory = Optional.ofNullable(cacheDirectory);
      return this;
    }

    public Builder httpTimeout(Duration httpTimeout) {
      this.httpTimeout = Objects.requireNonNull(httpTimeout, "httpTimeout");
      return this;
    }

    public Builder harbor(HarborSettings harbor) {
      this.harbor = Objects.requireNonNull(harbor, "harbor");
      return this;
    }

    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    public PushRequest build() {
      return new PushRequest(this);
    }
  }
}
