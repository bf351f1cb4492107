package dev.weft.net.internal;

import dev.weft.net.ClosedException;
import dev.weft.net.RejectReason;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The accept loop. It takes an admission permit <em>before</em> {@code accept()}, so the process
 * never holds more sockets than the limit allows plus the one it is rejecting. On resource errors
 * (EMFILE, ENFILE, ENOBUFS) it backs off from 5 ms doubling to 1 s, as Go's {@code http.Server}
 * does. After {@link #close()} it returns normally.
 */
public final class AcceptLoop implements Runnable {
  static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** Where accepted connections go. Each callback takes ownership of what it is given. */
  public interface Sink {
    /** Serve {@code conn}; release {@code permit} when it closes. */
    void admitted(TcpConn conn, Permit permit);

    /** Close {@code conn} at once and report {@code reason}. */
    void rejected(TcpConn conn, RejectReason reason);

    /** {@code accept} failed; the loop waits {@code backoffNanos} before trying again. */
    void acceptFailed(IOException error, long backoffNanos);
  }

  private final TcpListener listener;
  private final Semaphore permits;
  private final Sink sink;
  private volatile boolean closed;
  private volatile Thread runner;

  public AcceptLoop(TcpListener listener, Semaphore permits, Sink sink) {
    this.listener = listener;
    this.permits = permits;
    this.sink = sink;
  }

  @Override
  public void run() {
    runner = Thread.currentThread();
    long backoff = 0;
    while (!closed) {
      Permit permit = Permit.tryTake(permits);
      TcpConn conn;
      try {
        conn = listener.acceptChannel();
        backoff = 0;
      } catch (ClosedException e) {
        release(permit);
        return;
      } catch (IOException e) {
        release(permit);
        if (closed) {
          return;
        }
        backoff = nextBackoff(backoff);
        sink.acceptFailed(e, backoff);
        LockSupport.parkNanos(this, backoff);
        continue;
      }
      if (permit == null) {
        permit = Permit.tryTake(permits); // a slot may have freed while accept() waited
      }
      if (permit == null) {
        sink.rejected(conn, RejectReason.MAX_CONNECTIONS);
      } else {
        sink.admitted(conn, permit);
      }
    }
  }

  /** Stops the loop and closes the listener; a pending accept or back-off wakes at once. */
  public void close() {
    closed = true;
    listener.close();
    Thread t = runner;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  static long nextBackoff(long current) {
    return current == 0 ? MIN_BACKOFF_NANOS : Math.min(current * 2, MAX_BACKOFF_NANOS);
  }

  private static void release(Permit permit) {
    if (permit != null) {
      permit.close();
    }
  }
}
