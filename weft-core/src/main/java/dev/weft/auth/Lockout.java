package dev.weft.auth;

import dev.weft.net.AdmissionCheck;
import dev.weft.net.ClientKey;
import dev.weft.net.RejectReason;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts authentication failures per client IP, delays the failure reply progressively, and
 * locks an IP out after {@link LockoutPolicy#maxFailures()} failures within the window. {@link
 * AuthSetup} records the failures and refuses locked-out IPs; {@link #admission()} refuses them
 * on the acceptor, before any byte is read.
 *
 * <p>A success does not clear an IP's failures: otherwise one valid account would let its owner
 * guess other accounts' passwords without limit.
 *
 * <p>An IPv6 client is counted by its /64 ({@link ClientKey}), as the per-IP connection
 * rate and cap are: one host cycling through the addresses of its subnet gets no fresh tries.
 *
 * <p>Memory is bounded by {@link LockoutPolicy#maxTrackedIps()}. An attacker with more
 * addresses than that can push old entries out; per-IP and rate limits are the defence there.
 *
 * <p>Thread-safe: one short {@link ReentrantLock} section per call, never held while blocking,
 * so the acceptor may call {@link #isLockedOut}.
 */
public final class Lockout {
  private final LockoutPolicy policy;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  // Access order: the least recently failed entry is evicted first when over the cap.
  private final LinkedHashMap<InetAddress, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

  /** Failures of one IP in its current window. Guarded by {@link #lock}. */
  private static final class Entry {
    Instant windowStart;
    int failures;
    Instant lockedUntil = Instant.MIN;
  }

  public Lockout(LockoutPolicy policy) {
    this(policy, Clock.systemUTC());
  }

  /** With {@code clock} as the time source; tests pass a clock they move. */
  public Lockout(LockoutPolicy policy, Clock clock) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public LockoutPolicy policy() {
    return policy;
  }

  /**
   * This lockout under {@code next}, for a config reload: itself when the policy is the same,
   * else a new lockout that starts with this one's state (failure counts, and IPs locked out
   * until the time they were locked out until), so a reload never unlocks anyone. The new
   * policy applies from the next failure on.
   */
  public Lockout withPolicy(LockoutPolicy next) {
    if (next.equals(policy)) {
      return this;
    }
    Lockout carried = new Lockout(next, clock);
    lock.lock();
    try {
      entries.forEach((ip, e) -> {
        Entry copy = new Entry();
        copy.windowStart = e.windowStart;
        copy.failures = e.failures;
        copy.lockedUntil = e.lockedUntil;
        carried.entries.put(ip, copy);
      });
    } finally {
      lock.unlock();
    }
    return carried;
  }

  /** True while {@code ip} is locked out. Never blocks for long; safe on the acceptor. */
  public boolean isLockedOut(InetAddress ip) {
    Instant now = clock.instant();
    lock.lock();
    try {
      Entry e = entries.get(ClientKey.of(ip));
      return e != null && now.isBefore(e.lockedUntil);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Records one failure from {@code ip}.
   *
   * @return how long to delay the failure reply: {@link LockoutPolicy#backoff()} doubled for each
   *     earlier failure in the window, capped at {@link LockoutPolicy#maxBackoff()}
   */
  public Duration recordFailure(InetAddress ip) {
    Instant now = clock.instant();
    InetAddress key = ClientKey.of(ip);
    lock.lock();
    try {
      Entry e = entries.get(key);
      boolean added = e == null;
      if (added) {
        e = new Entry();
        entries.put(key, e);
      }
      if (added || !now.isBefore(e.windowStart.plus(policy.window()))) {
        e.windowStart = now;
        e.failures = 0;
      }
      if (added) {
        evictOverCap(now);
      }
      e.failures++;
      if (e.failures >= policy.maxFailures()) {
        e.lockedUntil = now.plus(policy.duration());
      }
      return delay(e.failures);
    } finally {
      lock.unlock();
    }
  }

  /** How many IPs are tracked now, expired ones included until the next eviction. */
  public int trackedIps() {
    lock.lock();
    try {
      return entries.size();
    } finally {
      lock.unlock();
    }
  }

  /** An admission check that rejects locked-out IPs with {@link RejectReason#LOCKED_OUT}. */
  public AdmissionCheck admission() {
    return remote -> remote.getAddress() != null && isLockedOut(remote.getAddress())
        ? RejectReason.LOCKED_OUT
        : null;
  }

  private Duration delay(int failures) {
    if (policy.backoff().isZero()) {
      return Duration.ZERO;
    }
    // 2^(failures-1), with the shift capped so it cannot overflow.
    Duration d = policy.backoff().multipliedBy(1L << Math.min(failures - 1, 20));
    return d.compareTo(policy.maxBackoff()) > 0 ? policy.maxBackoff() : d;
  }

  /** Drops expired entries, then the least recently failed ones, down to the cap. */
  private void evictOverCap(Instant now) {
    if (entries.size() <= policy.maxTrackedIps()) {
      return;
    }
    entries.values().removeIf(e -> expired(e, now));
    Iterator<Map.Entry<InetAddress, Entry>> it = entries.entrySet().iterator();
    while (entries.size() > policy.maxTrackedIps() && it.hasNext()) {
      it.next();
      it.remove();
    }
  }

  private boolean expired(Entry e, Instant now) {
    return !now.isBefore(e.lockedUntil) && !now.isBefore(e.windowStart.plus(policy.window()));
  }
}
