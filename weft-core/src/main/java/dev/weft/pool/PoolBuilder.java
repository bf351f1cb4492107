package dev.weft.pool;

import dev.weft.net.Dialer;
import java.time.Duration;
import java.util.Objects;

/**
 * Builds a {@link PoolConfig} and, with {@link #build()}, a {@link ConnectionPool}. Not
 * thread-safe. Defaults are those of {@link PoolConfig}; validation happens in {@link #config()}.
 */
public final class PoolBuilder {
  private final Dialer dialer;
  private final String target;
  private String name;
  private int maxSize = PoolConfig.DEFAULT_MAX_SIZE;
  private int maxPending = PoolConfig.DEFAULT_MAX_PENDING;
  private int minIdle;
  private Duration idleTimeout = PoolConfig.DEFAULT_IDLE_TIMEOUT;
  private Duration maxLifetime = PoolConfig.DEFAULT_MAX_LIFETIME;
  private Duration lifetimeJitter; // null: a tenth of maxLifetime
  private ConnValidator validator = ConnValidator.NONE;
  private Duration validateAfterIdle = Duration.ZERO;
  private Duration validationTimeout = PoolConfig.DEFAULT_VALIDATION_TIMEOUT;
  private int breakerThreshold = PoolConfig.DEFAULT_BREAKER_THRESHOLD;
  private Duration breakerCooldown = PoolConfig.DEFAULT_BREAKER_COOLDOWN;
  private Duration closeTimeout = PoolConfig.DEFAULT_CLOSE_TIMEOUT;
  private Duration reaperInterval = Duration.ZERO;
  private PoolListener listener = PoolListener.NONE;

  PoolBuilder(Dialer dialer, String target) {
    this.dialer = Objects.requireNonNull(dialer, "dialer");
    this.target = Objects.requireNonNull(target, "target");
  }

  /** Name in events and thread names. Default: the target. */
  public PoolBuilder name(String name) {
    this.name = name;
    return this;
  }

  /** Connections open at once. Default: 16. */
  public PoolBuilder maxSize(int maxSize) {
    this.maxSize = maxSize;
    return this;
  }

  /** Acquirers that may wait at once; one more fails fast. Default: 1024. */
  public PoolBuilder maxPending(int maxPending) {
    this.maxPending = maxPending;
    return this;
  }

  /** Idle connections kept ready in the background. Default: 0. */
  public PoolBuilder minIdle(int minIdle) {
    this.minIdle = minIdle;
    return this;
  }

  /** Closes connections idle this long; zero disables. Default: 60 s. */
  public PoolBuilder idleTimeout(Duration idleTimeout) {
    this.idleTimeout = idleTimeout;
    return this;
  }

  /** Closes connections this old when next idle; zero disables. Default: 30 min. */
  public PoolBuilder maxLifetime(Duration maxLifetime) {
    this.maxLifetime = maxLifetime;
    return this;
  }

  /** Random shortening of each lifetime, up to this. Default: a tenth of maxLifetime. */
  public PoolBuilder lifetimeJitter(Duration jitter) {
    this.lifetimeJitter = jitter;
    return this;
  }

  /** Application health check before hand-out. Default: none. */
  public PoolBuilder validator(ConnValidator validator) {
    this.validator = validator;
    return this;
  }

  /** Validate only connections idle at least this long; zero: every acquire. Default: 0. */
  public PoolBuilder validateAfterIdle(Duration idle) {
    this.validateAfterIdle = idle;
    return this;
  }

  /** Read deadline for one validation. Default: 5 s. */
  public PoolBuilder validationTimeout(Duration timeout) {
    this.validationTimeout = timeout;
    return this;
  }

  /** Consecutive dial failures that open the breaker; 0 disables it. Default: 5. */
  public PoolBuilder breakerThreshold(int failures) {
    this.breakerThreshold = failures;
    return this;
  }

  /** How long the breaker stays open before a probe dial. Default: 2 s. */
  public PoolBuilder breakerCooldown(Duration cooldown) {
    this.breakerCooldown = cooldown;
    return this;
  }

  /** How long {@link ConnectionPool#close()} waits for leases. Default: 10 s. */
  public PoolBuilder closeTimeout(Duration timeout) {
    this.closeTimeout = timeout;
    return this;
  }

  /** The reaper's period; zero derives it from the timeouts. Default: 0. */
  public PoolBuilder reaperInterval(Duration interval) {
    this.reaperInterval = interval;
    return this;
  }

  /** Receives pool events. Default: {@link PoolListener#NONE}. */
  public PoolBuilder listener(PoolListener listener) {
    this.listener = listener;
    return this;
  }

  /** The validated config. */
  public PoolConfig config() {
    Duration jitter = lifetimeJitter;
    if (jitter == null) {
      jitter = maxLifetime == null || maxLifetime.isNegative() ? Duration.ZERO : maxLifetime.dividedBy(10);
    }
    return new PoolConfig(dialer, target, name == null ? target : name, maxSize, maxPending,
        minIdle, idleTimeout, maxLifetime, jitter, validator, validateAfterIdle,
        validationTimeout, breakerThreshold, breakerCooldown, closeTimeout, reaperInterval,
        listener);
  }

  /** A running pool with this config; it dials lazily (and in the background for minIdle). */
  public ConnectionPool build() {
    return new ConnectionPool(config());
  }
}
