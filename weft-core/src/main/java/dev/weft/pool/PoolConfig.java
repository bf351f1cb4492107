package dev.weft.pool;

import dev.weft.net.Addresses;
import dev.weft.net.Dialer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable pool settings. Build with {@link ConnectionPool#builder}; every field has a finite
 * default, listed here and on the builder. Dialing (connect timeout, retry with back-off and
 * jitter, a setup step such as TLS) comes from the {@link Dialer}.
 *
 * @param dialer opens the connections; its {@link Dialer#retry()} is applied per acquire, with
 *     every pause and connect capped by the acquire's deadline
 * @param target {@code host:port}; checked when built, resolved again on every dial
 * @param name in events and thread names. Default: the target
 * @param maxSize connections open at once, leased or idle. Default: 16
 * @param maxPending acquirers that may wait at once; one more fails fast. Default: 1024
 * @param minIdle idle connections kept ready by a background warm-up; never blocks an acquire.
 *     Default: 0
 * @param idleTimeout closes a connection idle in the pool this long (down to {@code minIdle});
 *     zero disables. Keep it below the server's idle timeout. Default: 60 s
 * @param maxLifetime closes a connection this old when next idle; zero disables. Default: 30 min
 * @param lifetimeJitter each connection's lifetime is shortened by a random amount up to this,
 *     so connections made together do not expire together. Default: a tenth of maxLifetime
 * @param validator application health check before hand-out. Default: {@link ConnValidator#NONE}
 * @param validateAfterIdle run the validator only on connections idle at least this long; zero
 *     validates on every acquire. Default: 0
 * @param validationTimeout read deadline for one validation. Default: 5 s
 * @param breakerThreshold consecutive dial failures that open the circuit breaker; 0 disables it.
 *     Default: 5
 * @param breakerCooldown how long the breaker stays open before one probe dial. Default: 2 s
 * @param closeTimeout how long {@link ConnectionPool#close()} waits for leases. Default: 10 s
 * @param reaperInterval how often the reaper sweeps idle connections; zero picks a quarter of
 *     the shorter of idleTimeout and maxLifetime, between 50 ms and 5 s. Default: 0
 * @param listener receives pool events. Default: {@link PoolListener#NONE}
 */
public record PoolConfig(
    Dialer dialer,
    String target,
    String name,
    int maxSize,
    int maxPending,
    int minIdle,
    Duration idleTimeout,
    Duration maxLifetime,
    Duration lifetimeJitter,
    ConnValidator validator,
    Duration validateAfterIdle,
    Duration validationTimeout,
    int breakerThreshold,
    Duration breakerCooldown,
    Duration closeTimeout,
    Duration reaperInterval,
    PoolListener listener) {

  public static final int DEFAULT_MAX_SIZE = 16;
  public static final int DEFAULT_MAX_PENDING = 1024;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofMinutes(30);
  public static final Duration DEFAULT_VALIDATION_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_BREAKER_THRESHOLD = 5;
  public static final Duration DEFAULT_BREAKER_COOLDOWN = Duration.ofSeconds(2);
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

  /** Validates every field; messages name the field and the bad value. */
  public PoolConfig {
    Objects.requireNonNull(dialer, "dialer");
    Objects.requireNonNull(validator, "validator");
    Objects.requireNonNull(listener, "listener");
    Addresses.parse(target);
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    atLeast("maxSize", maxSize, 1);
    atLeast("maxPending", maxPending, 0);
    atLeast("minIdle", minIdle, 0);
    atLeast("breakerThreshold", breakerThreshold, 0);
    if (minIdle > maxSize) {
      throw new IllegalArgumentException("minIdle must be <= maxSize (" + maxSize + "), got " + minIdle);
    }
    for (var d : new Object[][] {{"idleTimeout", idleTimeout}, {"maxLifetime", maxLifetime},
        {"lifetimeJitter", lifetimeJitter}, {"validateAfterIdle", validateAfterIdle},
        {"validationTimeout", validationTimeout}, {"breakerCooldown", breakerCooldown},
        {"closeTimeout", closeTimeout}, {"reaperInterval", reaperInterval}}) {
      notNegative((String) d[0], (Duration) d[1]);
    }
    if (validationTimeout.isZero()) {
      throw new IllegalArgumentException("validationTimeout must be > 0, got " + validationTimeout);
    }
    if (!maxLifetime.isZero() && lifetimeJitter.compareTo(maxLifetime) >= 0) {
      throw new IllegalArgumentException(
          "lifetimeJitter must be < maxLifetime (" + maxLifetime + "), got " + lifetimeJitter);
    }
  }

  /** The target, parsed and resolved. */
  public InetSocketAddress address() {
    return Addresses.parse(target);
  }

  /** The reaper's period: {@link #reaperInterval()} or the derived default. */
  public Duration effectiveReaperInterval() {
    if (!reaperInterval.isZero()) {
      return reaperInterval;
    }
    Duration shortest = Duration.ofSeconds(20);
    for (Duration d : new Duration[] {idleTimeout, maxLifetime}) {
      if (!d.isZero() && d.compareTo(shortest) < 0) {
        shortest = d;
      }
    }
    Duration quarter = shortest.dividedBy(4);
    return quarter.compareTo(Duration.ofMillis(50)) < 0 ? Duration.ofMillis(50) : quarter;
  }

  private static void atLeast(String field, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(field + " must be >= " + min + ", got " + value);
    }
  }

  private static void notNegative(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isNegative()) {
      throw new IllegalArgumentException(field + " must be >= 0, got " + value);
    }
  }
}
