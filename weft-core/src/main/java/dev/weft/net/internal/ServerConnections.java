package dev.weft.net.internal;

import dev.weft.net.ClosedException;
import dev.weft.net.CloseCause;
import dev.weft.net.ProtocolException;
import dev.weft.net.Traffic;
import dev.weft.net.TrafficCounter;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The server's live connections, the graceful drain over them, and the traffic totals. Thread-safe.
 *
 * <p>Traffic: {@link #traffic()} adds the totals of closed connections to the live counters of
 * open ones. A closing connection is first marked retired, then added to the totals; the reader
 * reads the totals first, then skips retired connections. So a sample never counts a connection
 * twice; at worst it misses one that is closing right now, and the next sample has it.
 */
public final class ServerConnections {
  /** After force-closing, how long to wait for handlers to notice and report their close. */
  private static final long FORCE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final ConcurrentHashMap<Long, Live> live = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition empty = lock.newCondition();
  private final AtomicLong closedBytesIn = new AtomicLong();
  private final AtomicLong closedBytesOut = new AtomicLong();
  private final AtomicLong closedFramesIn = new AtomicLong();
  private final AtomicLong closedFramesOut = new AtomicLong();
  private int atDrain;

  private static final class Live {
    final TcpConn conn;
    final Thread thread;
    volatile boolean retired;

    Live(TcpConn conn, Thread thread) {
      this.conn = conn;
      this.thread = thread;
    }
  }

  /** Registers a connection and the (unstarted) thread that serves it. */
  public void add(long id, TcpConn conn, Thread thread) {
    live.put(id, new Live(conn, thread));
  }

  /** Moves a closed connection's traffic into the totals. Call once, after it closed. */
  public void retire(long id) {
    Live l = live.get(id);
    if (l == null) {
      return;
    }
    l.retired = true; // before the totals grow: see the class comment
    Traffic t = l.conn.traffic().snapshot();
    closedBytesIn.addAndGet(t.bytesIn());
    closedBytesOut.addAndGet(t.bytesOut());
    closedFramesIn.addAndGet(t.framesIn());
    closedFramesOut.addAndGet(t.framesOut());
  }

  /** Traffic of every connection served so far, open ones included. O(open connections). */
  public Traffic traffic() {
    long in = closedBytesIn.get();
    long out = closedBytesOut.get();
    long framesIn = closedFramesIn.get();
    long framesOut = closedFramesOut.get();
    for (Live l : live.values()) {
      if (!l.retired) {
        TrafficCounter c = l.conn.traffic();
        in += c.bytesIn();
        out += c.bytesOut();
        framesIn += c.framesIn();
        framesOut += c.framesOut();
      }
    }
    return new Traffic(in, out, framesIn, framesOut);
  }

  public void remove(long id) {
    live.remove(id);
    if (live.isEmpty()) {
      lock.lock();
      try {
        empty.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  public int size() {
    return live.size();
  }

  /** Connections that were open when the drain began. */
  public int servedSinceDrain() {
    return atDrain;
  }

  /**
   * Marks every connection draining, waits up to {@code deadline} for all to close, then
   * force-closes the rest with {@link CloseCause#SHUTDOWN} and interrupts their threads. Call after the acceptor has stopped.
   *
   * @return how many were force-closed
   */
  public int drain(Duration deadline) {
    atDrain = live.size();
    live.values().forEach(l -> l.conn.beginDrain());
    if (awaitEmpty(deadline.toNanos())) {
      return 0;
    }
    int forced = 0;
    for (Live l : live.values()) {
      l.conn.abort(CloseCause.SHUTDOWN);
      l.thread.interrupt(); // a handler blocked outside socket I/O (a lock, a queue) wakes too
      forced++;
    }
    awaitEmpty(FORCE_GRACE_NANOS);
    return forced;
  }

  private boolean awaitEmpty(long nanos) {
    lock.lock();
    try {
      while (!live.isEmpty()) {
        if (nanos <= 0) {
          return false;
        }
        nanos = empty.awaitNanos(nanos);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return live.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /** Why a connection closed when its handler returned normally. */
  public static CloseCause normalCause(TcpConn conn) {
    CloseCause aborted = conn.abortCause();
    if (aborted != null) {
      return aborted;
    }
    if (conn.inputEndedByDrain()) {
      return CloseCause.SHUTDOWN;
    }
    return conn.sawEof() ? CloseCause.CLIENT_CLOSED : CloseCause.SERVER_CLOSED;
  }

  /** Why a connection closed when a {@link dev.weft.net.ConnSetup} step threw {@code t}. */
  public static CloseCause setupCause(TcpConn conn, Throwable t) {
    CloseCause aborted = conn.abortCause();
    if (aborted != null) {
      return aborted;
    }
    if (t instanceof dev.weft.net.AuthenticationException) {
      return CloseCause.AUTH_FAILED;
    }
    if (t instanceof ProtocolException) {
      return CloseCause.PROTOCOL_ERROR; // a bad PROXY header, say
    }
    if (t instanceof EOFException) {
      return CloseCause.CLIENT_CLOSED; // the client left before the step began: a probe, not a failure
    }
    return t instanceof Error ? CloseCause.HANDLER_ERROR : CloseCause.HANDSHAKE_FAILED;
  }

  /** Why a connection closed when its handler threw {@code t}. */
  public static CloseCause failureCause(TcpConn conn, Throwable t) {
    CloseCause aborted = conn.abortCause();
    if (aborted != null) {
      return aborted;
    }
    if (t instanceof ProtocolException) {
      return CloseCause.PROTOCOL_ERROR;
    }
    if (t instanceof dev.weft.net.LimitExceededException) {
      return CloseCause.LIMIT;
    }
    if (t instanceof ClosedException) {
      return conn.inputEndedByDrain() ? CloseCause.SHUTDOWN : CloseCause.SERVER_CLOSED;
    }
    if (t instanceof IOException) {
      return CloseCause.IO_ERROR;
    }
    return CloseCause.HANDLER_ERROR;
  }
}
