package io.jenkins.plugins.harborjib.testkit.fault;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One rule of a {@link FaultProxy}: requests whose method and target match are counted (1, 2, 3, ...), and those
 * whose count falls in the rule's window get its {@link Fault}. Every rule counts every request it matches, whether
 * or not an earlier rule already took it; when several rules would apply, the first added wins.
 *
 * <pre>{@code
 * proxy.when("PUT", "/manifests/").times(2).then(Fault.respond(502));    // the first two manifest PUTs
 * proxy.when("PATCH", "/blobs/uploads/").nth(2).then(Fault.reset());      // only the second blob PATCH
 * proxy.when(FaultRule.ANY, "^/v2/$").then(Fault.hang());                  // every GET /v2/, forever
 * }</pre>
 */
public final class FaultRule {
  /** Matches every method. */
  public static final String ANY = "*";

  private final FaultProxy proxy;
  private final String method;
  private final Pattern target;
  private final long first;
  private final long last;
  private final Fault fault;
  private long matched;
  private long applied;
  private boolean removed;

  private FaultRule(FaultProxy proxy, String method, Pattern target, long first, long last, Fault fault) {
    this.proxy = proxy;
    this.method = method;
    this.target = target;
    this.first = first;
    this.last = last;
    this.fault = fault;
  }

  /** How many requests matched so far (faulted or not). */
  public long matched() {
    synchronized (proxy.rulesLock()) {
      return matched;
    }
  }

  /** How many requests got the fault so far. */
  public long applied() {
    synchronized (proxy.rulesLock()) {
      return applied;
    }
  }

  /** Waits until the fault was applied {@code count} times; false if that did not happen within {@code timeout}. */
  public boolean awaitApplied(long count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (proxy.rulesLock()) {
      while (applied < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        proxy.rulesLock().wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  /** Takes the rule out; requests already being faulted are not affected. */
  public void remove() {
    proxy.remove(this);
  }

  public Fault fault() {
    return fault;
  }

  /** Called with the proxy's rules lock held: counts the request if it matches; true if the fault applies. */
  boolean count(String requestMethod, String requestTarget) {
    if (removed || !(method.equals(ANY) || method.equalsIgnoreCase(requestMethod))
        || !target.matcher(requestTarget).find()) {
      return false;
    }
    matched++;
    return matched >= first && matched <= last;
  }

  /** Called with the proxy's rules lock held, when this rule's fault was chosen. */
  void markApplied() {
    applied++;
    proxy.rulesLock().notifyAll();
  }

  /** Called with the proxy's rules lock held. */
  void markRemoved() {
    removed = true;
  }

  @Override
  public String toString() {
    String window = last == Long.MAX_VALUE ? (first == 1 ? "always" : "from #" + first)
        : first == last ? "#" + first : "#" + first + "-#" + last;
    return method + " " + target.pattern() + " " + window + ": " + fault;
  }

  /** Chooses which matching requests get the fault; {@link #then} adds the rule to the proxy. */
  public static final class Builder {
    private final FaultProxy proxy;
    private final String method;
    private final Pattern target;
    private long first = 1;
    private long last = Long.MAX_VALUE;

    Builder(FaultProxy proxy, String method, String targetRegex) {
      this.proxy = proxy;
      this.method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
      this.target = Pattern.compile(Objects.requireNonNull(targetRegex, "targetRegex"));
    }

    /** Every matching request (the default). */
    public Builder always() {
      first = 1;
      last = Long.MAX_VALUE;
      return this;
    }

    /** Only the {@code n}th matching request (1-based). */
    public Builder nth(long n) {
      requirePositive(n);
      first = n;
      last = n;
      return this;
    }

    /** The first {@code n} matching requests. */
    public Builder times(long n) {
      requirePositive(n);
      first = 1;
      last = n;
      return this;
    }

    /** The {@code n}th matching request and every later one. */
    public Builder from(long n) {
      requirePositive(n);
      first = n;
      last = Long.MAX_VALUE;
      return this;
    }

    /** Adds the rule (after the existing ones) and returns it. */
    public FaultRule then(Fault fault) {
      FaultRule rule = new FaultRule(proxy, method, target, first, last, Objects.requireNonNull(fault, "fault"));
      proxy.add(rule);
      return rule;
    }

    private static void requirePositive(long n) {
      if (n < 1) {
        throw new IllegalArgumentException("occurrences count from 1: " + n);
      }
    }
  }
}
