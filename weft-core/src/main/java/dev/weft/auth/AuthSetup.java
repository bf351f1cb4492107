package dev.weft.auth;

import dev.weft.net.AddressFormat;
import dev.weft.net.AuthenticationException;
import dev.weft.net.Conn;
import dev.weft.net.ConnSetup;
import dev.weft.net.DurationFormat;
import dev.weft.net.NetException;
import dev.weft.net.Principal;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ConnSetup} step that authenticates each connection before its handler runs.
 *
 * <pre>
 *   accepted --locked out?--yes--> refuse --> AUTH_FAILED
 *      |no
 *   set read deadline (timeout) --> authenticate --ok--> clear deadline --> AuthenticatedConn
 *      |                                  |AuthenticationException
 *      |                               record failure, wait the back-off, refuse --> AUTH_FAILED
 *      +-- deadline passes --> the read fails, the connection closes with the timeout's cause
 * </pre>
 *
 * <p>The back-off wait runs on the connection's own virtual thread, which costs a few hundred
 * bytes while it parks, and holds the per-IP connection slot, slowing a guesser down further.
 *
 * <p>Thread-safe: one instance serves every connection of a server.
 */
public final class AuthSetup implements ConnSetup {
  /** Default: 10 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(AuthSetup.class);

  private final Authenticator authenticator;
  private final Duration timeout;
  private final Lockout lockout;
  private final Map<String, Set<String>> roles;
  private final LongAdder successes = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder lockedOut = new LongAdder();
  private final LongAdder errors = new LongAdder();

  private AuthSetup(Builder b) {
    this.authenticator = Objects.requireNonNull(b.authenticator, "authenticator");
    this.timeout = Objects.requireNonNull(b.timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be >= 0, got " + timeout);
    }
    this.lockout = b.lockout != null ? b.lockout : new Lockout(LockoutPolicy.defaults());
    this.roles = Map.copyOf(b.roles);
  }

  /** A builder around {@code authenticator}, with every default. */
  public static Builder builder(Authenticator authenticator) {
    return new Builder(authenticator);
  }

  /** The lockout this step records failures in; use its {@link Lockout#admission()}. */
  public Lockout lockout() {
    return lockout;
  }

  /** A snapshot of the counters. Any thread. */
  public AuthStats stats() {
    return new AuthStats(successes.sum(), failures.sum(), lockedOut.sum(), errors.sum());
  }

  /**
   * Authenticates {@code conn}; blocks for the exchange, at most the timeout plus the back-off.
   *
   * @throws AuthenticationException if the peer failed or its IP is locked out
   * @throws IOException if the connection failed or the timeout passed
   */
  @Override
  public Conn setUp(Conn conn) throws IOException {
    InetAddress ip = conn.remoteAddress().getAddress();
    if (lockout.isLockedOut(ip)) {
      throw refuseLockedOut(conn, ip);
    }
    Principal principal;
    conn.setReadDeadline(timeout.isZero() ? null : Instant.now().plus(timeout));
    try {
      principal = authenticator.authenticate(conn);
    } catch (AuthenticationException e) {
      if (lockout.isLockedOut(ip)) { // locked out while this connection was in its exchange
        throw refuseLockedOut(conn, ip);
      }
      fail(conn, ip, e);
      throw e;
    } catch (IOException | RuntimeException e) {
      errors.increment();
      throw e;
    }
    // Connections opened before the lockout must not keep guessing: the verdict is refused, right or
    // wrong, with the same reply, so neither it nor its timing tells the guesser anything.
    if (lockout.isLockedOut(ip)) {
      throw refuseLockedOut(conn, ip);
    }
    authenticator.accept(conn, principal);
    conn.setReadDeadline(null);
    Principal granted = principal.withRoles(roles.getOrDefault(principal.name(), Set.of()));
    successes.increment();
    log.debug("auth ok {}: {} via {}", AddressFormat.format(ip), granted.name(), granted.method());
    return new AuthenticatedConn(conn, granted);
  }

  private AuthenticationException refuseLockedOut(Conn conn, InetAddress ip) {
    lockedOut.increment();
    log.info("auth refused {}: locked out", AddressFormat.format(ip));
    refuseQuietly(conn);
    return new AuthenticationException("locked out after repeated authentication failures");
  }

  private void fail(Conn conn, InetAddress ip, AuthenticationException e) throws IOException {
    failures.increment();
    Duration delay = lockout.recordFailure(ip);
    // The message is the authenticator's reason, which by contract holds no secret.
    log.info("auth failed {}: {}", AddressFormat.format(ip), e.getMessage());
    if (lockout.isLockedOut(ip)) { // this failure locked it: failures after it take refuseLockedOut
      log.warn("auth locking out {} for {}", AddressFormat.format(ip), DurationFormat.format(lockout.policy().duration()));
    }
    try {
      Thread.sleep(delay);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted during the authentication back-off");
    }
    refuseQuietly(conn);
  }

  private void refuseQuietly(Conn conn) {
    try {
      authenticator.refuse(conn);
      conn.out().flush();
    } catch (IOException e) {
      log.debug("auth failure reply not sent: {}", e instanceof NetException ? e.getMessage() : e.toString());
    }
  }

  /** Builds an {@link AuthSetup}. Not thread-safe. */
  public static final class Builder {
    private final Authenticator authenticator;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Lockout lockout;
    private final Map<String, Set<String>> roles = new HashMap<>();

    Builder(Authenticator authenticator) {
      this.authenticator = authenticator;
    }

    /**
     * How long the whole exchange may take, enforced with {@link Conn#setReadDeadline}; zero
     * disables it. Default: 10 seconds.
     */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** Where failures are counted. Default: a new {@link Lockout} with the default policy. */
    public Builder lockout(Lockout lockout) {
      this.lockout = lockout;
      return this;
    }

    /** Roles added to the principal named {@code name}. Default: none. */
    public Builder roles(String name, Set<String> roles) {
      this.roles.merge(name, Set.copyOf(roles), (a, b) -> {
        var all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
      });
      return this;
    }

    /** @throws IllegalArgumentException if the timeout is negative */
    public AuthSetup build() {
      return new AuthSetup(this);
    }
  }
}
