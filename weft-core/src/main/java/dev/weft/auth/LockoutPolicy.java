package dev.weft.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link Lockout} treats repeated authentication failures from one client IP. Immutable.
 *
 * @param maxFailures failures within {@code window} that lock the IP out. Default: 5
 * @param window the period failures are counted over, starting at the first. Default: 1 minute
 * @param duration how long a locked-out IP is refused. Default: 5 minutes
 * @param backoff the failure reply delay after the first failure; it doubles with each further
 *     failure in the window. Zero disables the back-off. Default: 250 milliseconds
 * @param maxBackoff the longest failure reply delay. Default: 4 seconds
 * @param maxTrackedIps how many IPs are remembered at most; beyond it expired entries go first,
 *     then the least recently failed. Default: 100,000
 */
public record LockoutPolicy(
    int maxFailures,
    Duration window,
    Duration duration,
    Duration backoff,
    Duration maxBackoff,
    int maxTrackedIps) {

  public static final int DEFAULT_MAX_FAILURES = 5;
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
  public static final Duration DEFAULT_DURATION = Duration.ofMinutes(5);
  public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(250);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(4);
  public static final int DEFAULT_MAX_TRACKED_IPS = 100_000;

  /** Validates every field; messages name the field and the bad value. */
  public LockoutPolicy {
    positive("maxFailures", maxFailures);
    positive("maxTrackedIps", maxTrackedIps);
    positive("window", window);
    positive("duration", duration);
    notNegative("backoff", backoff);
    notNegative("maxBackoff", maxBackoff);
  }

  /** The policy with every default. */
  public static LockoutPolicy defaults() {
    return builder().build();
  }

  /** Returns a builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  private static void positive(String field, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be > 0, got " + value);
    }
  }

  private static void positive(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " must be > 0, got " + value);
    }
  }

  private static void notNegative(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isNegative()) {
      throw new IllegalArgumentException(field + " must be >= 0, got " + value);
    }
  }

  /** Builds a {@link LockoutPolicy}. Not thread-safe; defaults are on {@link LockoutPolicy}. */
  public static final class Builder {
    private int maxFailures = DEFAULT_MAX_FAILURES;
    private Duration window = DEFAULT_WINDOW;
    private Duration duration = DEFAULT_DURATION;
    private Duration backoff = DEFAULT_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private int maxTrackedIps = DEFAULT_MAX_TRACKED_IPS;

    Builder() {}

    public Builder maxFailures(int maxFailures) {
      this.maxFailures = maxFailures;
      return this;
    }

    public Builder window(Duration window) {
      this.window = window;
      return this;
    }

    public Builder duration(Duration duration) {
      this.duration = duration;
      return this;
    }

    public Builder backoff(Duration backoff) {
      this.backoff = backoff;
      return this;
    }

    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
      return this;
    }

    public Builder maxTrackedIps(int maxTrackedIps) {
      this.maxTrackedIps = maxTrackedIps;
      return this;
    }

    /** @throws IllegalArgumentException naming the first invalid field */
    public LockoutPolicy build() {
      return new LockoutPolicy(maxFailures, window, duration, backoff, maxBackoff, maxTrackedIps);
    }
  }
}
