package io.jenkins.plugins.harborjib.engine.harbor;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How the vulnerability gate decides and waits.
 *
 * <pre>{@code
 * GatePolicy policy = GatePolicy.builder().failAt(Severity.HIGH).allow("CVE-2023-44487")
 *     .timeout(Duration.ofMinutes(10)).build();
 * }</pre>
 */
public final class GatePolicy {
  private final Optional<Severity> failAt;
  private final Optional<Severity> unstableAt;
  private final Set<String> allowList;
  private final boolean startScan;
  private final Duration timeout;
  private final Duration firstPoll;
  private final Duration maxPoll;

  private GatePolicy(Builder b) {
    this.failAt = b.failAt;
    this.unstableAt = b.unstableAt;
    this.allowList = Set.copyOf(b.allowList);
    this.startScan = b.startScan;
    this.timeout = b.timeout;
    this.firstPoll = b.firstPoll;
    this.maxPoll = b.maxPoll;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Vulnerabilities at or above this severity fail the gate. */
  public Optional<Severity> failAt() {
    return failAt;
  }

  /** Vulnerabilities at or above this severity (and below {@link #failAt()}) make the outcome unstable. */
  public Optional<Severity> unstableAt() {
    return unstableAt;
  }

  /** Vulnerability ids (e.g. {@code CVE-2023-44487}) that never count, upper case. */
  public Set<String> allowList() {
    return allowList;
  }

  /** Whether the gate starts a scan; otherwise it waits for the project's automatic scan. */
  public boolean startScan() {
    return startScan;
  }

  /** How long to wait for the scan to finish. */
  public Duration timeout() {
    return timeout;
  }

  /** The first wait between polls; later waits grow by half up to {@link #maxPoll()}. */
  public Duration firstPoll() {
    return firstPoll;
  }

  public Duration maxPoll() {
    return maxPoll;
  }

  boolean allowed(String vulnerabilityId) {
    return allowList.contains(vulnerabilityId.trim().toUpperCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return "GatePolicy{failAt=" + failAt.map(Severity::harborName).orElse("-") + ", unstableAt="
        + unstableAt.map(Severity::harborName).orElse("-") + ", allowList=" + allowList + ", startScan=" + startScan
        + ", timeout=" + timeout + "}";
  }

  /** Builds a {@link GatePolicy}: at least one threshold; starts a scan, waits up to 10 minutes by default. */
  public static final class Builder {
    private Optional<Severity> failAt = Optional.empty();
    private Optional<Severity> unstableAt = Optional.empty();
    private final Set<String> allowList = new LinkedHashSet<>();
    private boolean startScan = true;
    private Duration timeout = Duration.ofMinutes(10);
    private Duration firstPoll = Duration.ofSeconds(2);
    private Duration maxPoll = Duration.ofSeconds(15);

    private Builder() {}

    /** Fail at or above this severity (Critical, High, Medium or Low). */
    public Builder failAt(Severity severity) {
      this.failAt = Optional.of(threshold(severity));
      return this;
    }

    /** Be unstable at or above this severity (Critical, High, Medium or Low). */
    public Builder unstableAt(Severity severity) {
      this.unstableAt = Optional.of(threshold(severity));
      return this;
    }

    /** Never count these vulnerability ids. */
    public Builder allow(String... ids) {
      for (String id : ids) {
        allowList(Set.of(id));
      }
      return this;
    }

    /** Never count these vulnerability ids. */
    public Builder allowList(java.util.Collection<String> ids) {
      for (String id : ids) {
        String trimmed = Objects.requireNonNull(id, "id").trim();
        if (trimmed.isEmpty()) {
          throw new IllegalArgumentException("An allow-list entry is empty");
        }
        allowList.add(trimmed.toUpperCase(Locale.ROOT));
      }
      return this;
    }

    /** Start a scan (default), or wait for the project's automatic scan. */
    public Builder startScan(boolean startScan) {
      this.startScan = startScan;
      return this;
    }

    /** Give up waiting for the scan after this long; 10 minutes by default. */
    public Builder timeout(Duration timeout) {
      this.timeout = positive(timeout, "timeout");
      return this;
    }

    /** The first and the longest wait between polls; 2 s and 15 s by default. */
    public Builder pollIntervals(Duration first, Duration max) {
      this.firstPoll = positive(first, "first poll interval");
      this.maxPoll = positive(max, "max poll interval");
      if (max.compareTo(first) < 0) {
        throw new IllegalArgumentException("The longest poll interval is shorter than the first: " + max);
      }
      return this;
    }

    public GatePolicy build() {
      if (failAt.isEmpty() && unstableAt.isEmpty()) {
        throw new IllegalArgumentException("A vulnerability gate needs a threshold to fail at or to be unstable at");
      }
      if (failAt.isPresent() && unstableAt.isPresent() && unstableAt.get().atLeast(failAt.get())) {
        throw new IllegalArgumentException("The unstable threshold (" + unstableAt.get().harborName()
            + ") must be below the failure threshold (" + failAt.get().harborName() + ")");
      }
      return new GatePolicy(this);
    }

    private static Severity threshold(Severity s) {
      Objects.requireNonNull(s, "severity");
      if (!s.atLeast(Severity.LOW)) {
        throw new IllegalArgumentException("A threshold is Critical, High, Medium or Low, not " + s.harborName());
      }
      return s;
    }

    private static Duration positive(Duration d, String name) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("The " + name + " must be positive: " + d);
      }
      return d;
    }
  }
}
