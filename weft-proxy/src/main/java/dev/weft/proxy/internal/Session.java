package dev.weft.proxy.internal;

import dev.weft.net.Conn;
import dev.weft.net.internal.SharedTimer;
import dev.weft.proxy.SessionSummary;
import dev.weft.proxy.Termination;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One proxied connection: the client side, the backend side once connected, byte counts, and
 * the first thing that ended it. The idle and max-duration limits run as one entry on the shared
 * timer, re-armed from activity stamps the pumps write (no timer operation per chunk).
 *
 * <pre>
 *  ROUTING ──▶ CONNECTING ──▶ PUMPING ─┬─ client EOF ─▶ backend.closeWrite ─┐
 *     │             │                   ├─ backend EOF ─▶ client.closeWrite ─┼─▶ both EOF ─▶ CLOSED
 *     │             │                   └─ error / timeout / kill / shutdown ─┴─▶ abort ─▶ CLOSED
 *     └─ fail ──────┴─▶ CLOSED (ROUTE_FAILED, NO_BACKEND, CONNECT_FAILED, QUEUE_TIMEOUT)
 * </pre>
 *
 * The first {@link #end} wins: it says who closed first. Thread-safe.
 */
public final class Session implements Runnable {
  private final long id;
  private final InetSocketAddress clientAddress;
  private final long startNanos = System.nanoTime();
  private final AtomicReference<Termination> termination = new AtomicReference<>();
  private final ReentrantLock timerLock = new ReentrantLock();
  private volatile String detail;
  private volatile Conn client;
  private volatile Conn backendConn;
  private volatile Backend backend;
  private volatile Slots slots;
  private volatile long lastActivity = startNanos;
  private volatile long clientToBackend;
  private volatile long backendToClient;
  private int attempts;
  private long idleNanos;
  private long maxNanos;
  private ScheduledFuture<?> timer; // guarded by timerLock
  private boolean closed; // guarded by timerLock

  public Session(long id, Conn client) {
    this.id = id;
    this.client = client;
    this.clientAddress = client.remoteAddress();
  }

  public long id() {
    return id;
  }

  public Conn client() {
    return client;
  }

  /** The connection to proxy after routing (it may replay peeked bytes). */
  void routed(Conn conn) {
    client = conn;
  }

  void attempt() {
    attempts++;
  }

  void connected(Backend b, Conn conn, Slots taken) {
    slots = taken;
    backendConn = conn;
    backend = b;
  }

  /** Gives back the backend slot taken at connect; call once, when the session ends. */
  void releaseSlot() {
    if (slots != null) {
      slots.release();
      slots = null;
    }
  }

  public Backend backend() {
    return backend;
  }

  public Conn backendConn() {
    return backendConn;
  }

  /** Records {@code why} unless something ended the session earlier. */
  public void end(Termination why, Throwable error) {
    if (termination.compareAndSet(null, why) && error != null) {
      detail = error.getMessage() != null ? error.getMessage() : error.toString();
    }
  }

  /** Ends the session now from any thread: records {@code why} (if first) and closes both sides. */
  public void abort(Termination why) {
    end(why, null);
    closeBoth();
  }

  public Termination termination() {
    return termination.get();
  }

  void closeBoth() {
    closeBackend();
    client.close();
  }

  /** Closes the backend side only (the engine frees its slot before the client sees the close). */
  void closeBackend() {
    Conn b = backendConn;
    if (b != null) {
      b.close();
    }
  }

  // ---- activity, from the pumps ----

  void movedToBackend(long n) {
    clientToBackend += n; // one writer: the client-to-backend pump
    lastActivity = System.nanoTime();
  }

  void movedToClient(long n) {
    backendToClient += n; // one writer: the backend-to-client pump
    lastActivity = System.nanoTime();
  }

  // ---- idle and max-duration limits on the shared timer ----

  /** Arms the limits; zero disables one. */
  void startTimer(Duration idle, Duration max) {
    idleNanos = idle.toNanos();
    maxNanos = max.toNanos();
    lastActivity = System.nanoTime();
    arm();
  }

  void stopTimer() {
    timerLock.lock();
    try {
      closed = true;
      if (timer != null) {
        timer.cancel(false);
      }
    } finally {
      timerLock.unlock();
    }
  }

  @Override
  public void run() {
    long now = System.nanoTime();
    if (maxNanos > 0 && now - startNanos >= maxNanos) {
      abort(Termination.MAX_DURATION);
    } else if (idleNanos > 0 && now - lastActivity >= idleNanos) {
      abort(Termination.IDLE_TIMEOUT);
    } else {
      arm();
    }
  }

  private void arm() {
    long now = System.nanoTime();
    long next = Long.MAX_VALUE;
    if (idleNanos > 0) {
      next = Math.min(next, lastActivity + idleNanos - now);
    }
    if (maxNanos > 0) {
      next = Math.min(next, startNanos + maxNanos - now);
    }
    timerLock.lock();
    try {
      if (!closed && next != Long.MAX_VALUE) {
        timer = SharedTimer.schedule(this, Math.max(0, next));
      }
    } finally {
      timerLock.unlock();
    }
  }

  /** The summary for the event and the log line. */
  SessionSummary summary() {
    Backend b = backend;
    Termination t = termination.get();
    return new SessionSummary(id, clientAddress, b == null ? null : b.name(),
        t == null ? Termination.SHUTDOWN : t, detail, clientToBackend, backendToClient, attempts,
        Duration.ofNanos(System.nanoTime() - startNanos));
  }
}
