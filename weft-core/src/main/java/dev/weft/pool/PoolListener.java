package dev.weft.pool;

import dev.weft.net.ConnectionInfo;
import dev.weft.net.NetException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Receives a pool's events, in the style of {@link dev.weft.net.ConnectionListener}: every
 * {@link #created} connection is followed by exactly one {@link #evicted}, and every {@link
 * #acquired} by exactly one {@link #released}. Metrics and tests consume these instead of logs.
 *
 * <p>In {@link ConnectionInfo}, {@code service} is the pool's name and {@code id} is unique
 * within the pool. Callbacks run on the thread that caused the event (an acquirer, a releaser,
 * a warm-up or reaper virtual thread), never while the pool's lock is held; they must be quick
 * and must not block. Any thread may call them concurrently. An exception thrown by a callback
 * is logged and ignored.
 */
public interface PoolListener {
  /** The null object: ignores every event. */
  PoolListener NONE = new PoolListener() {};

  /** A new connection was dialed (and set up, e.g. TLS) in {@code took}. */
  default void created(ConnectionInfo conn, Duration took) {}

  /** A connection was handed out after the acquirer waited {@code waited}. */
  default void acquired(ConnectionInfo conn, Duration waited) {}

  /** A lease ended after {@code held}; an {@link #evicted} follows if the connection was not kept. */
  default void released(ConnectionInfo conn, Duration held) {}

  /** The pool closed a connection for {@code reason}. */
  default void evicted(ConnectionInfo conn, EvictReason reason) {}

  /**
   * An acquire failed for lack of a connection: {@link PoolExhaustedException#isTimeout()} tells a
   * timeout from a full wait queue.
   */
  default void acquireFailed(PoolExhaustedException error) {}

  /** One dial attempt to {@code target} failed. */
  default void dialFailed(InetSocketAddress target, NetException error) {}

  /** The dial circuit breaker moved from {@code from} to {@code to}. */
  default void breakerChanged(BreakerState from, BreakerState to) {}
}
