package dev.weft.pool;

import dev.weft.net.NetException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * An acquire got no connection: it timed out ({@link #isTimeout()} true), or {@code maxPending}
 * acquirers were already waiting and it failed fast. The message and the getters say how busy
 * the pool was:
 *
 * <pre>acquire tcp 127.0.0.1:6379: no connection within 250 ms (8 in use, 0 idle, 12 waiting, max 8)</pre>
 */
public final class PoolExhaustedException extends NetException {
  private static final long serialVersionUID = 1L;

  private final int inUse;
  private final int idle;
  private final int waiting;
  private final int maxSize;

  PoolExhaustedException(InetSocketAddress target, Duration waited, boolean timeout,
      int inUse, int idle, int waiting, int maxSize, int maxPending) {
    super("acquire", null, target, detail(waited, timeout, inUse, idle, waiting, maxSize, maxPending), null, timeout);
    this.inUse = inUse;
    this.idle = idle;
    this.waiting = waiting;
    this.maxSize = maxSize;
  }

  private static String detail(Duration waited, boolean timeout, int inUse, int idle,
      int waiting, int maxSize, int maxPending) {
    String counts = inUse + " in use, " + idle + " idle, " + waiting + " waiting, max " + maxSize;
    return timeout
        ? "no connection within " + waited.toMillis() + " ms (" + counts + ")"
        : "too many acquirers waiting, maxPending " + maxPending + " (" + counts + ")";
  }

  /** Connections leased out when the acquire failed. */
  public int inUse() {
    return inUse;
  }

  /** Idle connections when the acquire failed (usually 0). */
  public int idle() {
    return idle;
  }

  /** Other acquirers waiting when the acquire failed. */
  public int waiting() {
    return waiting;
  }

  /** The pool's {@code maxSize}. */
  public int maxSize() {
    return maxSize;
  }
}
