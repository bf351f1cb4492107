package dev.weft.pool;

import dev.weft.net.NetException;
import dev.weft.pool.Ledger.Grant;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool's demand side: the acquirers waiting for a connection or a dial slot, in strict FIFO
 * order, and the connections leased out. It owns the wait queue and its {@code maxPending} limit,
 * the leased set, and the counts of acquires, timeouts and rejections. Both blocking waits live
 * here: an acquirer's wait for a grant, and {@code shutdown}'s wait for leases to come back. What
 * is free to hand out (idle connections, dial slots) is the {@link Ledger}'s; when something comes
 * free, the Ledger hands it to the head waiter through {@link #handToHead}.
 *
 * <p>It has no lock of its own: every field here is guarded by the Ledger's lock. The methods in
 * the first half take that lock; the ones marked below are called by the Ledger with it held.
 * Each waiter sleeps on a {@link Condition} of that same lock, so a hand-off and the counts that
 * change with it are one critical section, and the invariant the Ledger states (an idle
 * connection and a waiter never coexist) holds across both classes: {@link #take} takes from the
 * Ledger only when nobody is queued ahead.
 */
final class Borrowers {
  private static final class Waiter {
    final Condition wake;
    Grant grant;

    Waiter(Condition wake) {
      this.wake = wake;
    }
  }

  private final Ledger ledger;
  private final ReentrantLock lock;
  private final Condition allReturned;
  private final InetSocketAddress target;
  private final int maxSize;
  private final int maxPending;
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private final List<PooledConn> leased = new ArrayList<>();
  private long acquired;
  private long timeouts;
  private long rejected;

  /** Called by the Ledger's constructor, with the Ledger's lock. */
  Borrowers(Ledger ledger, ReentrantLock lock, InetSocketAddress target, int maxSize, int maxPending) {
    this.ledger = ledger;
    this.lock = lock;
    this.allReturned = lock.newCondition();
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
      ledger.checkOpen();
      Grant now = waiters.isEmpty() || again ? ledger.grantNow() : null;
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
      while (w.grant == null && !ledger.isClosed() && (left = deadline - System.nanoTime()) > 0) {
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
    ledger.checkOpen();
    timeouts++;
    throw exhausted(start, true);
  }

  /**
   * An interrupted waiter leaves; a grant it was handed meanwhile goes back to the Ledger. A
   * waiter that close() dropped from the queue has no grant to give back.
   */
  private void giveBack(Waiter w) {
    if (!waiters.remove(w) && w.grant != null) {
      ledger.putBack(w.grant);
    }
  }

  private PoolExhaustedException exhausted(long start, boolean timeout) {
    return new PoolExhaustedException(target, Duration.ofNanos(System.nanoTime() - start),
        timeout, leased.size(), ledger.idleCount(), waiters.size(), maxSize, maxPending);
  }

  /** A checked connection goes to its acquirer. False if the pool closed meanwhile. */
  boolean lease(PooledConn c) {
    lock.lock();
    try {
      if (ledger.isClosed() || c.state == PooledConn.State.GONE) {
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

  // ---- called by the Ledger, with the lock held ----

  /** Takes {@code c} off the leased set if it is there; true if it was. */
  boolean unlease(PooledConn c) {
    boolean was = c.state == PooledConn.State.LEASED && leased.remove(c);
    if (was && leased.isEmpty()) {
      allReturned.signalAll();
    }
    return was;
  }

  boolean anyWaiting() {
    return !waiters.isEmpty();
  }

  /** Hands {@code grant} to the head waiter and wakes it; someone must be waiting. */
  void handToHead(Grant grant) {
    Waiter w = waiters.pollFirst();
    w.grant = grant;
    w.wake.signal();
  }

  /** Wakes every waiter to find the pool closed, and empties the queue. */
  void wakeAll() {
    waiters.forEach(w -> w.wake.signal());
    waiters.clear();
  }

  PoolStats stats(int open, int idle, int dialing, long created, long evicted, long dialFailures,
      BreakerState breaker) {
    return new PoolStats(open, idle, leased.size(), waiters.size(), dialing, created, evicted,
        acquired, timeouts, rejected, dialFailures, breaker);
  }
}
