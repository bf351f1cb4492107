package dev.weft.net.internal;

import dev.weft.net.CloseCause;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Enforces one connection's read, write and idle timeouts on the {@link SharedTimer}.
 *
 * <p>The hot path only stores {@code System.nanoTime()} into a few volatile fields: when a
 * blocking read or write starts, and when any I/O completes. At most one timer entry exists per
 * connection. When it fires it compares those stamps with the limits; if nothing expired it
 * re-arms itself at the earliest possible expiry. So a busy connection costs no timer operation
 * per message, and an expiry is never late: a deadline can only move later between checks.
 */
final class Watchdog implements Runnable {
  /** What the watchdog closes when a timeout passes. */
  interface Target {
    void expire(CloseCause cause);
  }

  private final Target target;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile long idleNanos;
  private volatile long readNanos;
  private volatile long writeNanos;
  private volatile long lastActivity = System.nanoTime();
  private volatile long readDeadline; // absolute nanoTime; 0 when unset
  private volatile long readSince; // 0 when no read is blocked
  private volatile long heldSince; // 0 unless a layer above holds the read clock (see holdRead)
  private volatile long writeSince; // 0 when no write is blocked
  private ScheduledFuture<?> pending; // guarded by lock
  private long pendingAt; // guarded by lock; when {@code pending} fires
  private boolean stopped; // guarded by lock

  Watchdog(Target target, long idleNanos, long readNanos, long writeNanos) {
    this.target = target;
    this.idleNanos = idleNanos;
    this.readNanos = readNanos;
    this.writeNanos = writeNanos;
    rearm();
  }

  void setIdle(long nanos) {
    lastActivity = System.nanoTime();
    idleNanos = nanos;
    rearm();
  }

  void setRead(long nanos) {
    readNanos = nanos;
    rearm();
  }

  void setWrite(long nanos) {
    writeNanos = nanos;
    rearm();
  }

  /** Sets an absolute read deadline {@code nanosFromNow} ahead; negative clears it. */
  void setReadDeadline(long nanosFromNow) {
    readDeadline = nanosFromNow < 0 ? 0 : (System.nanoTime() + nanosFromNow) | 1; // never 0
    rearm();
  }

  /**
   * A blocking read is about to start.
   *
   * @return false when the read deadline has already passed: the read must fail at once
   */
  boolean readStarted() {
    long rd = readDeadline;
    if (readNanos > 0 || rd != 0) {
      long now = System.nanoTime();
      if (rd != 0 && now - rd >= 0) {
        return false;
      }
      long held = heldSince;
      readSince = held != 0 ? held : now;
    }
    return true;
  }

  /**
   * A layer above has part of a message (a TLS record) and is reading the rest: until {@link
   * #releaseRead}, each read counts from {@code since}, not from its own start, and bytes read
   * are not activity for the idle timeout. So a peer that dribbles a record a byte at a time
   * cannot keep one logical read alive past the read or idle timeout. Rare (records usually
   * arrive whole), so it may re-arm the timer.
   */
  void holdRead(long since) {
    heldSince = since | 1; // never 0
    rearm();
  }

  void releaseRead() {
    heldSince = 0;
  }

  void writeStarted() {
    if (writeNanos > 0) {
      writeSince = System.nanoTime();
    }
  }

  /** A read finished (with or without data). */
  void readDone() {
    readSince = 0;
    if (idleNanos > 0 && heldSince == 0) {
      lastActivity = System.nanoTime();
    }
  }

  void writeDone() {
    writeSince = 0;
    if (idleNanos > 0) {
      lastActivity = System.nanoTime();
    }
  }

  void stop() {
    lock.lock();
    try {
      stopped = true;
      if (pending != null) {
        pending.cancel(false);
        pending = null;
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void run() {
    long now = System.nanoTime();
    CloseCause expired = expired(now);
    if (expired != null) {
      stop();
      target.expire(expired);
      return;
    }
    lock.lock();
    try {
      pending = null;
    } finally {
      lock.unlock();
    }
    rearm();
  }

  private CloseCause expired(long now) {
    long ws = writeSince;
    if (ws != 0 && writeNanos > 0 && now - ws >= writeNanos) {
      return CloseCause.WRITE_TIMEOUT;
    }
    long rs = readSince;
    if (rs != 0 && readNanos > 0 && now - rs >= readNanos) {
      return CloseCause.READ_TIMEOUT;
    }
    long rd = readDeadline;
    if (rs != 0 && rd != 0 && now - rd >= 0) {
      return CloseCause.READ_TIMEOUT;
    }
    if (idleNanos > 0 && ws == 0 && now - lastActivity >= idleNanos) {
      return CloseCause.IDLE_TIMEOUT;
    }
    return null;
  }

  /** Schedules the next check at the earliest moment any limit could pass. */
  private void rearm() {
    long now = System.nanoTime();
    long next = Long.MAX_VALUE;
    next = earliest(next, idleNanos, idleNanos > 0 ? lastActivity + idleNanos - now : 0);
    long rs = readSince != 0 ? readSince : heldSince;
    next = earliest(next, readNanos, rs != 0 ? rs + readNanos - now : readNanos);
    next = earliest(next, writeNanos, writeSince != 0 ? writeSince + writeNanos - now : writeNanos);
    long rd = readDeadline;
    if (rd != 0) {
      next = Math.min(next, Math.max(0, rd - now));
    }
    lock.lock();
    try {
      if (stopped || next == Long.MAX_VALUE) {
        return;
      }
      long at = now + next;
      if (pending != null && pendingAt - at <= 0) {
        return; // an earlier check is already due; it re-arms from there
      }
      if (pending != null) {
        pending.cancel(false);
      }
      pendingAt = at;
      pending = SharedTimer.schedule(this, next);
    } finally {
      lock.unlock();
    }
  }

  private static long earliest(long current, long limit, long delay) {
    return limit > 0 ? Math.min(current, Math.max(0, delay)) : current;
  }
}
