package dev.weft.pool;

import dev.weft.net.Conn;
import dev.weft.net.ConnectionInfo;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One connection borrowed from a {@link ConnectionPool}. Closing the lease returns the
 * connection, or discards it when it broke: an I/O error or EOF through {@link #conn()}'s
 * streams, {@code conn().close()} or {@code closeWrite()}, or {@link #markBroken()}. A returned
 * connection with unread input is discarded too, so the next user never reads a stale reply.
 * Timeouts changed through the lease are restored to the dialer's on return.
 *
 * <p>Use it from one thread at a time, like the {@link Conn} it wraps. {@link #close()} is
 * idempotent; after it every use of {@link #conn()} fails with a {@link
 * dev.weft.net.ClosedException}.
 */
public final class Lease implements AutoCloseable {
  private final ConnectionPool pool;
  private final PooledConn pooled;
  private final LeasedConn conn;
  private final long leasedAt = System.nanoTime();
  private final AtomicBoolean closed = new AtomicBoolean();

  Lease(ConnectionPool pool, PooledConn pooled) {
    this.pool = pool;
    this.pooled = pooled;
    this.conn = new LeasedConn(pooled.conn);
  }

  /** The leased connection. Valid until {@link #close()}. */
  public Conn conn() {
    return conn;
  }

  /** Identity of the pooled connection, as in the pool's events. */
  public ConnectionInfo info() {
    return pooled.info;
  }

  /**
   * Tells the pool not to reuse this connection: for errors the pool cannot see, such as a
   * protocol error in a reply, or a request abandoned half-way. The connection stays usable
   * until {@link #close()}, which then closes it.
   */
  public void markBroken() {
    conn.markBroken();
  }

  /** True once the connection was marked broken, by {@link #markBroken()} or by a failure. */
  public boolean isBroken() {
    return conn.broken();
  }

  /** Returns the connection to the pool, or discards it if it broke. Idempotent; never throws. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      boolean restore = conn.end();
      pool.release(pooled, conn.broken(), restore, System.nanoTime() - leasedAt);
    }
  }

  @Override
  public String toString() {
    return "Lease(" + pooled + (closed.get() ? ", closed)" : ")");
  }
}
