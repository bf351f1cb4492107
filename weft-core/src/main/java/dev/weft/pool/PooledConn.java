package dev.weft.pool;

import dev.weft.net.Conn;
import dev.weft.net.ConnectionInfo;
import dev.weft.net.ForwardingConn;
import dev.weft.net.internal.TcpConn;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One connection owned by a pool, with its timestamps. {@link #state} and {@link #idleSince}
 * are guarded by the {@link Ledger}'s lock; the rest is final.
 *
 * <pre>
 *   dial ──▶ LEASED ◀──health check ok── CHECKING ◀──acquire── IDLE ◀──release──┐
 *              │                              │ (bad)                            │
 *              └──release (healthy)───────────┼──────────────────────────────────┘
 *              └──release (broken), close ────┴─────▶ GONE (counted out exactly once)
 * </pre>
 */
final class PooledConn {
  enum State { IDLE, CHECKING, LEASED, GONE }

  final Conn conn;
  /** The plain TCP connection under any decorators (TLS), or null for other transports. */
  final TcpConn tcp;
  final ConnectionInfo info;
  final long createdNanos;
  private final long lifetimeNanos; // 0: no limit
  State state = State.LEASED;
  long idleSince;

  PooledConn(Conn conn, long id, String pool, long lifetimeNanos, long jitterNanos) {
    this.conn = conn;
    this.tcp = innermost(conn);
    this.info = new ConnectionInfo(id, pool, conn.localAddress(), conn.remoteAddress(), Instant.now());
    this.createdNanos = System.nanoTime();
    this.idleSince = createdNanos;
    long jitter = jitterNanos > 0 ? ThreadLocalRandom.current().nextLong(jitterNanos + 1) : 0;
    this.lifetimeNanos = lifetimeNanos == 0 ? 0 : Math.max(1, lifetimeNanos - jitter);
  }

  boolean expired(long now) {
    return lifetimeNanos != 0 && now - createdNanos >= lifetimeNanos;
  }

  /** True when {@code conn} is the plain TCP connection itself, with no decorator over it. */
  boolean plain() {
    return tcp == conn;
  }

  private static TcpConn innermost(Conn c) {
    while (c instanceof ForwardingConn f) {
      c = f.delegate();
    }
    return c instanceof TcpConn t ? t : null;
  }

  @Override
  public String toString() {
    return info.toString();
  }
}
