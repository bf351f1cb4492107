package dev.weft.pool;

import dev.weft.net.Conn;
import dev.weft.net.NetException;
import dev.weft.net.internal.SharedTimer;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The pool's background work: the reaper, one entry on the process's {@link SharedTimer}
 * re-armed every period (never a thread or timer per connection), and the min-idle warm-up.
 * The timer task only takes stale connections off the books; closing them and dialing
 * replacements happen on a short-lived virtual thread, since neither may block the timer.
 */
final class Upkeep implements Runnable {
  private final ConnectionPool pool;
  private final Ledger ledger;
  private final Dialing dialing;
  private final long periodNanos;
  private final long idleNanos;
  private final int minIdle;
  private final String name;
  private final AtomicBoolean warming = new AtomicBoolean();
  private volatile boolean stopped;
  private volatile ScheduledFuture<?> next;

  Upkeep(ConnectionPool pool, PoolConfig config, Ledger ledger, Dialing dialing) {
    this.pool = pool;
    this.ledger = ledger;
    this.dialing = dialing;
    this.periodNanos = config.effectiveReaperInterval().toNanos();
    this.idleNanos = config.idleTimeout().toNanos();
    this.minIdle = config.minIdle();
    this.name = config.name();
  }

  void start() {
    next = SharedTimer.schedule(this, periodNanos);
    warmUp();
  }

  void stop() {
    stopped = true;
    ScheduledFuture<?> f = next;
    if (f != null) {
      f.cancel(false);
    }
  }

  /** One reaper pass, on the timer thread: quick, lock-only. */
  @Override
  public void run() {
    if (stopped) {
      return;
    }
    long now = System.nanoTime();
    List<PooledConn> stale = ledger.reap(now, idleNanos, minIdle);
    if (!stale.isEmpty()) {
      Thread.ofVirtual().name("weft-pool-reaper " + name).start(() -> {
        for (PooledConn c : stale) {
          pool.evicted(c, c.expired(now) ? EvictReason.MAX_LIFETIME : EvictReason.IDLE_TIMEOUT);
        }
        ledger.closed(stale.size());
      });
    }
    warmUp();
    if (!stopped) {
      next = SharedTimer.schedule(this, periodNanos);
    }
  }

  /** Tops the pool up to {@code minIdle} idle connections on one virtual thread, if needed. */
  void warmUp() {
    if (minIdle == 0 || stopped || !warming.compareAndSet(false, true)) {
      return;
    }
    Thread.ofVirtual().name("weft-pool-warmup " + name).start(() -> {
      try {
        while (!stopped && ledger.reserveWarmUp(minIdle)) {
          long start = System.nanoTime();
          Conn raw;
          try {
            raw = dialing.dial(start + dialing.budgetNanos());
          } catch (NetException | RuntimeException e) {
            ledger.dialFailed(); // reported through dialFailed and the breaker already
            return;
          }
          pool.created(raw, start, true);
        }
      } finally {
        warming.set(false);
      }
    });
  }
}
