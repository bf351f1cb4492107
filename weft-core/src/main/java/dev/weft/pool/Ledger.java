package dev.weft.pool;

import dev.weft.net.ClosedException;
import dev.weft.net.NetException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool's books under one lock: idle connections, waiting acquirers and every count. It does
 * no I/O and fires no events, so the lock is only ever held for a few field updates.
 *
 * <p>Invariants: {@code open <= maxSize}; every connection leaves ({@link PooledConn.State#GONE})
 * exactly once; an idle connection and a waiting acquirer never coexist, because a returned
 * connection or a freed dial slot goes to the head waiter first (FIFO), and a new acquirer
 * queues behind existing waiters instead of taking what they are owed.
 *
 * <p>Longer than most files on purpose: every transition of the counts is in this one place,
 * where the invariants can be checked together.
 */
final class Ledger {
  /** What an acquirer was given: an idle connection to check, or the right to dial one. */
  record Grant(PooledConn conn) {
    static final Grant SLOT = new Grant(null);
  }

  private static final class Waiter {
    final Condition wake;
    Grant grant;

    Waiter(Condition wake) {
      this.wake = wake;
    }
  }

  private final InetSocketAddress target;
  private final int maxSize;
  private final int maxPending;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition allReturned = lock.newCondition();
  private final ArrayDeque<PooledConn> idle = new ArrayDeque<>(); // head: most recently returned
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private final List<PooledConn> leased = new ArrayList<>();
  private int open; // connections not GONE, plus dial slots handed out
  private int dialing;
  private boolean closed;
  private long created;
  private long evicted;
  private long acquired;
  private long timeouts;
  private long rejected;
  private long dialFailures;

  Ledger(InetSocketAddress target, int maxSize, int maxPending) {
    this.target = target;
    this.maxSize = maxSize;
    this.maxPending = maxPending;
  }

  /**
   * An idle connection or a dial slot, waiting in FIFO order until {@code deadline} if neither
   * is free. {@code again} marks an acquirer whose previous grant was unusable: it keeps its
   * place at the head of the queue.
   */
  Grant take(long start, long deadline, boolean again) throws NetException {
    lock.lock();
    try {
      checkOpen();
      Grant now = waiters.isEmpty() || again ? grantNow() : null;
      if (now != null) {
        return now;
      }
      if (!again && waiters.size() >= maxPending) {
        rejected++;
        throw exhausted(start, false);
      }
      Waiter w = new Waiter(lock.newCondition());
      if (again) {
        waiters.addFirst(w);
      } else {
        waiters.addLast(w);
      }
      return await(w, start, deadline);
    } finally {
      lock.unlock();
    }
  }

  private Grant await(Waiter w, long start, long deadline) throws NetException {
    try {
      long left;
      while (w.grant == null && !closed && (left = deadline - System.nanoTime()) > 0) {
        w.wake.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      giveBack(w);
      throw new NetException("acquire", null, target, "interrupted", e, false);
    }
    if (w.grant != null) {
      return w.grant; // granted just as the deadline passed: use it rather than waste it
    }
    waiters.remove(w);
    checkOpen();
    timeouts++;
    throw exhausted(start, true);
  }

  private void giveBack(Waiter w) {
    if (!waiters.remove(w)) {
      if (w.grant.conn() == null) {
        slotFreed();
      } else {
        offer(w.grant.conn());
      }
    }
  }

  private Grant grantNow() {
    PooledConn c = idle.pollFirst();
    if (c != null) {
      c.state = PooledConn.State.CHECKING;
      return new Grant(c);
    }
    if (open < maxSize) {
      open++;
      dialing++;
      return Grant.SLOT;
    }
    return null;
  }

  /** A checked connection goes to its acquirer. False if the pool closed meanwhile. */
  boolean lease(PooledConn c) {
    lock.lock();
    try {
      if (closed || c.state == PooledConn.State.GONE) {
        return false;
      }
      c.state = PooledConn.State.LEASED;
      leased.add(c);
      acquired++;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * A dial on a slot succeeded. An acquirer's connection then goes to {@link #lease}; a warm-up
   * connection is offered to waiters or idled here. False if the pool closed meanwhile.
   */
  boolean dialed(PooledConn c, boolean warmUp) {
    lock.lock();
    try {
      dialing--;
      created++;
      c.state = PooledConn.State.CHECKING;
      if (warmUp && !closed) {
        offer(c);
      }
      return !closed;
    } finally {
      lock.unlock();
    }
  }

  /** A dial on a slot failed (or was never tried): the slot passes to the head waiter. */
  void dialFailed() {
    lock.lock();
    try {
      dialing--;
      open--;
      slotFreed();
    } finally {
      lock.unlock();
    }
  }

  /** Counts one failed dial attempt (a dial may make several). */
  void attemptFailed() {
    lock.lock();
    try {
      dialFailures++;
    } finally {
      lock.unlock();
    }
  }

  /** Takes back a healthy connection: to the head waiter, else idle. False if it must close. */
  boolean release(PooledConn c) {
    lock.lock();
    try {
      if (!unlease(c) || closed) {
        return false;
      }
      offer(c);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Counts {@code c} out, after the caller closed it (so its slot is free only once its socket
   * is). True the first time only: the caller then reports it.
   */
  boolean remove(PooledConn c) {
    lock.lock();
    try {
      unlease(c);
      if (c.state == PooledConn.State.GONE) {
        return false;
      }
      if (c.state == PooledConn.State.IDLE) {
        idle.remove(c);
      }
      c.state = PooledConn.State.GONE;
      open--;
      evicted++;
      slotFreed();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes off the books, atomically, the idle connections the reaper should close: expired ones,
   * and ones idle past {@code idleNanos} (zero: never) beyond the first {@code minIdle}. They
   * stay counted in {@code open} until the caller has closed them and called {@link #closed}, so
   * a replacement is never dialed while the old socket is still open.
   */
  List<PooledConn> reap(long now, long idleNanos, int minIdle) {
    lock.lock();
    try {
      List<PooledConn> out = new ArrayList<>();
      for (Iterator<PooledConn> it = idle.descendingIterator(); it.hasNext(); ) {
        PooledConn c = it.next(); // oldest idle first
        boolean tooIdle = idleNanos > 0 && idle.size() > minIdle && now - c.idleSince >= idleNanos;
        if (c.expired(now) || tooIdle) {
          it.remove();
          c.state = PooledConn.State.GONE; // still counted in open until closed
          evicted++;
          out.add(c);
        }
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** {@code n} reaped connections are closed: their slots are free. */
  void closed(int n) {
    lock.lock();
    try {
      for (int i = 0; i < n; i++) {
        open--;
        slotFreed();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Reserves a slot for a warm-up dial if fewer than {@code minIdle} are idle or dialing. */
  boolean reserveWarmUp(int minIdle) {
    lock.lock();
    try {
      if (closed || open >= maxSize || idle.size() + dialing >= minIdle) {
        return false;
      }
      open++;
      dialing++;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Stops hand-outs, fails every waiter, and returns the idle connections (still counted in). */
  List<PooledConn> close() {
    lock.lock();
    try {
      closed = true;
      waiters.forEach(w -> w.wake.signal());
      waiters.clear();
      return new ArrayList<>(idle);
    } finally {
      lock.unlock();
    }
  }

  /** Leased connections now, for the close summary. */
  int inUse() {
    lock.lock();
    try {
      return leased.size();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until no connection is leased or the deadline passes; returns those still leased. */
  List<PooledConn> awaitReturned(long deadline) throws InterruptedException {
    lock.lock();
    try {
      long left;
      while (!leased.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
        allReturned.awaitNanos(left);
      }
      return new ArrayList<>(leased);
    } finally {
      lock.unlock();
    }
  }

  /** The connections leased now. */
  List<PooledConn> leasedNow() {
    lock.lock();
    try {
      return new ArrayList<>(leased);
    } finally {
      lock.unlock();
    }
  }

  PoolStats stats(BreakerState breaker) {
    lock.lock();
    try {
      return new PoolStats(open, idle.size(), leased.size(), waiters.size(), dialing, created,
          evicted, acquired, timeouts, rejected, dialFailures, breaker);
    } finally {
      lock.unlock();
    }
  }

  // ---- with the lock held ----

  private boolean unlease(PooledConn c) {
    boolean was = c.state == PooledConn.State.LEASED && leased.remove(c);
    if (was && leased.isEmpty()) {
      allReturned.signalAll();
    }
    return was;
  }

  private void offer(PooledConn c) {
    Waiter w = waiters.pollFirst();
    if (w != null) {
      c.state = PooledConn.State.CHECKING;
      w.grant = new Grant(c);
      w.wake.signal();
      return;
    }
    c.state = PooledConn.State.IDLE;
    c.idleSince = System.nanoTime();
    idle.addFirst(c);
  }

  private void slotFreed() {
    if (!closed && open < maxSize && !waiters.isEmpty()) {
      Waiter w = waiters.pollFirst();
      open++;
      dialing++;
      w.grant = Grant.SLOT;
      w.wake.signal();
    }
  }

  private void checkOpen() throws ClosedException {
    if (closed) {
      throw new ClosedException("acquire", null, target, "pool closed");
    }
  }

  private PoolExhaustedException exhausted(long start, boolean timeout) {
    return new PoolExhaustedException(target, Duration.ofNanos(System.nanoTime() - start),
        timeout, leased.size(), idle.size(), waiters.size(), maxSize, maxPending);
  }
}
