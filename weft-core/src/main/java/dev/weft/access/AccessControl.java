package dev.weft.access;

import dev.weft.net.AdmissionCheck;
import dev.weft.net.NetException;
import dev.weft.net.RejectReason;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.LoggerFactory;

/**
 * Access lists and connection-rate limits as one {@link AdmissionCheck}: install it with {@code
 * ServerConfig.Builder.admission(...)}. It runs on the acceptor thread before any byte is read,
 * and before the server's per-IP concurrent cap. Evaluation order, first refusal wins:
 *
 * <ol>
 *   <li>deny list: {@code ACCESS_DENIED}
 *   <li>allow list, if non-empty, and the address is not on it: {@code ACCESS_DENIED}
 *   <li>per-IP connection rate: {@code RATE_LIMITED}
 *   <li>global accept rate: {@code ACCEPT_RATE_LIMITED}
 * </ol>
 *
 * <p>The per-IP rate is checked before the global one so that a flooding address spends only its
 * own tokens, not everyone's.
 *
 * <p>{@link #update} swaps the rules atomically at runtime; it affects connections accepted
 * afterwards and never closes established ones. Rejections are logged at INFO through a {@link
 * RateLimitedLog} (10 lines per 10 seconds per reason), so a flood cannot flood the log.
 *
 * <p>Thread-safe and non-blocking: one volatile read, a list scan and at most two CAS loops per
 * connection.
 */
public final class AccessControl implements AdmissionCheck {
  private final AtomicReference<State> state;
  private final LongSupplier clock;
  private final RateLimitedLog log;
  private final LongAdder admitted = new LongAdder();
  private final LongAdder denied = new LongAdder();
  private final LongAdder perIpLimited = new LongAdder();
  private final LongAdder globalLimited = new LongAdder();

  /** Enforces {@code rules} until the next {@link #update}. */
  public AccessControl(AccessRules rules) {
    this(rules, System::nanoTime);
  }

  AccessControl(AccessRules rules, LongSupplier nanoClock) {
    this.clock = nanoClock;
    this.log = new RateLimitedLog(
        LoggerFactory.getLogger(AccessControl.class)::info, 10, Duration.ofSeconds(10), nanoClock);
    this.state = new AtomicReference<>(State.of(rules, null, clock.getAsLong()));
  }

  /**
   * Replaces the rules for connections accepted from now on. Per-IP and global buckets are kept
   * when their rate is unchanged, so a reload does not hand a flooding client a fresh burst.
   * Any thread may call it.
   */
  public void update(AccessRules rules) {
    Objects.requireNonNull(rules, "rules");
    long now = clock.getAsLong();
    state.updateAndGet(old -> State.of(rules, old, now));
  }

  /** The rules in force now. */
  public AccessRules rules() {
    return state.get().rules;
  }

  /** The counters so far. Any thread. */
  public AccessStats stats() {
    PerIpBuckets p = state.get().perIp;
    return new AccessStats(
        admitted.sum(), denied.sum(), perIpLimited.sum(), globalLimited.sum(), p == null ? 0 : p.size());
  }

  @Override
  public RejectReason check(InetSocketAddress remote) {
    State s = state.get();
    InetAddress ip = remote.getAddress();
    if (s.rules.deny().matches(ip)) {
      return reject(denied, remote, RejectReason.ACCESS_DENIED, "on the deny list");
    }
    if (!s.rules.allow().isEmpty() && !s.rules.allow().matches(ip)) {
      return reject(denied, remote, RejectReason.ACCESS_DENIED, "not on the allow list");
    }
    long now = clock.getAsLong();
    if (s.perIp != null && !s.perIp.tryAcquire(ip, now)) {
      return reject(perIpLimited, remote, RejectReason.RATE_LIMITED,
          "over the per-IP connection rate " + s.perIp.limit().rate());
    }
    if (s.global != null && !s.global.tryAcquire(now)) {
      return reject(globalLimited, remote, RejectReason.ACCEPT_RATE_LIMITED,
          "over the global accept rate " + s.rules.acceptRate().rate());
    }
    admitted.increment();
    return null;
  }

  private RejectReason reject(LongAdder counter, InetSocketAddress remote, RejectReason reason, String why) {
    counter.increment();
    log.log(reason + " " + why, "rejected {}: {} ({})", NetException.addr(remote), reason, why);
    return reason;
  }

  /** The rules and the buckets that go with them. */
  private record State(AccessRules rules, PerIpBuckets perIp, TokenBucket global) {
    static State of(AccessRules rules, State old, long now) {
      RateLimit perIpRate = rules.connectRatePerIp();
      PerIpBuckets perIp = null;
      if (perIpRate != null) {
        boolean keep = old != null && old.perIp != null && old.perIp.limit().equals(perIpRate)
            && old.rules.maxTrackedIps() == rules.maxTrackedIps();
        perIp = keep ? old.perIp : new PerIpBuckets(perIpRate, rules.maxTrackedIps(), now);
      }
      TokenBucket global = null;
      if (rules.acceptRate() != null) {
        boolean keep = old != null && old.global != null && rules.acceptRate().equals(old.rules.acceptRate());
        global = keep ? old.global : new TokenBucket(rules.acceptRate(), now);
      }
      return new State(rules, perIp, global);
    }
  }
}
