package dev.weft.proxy.internal;

import dev.weft.net.DurationFormat;
import dev.weft.proxy.BackendConfig;
import dev.weft.proxy.BackendState;
import dev.weft.proxy.BackendStats;
import dev.weft.proxy.HealthResult;
import dev.weft.proxy.OutlierEjection;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One backend at run time: its config, health, passive-health ejection, drain flag, slots,
 * counters and the sessions open to it. The object survives {@link dev.weft.proxy.Proxy#reconfigure}
 * when a backend of the same name remains, so health state and counters carry over.
 *
 * <p>State changes go through {@link #lock} and are reported to the {@link StateSink}; the hot
 * path ({@link #isAvailable()}, counters) reads volatiles and adders only. Thread-safe.
 */
public final class Backend {
  /** Where state changes are reported. */
  public interface StateSink {
    void changed(Backend backend, BackendState from, BackendState to, String reason);
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final StateSink sink;
  private volatile BackendConfig config;
  private volatile Slots slots;
  private volatile boolean healthUp = true;
  private volatile boolean draining;
  private volatile long ejectedUntil; // nanoTime; 0 when not ejected
  private int passes; // guarded by lock
  private int failures; // guarded by lock
  private int connectFailuresInRow; // guarded by lock
  private int ejectionsInRow; // guarded by lock
  private int ejections; // guarded by lock
  private final ArrayDeque<HealthResult> history = new ArrayDeque<>(); // guarded by lock
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicLong total = new AtomicLong();
  private final LongAdder bytesIn = new LongAdder();
  private final LongAdder bytesOut = new LongAdder();
  private final AtomicLong connectFailures = new AtomicLong();
  private final AtomicLong healthFailures = new AtomicLong();
  private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
  /** Smooth weighted round-robin's running weight; guarded by that balancer's lock. */
  int currentWeight;

  public Backend(BackendConfig config, StateSink sink) {
    this.config = config;
    this.sink = sink;
    this.slots = new Slots(config.maxConnections(), config.maxQueue());
  }

  public BackendConfig config() {
    return config;
  }

  public String name() {
    return config.name();
  }

  public Slots slots() {
    return slots;
  }

  /** Takes on a new config of the same name; new limits apply to new connections. */
  public void update(BackendConfig next) {
    BackendConfig old = config;
    config = next;
    if (old.maxConnections() != next.maxConnections() || old.maxQueue() != next.maxQueue()) {
      slots = new Slots(next.maxConnections(), next.maxQueue());
    }
  }

  /** Up, not draining and not ejected: may take a new connection. */
  public boolean isAvailable() {
    return healthUp && !draining && !isEjected();
  }

  private boolean isEjected() {
    long until = ejectedUntil;
    return until != 0 && System.nanoTime() - until < 0;
  }

  public BackendState state() {
    if (draining) {
      return BackendState.DRAINING;
    }
    if (!healthUp) {
      return BackendState.DOWN;
    }
    return isEjected() ? BackendState.EJECTED : BackendState.UP;
  }

  /** Records an active check; applies rise and fall. Returns true when the backend went down. */
  public boolean healthChecked(HealthResult r, int rise, int fall, int keep) {
    BackendState before;
    BackendState after;
    lock.lock();
    try {
      before = state();
      history.addLast(r);
      while (history.size() > keep) {
        history.removeFirst();
      }
      if (r.ok()) {
        failures = 0;
        passes++;
        if (!healthUp && passes >= rise) {
          healthUp = true;
        }
      } else {
        passes = 0;
        failures++;
        healthFailures.incrementAndGet();
        if (healthUp && failures >= fall) {
          healthUp = false;
        }
      }
      after = state();
    } finally {
      lock.unlock();
    }
    report(before, after, r.ok() ? "health check passed " + rise + " times" : "health check failed: " + r.detail());
    return before != BackendState.DOWN && after == BackendState.DOWN;
  }

  /** Active checks were turned off: the backend counts as up again. */
  public void healthDisabled() {
    BackendState before;
    lock.lock();
    try {
      before = state();
      healthUp = true;
      passes = 0;
      failures = 0;
    } finally {
      lock.unlock();
    }
    report(before, state(), "health checks disabled");
  }

  /** A connect attempt failed: may eject the backend. */
  public void connectFailed(OutlierEjection policy) {
    connectFailures.incrementAndGet();
    BackendState before;
    BackendState after;
    Duration time = null;
    lock.lock();
    try {
      before = state();
      connectFailuresInRow++;
      if (policy.consecutiveFailures() > 0 && connectFailuresInRow >= policy.consecutiveFailures() && !isEjected()) {
        ejectionsInRow++;
        ejections++;
        connectFailuresInRow = 0;
        time = policy.ejectionTime(ejectionsInRow);
        ejectedUntil = (System.nanoTime() + time.toNanos()) | 1;
      }
      after = state();
    } finally {
      lock.unlock();
    }
    if (time != null) {
      report(before, after, policy.consecutiveFailures() + " connect failures in a row; ejected for " + DurationFormat.format(time));
    }
  }

  /** A connect attempt succeeded: resets the passive-health counters. */
  public void connectSucceeded() {
    total.incrementAndGet();
    lock.lock();
    try {
      connectFailuresInRow = 0;
      if (!isEjected()) {
        ejectionsInRow = 0;
        ejectedUntil = 0;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Stops new connections (drain) or resumes them. */
  public void setDraining(boolean on) {
    BackendState before;
    lock.lock();
    try {
      before = state();
      draining = on;
    } finally {
      lock.unlock();
    }
    report(before, state(), on ? "drain requested" : "drain ended");
  }

  private void report(BackendState before, BackendState after, String reason) {
    if (before != after) {
      sink.changed(this, before, after, reason);
    }
  }

  // ---- sessions and counters ----

  public void opened(Session s) {
    active.incrementAndGet();
    sessions.add(s);
  }

  public void closed(Session s) {
    sessions.remove(s);
    active.decrementAndGet();
  }

  /** Bytes received from the backend, counted as they pass. */
  public void countIn(long n) {
    bytesIn.add(n);
  }

  /** Bytes sent to the backend, counted as they pass. */
  public void countOut(long n) {
    bytesOut.add(n);
  }

  /** Connections open to this backend now. */
  public int active() {
    return active.get();
  }

  public Set<Session> sessions() {
    return sessions;
  }

  public BackendStats stats() {
    BackendConfig c = config;
    lock.lock();
    try {
      return new BackendStats(c.name(), c.address(), c.group(), c.backup(), c.weight(), state(),
          active.get(), slots.queued(), total.get(), bytesIn.sum(), bytesOut.sum(),
          connectFailures.get(), healthFailures.get(), ejections, List.copyOf(history));
    } finally {
      lock.unlock();
    }
  }
}
