package dev.weft.pool;

import dev.weft.net.ClosedException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool's supply side: what it has to hand out. It owns the idle connections (and their
 * reaping by idle timeout and lifetime), the dial slots ({@code open}, {@code dialing}) and the
 * warm-up reservations, the closed flag, and the counts of creations, evictions and dial
 * failures. The demand side, the waiting acquirers and the leased connections, is the {@link
 * Borrowers}, which this class creates and shares its lock with. Neither class does I/O or fires
 * events, and nothing here waits on a condition, so the lock is only ever held for a few field
 * updates.
 *
 * <p>One {@link ReentrantLock}, {@code lock}, guards every field here, every field of the {@link
 * Borrowers}, and {@link PooledConn#state} and {@link PooledConn#idleSince}. The methods in the
 * first half take it; the ones marked below are called by the Borrowers with it held.
 *
 * <p>Invariants: {@code open <= maxSize}; every connection leaves ({@link PooledConn.State#GONE})
 * exactly once; an idle connection and a waiting acquirer never coexist, because a returned
 * connection or a freed dial slot goes to the head waiter first (FIFO), and a new acquirer
 * queues behind existing waiters instead of taking what they are owed. Every change to {@code
 * open}, {@code dialing} and the idle set is in this class, and every hand-off goes through
 * {@code offer} or {@code slotFreed}, so the invariants can be checked here, together with
 * {@link Borrowers#take} (which takes from here only when nobody is queued ahead).
 */
final class Ledger {
  /** What an acquirer was given: an idle connection to check, or the right to dial one. */
  record Grant(PooledConn conn) {
    static final Grant SLOT = new Grant(null);
  }

  private final InetSocketAddress target;
  private final int maxSize;
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<PooledConn> idle = new ArrayDeque<>(); // head: most recently returned
  private final Borrowers borrowers;
  private int open; // connections not GONE, plus dial slots handed out
  private int dialing;
  private boolean closed;
  private long created;
  private long evicted;
  private long dialFailures;

  Ledger(InetSocketAddress target, int maxSize, int maxPending) {
    this.target = target;
    this.maxSize = maxSize;
    this.borrowers = new Borrowers(this, lock, target, maxSize, maxPending);
  }

  /** The demand side, guarded by this Ledger's lock: acquire, lease, and wait for returns. */
  Borrowers borrowers() {
    return borrowers;
  }

  /**
   * A dial on a slot succeeded. An acquirer's connection then goes to {@link Borrowers#lease}; a
   * warm-up connection is offered to waiters or idled here. False if the pool closed meanwhile.
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
      if (!borrowers.unlease(c) || closed) {
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
      borrowers.unlease(c);
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
      borrowers.wakeAll();
      return new ArrayList<>(idle);
    } finally {
      lock.unlock();
    }
  }

  PoolStats stats(BreakerState breaker) {
    lock.lock();
    try {
      return borrowers.stats(open, idle.size(), dialing, created, evicted, dialFailures, breaker);
    } finally {
      lock.unlock();
    }
  }

  // ---- with the lock held (the Borrowers call the package-private ones) ----

  /** The most recently returned idle connection to check, else a dial slot while one is free. */
  Grant grantNow() {
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

  /** Takes back the grant of an interrupted waiter: it goes to the next waiter, else idle. */
  void putBack(Grant g) {
    if (g.conn() == null) {
      slotFreed();
    } else {
      offer(g.conn());
    }
  }

  boolean isClosed() {
    return closed;
  }

  void checkOpen() throws ClosedException {
    if (closed) {
      throw new ClosedException("acquire", null, target, "pool closed");
    }
  }

  int idleCount() {
    return idle.size();
  }

  private void offer(PooledConn c) {
    if (borrowers.anyWaiting()) {
      c.state = PooledConn.State.CHECKING;
      borrowers.handToHead(new Grant(c));
      return;
    }
    c.state = PooledConn.State.IDLE;
    c.idleSince = System.nanoTime();
    idle.addFirst(c);
  }

  private void slotFreed() {
    if (!closed && open < maxSize && borrowers.anyWaiting()) {
      open++;
      dialing++;
      borrowers.handToHead(Grant.SLOT);
    }
  }
}
