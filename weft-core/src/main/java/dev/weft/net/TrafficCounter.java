package dev.weft.net;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The live traffic of one connection: bytes and frames in each direction, readable from any
 * thread while the connection is open. A {@link Server} sums these into {@link Server#traffic()},
 * so a status page can show byte rates of long-lived connections, not only totals at close.
 *
 * <h2>The frame hook</h2>
 * Weft cannot see frame boundaries; a framed handler reports them: {@code
 * conn.traffic().frameIn()} after reading a frame, {@code frameOut()} after writing one.
 *
 * <h2>Cost and threads</h2>
 * Byte counts are written only by the connection's own I/O path (reads by the one reading
 * thread, writes under the output lock) with opaque stores: a plain store on x86 and ARM, no
 * atomic instruction, no cache line shared with another connection. Readers get a value that is
 * at most a moment old and never torn. Frame counts use an uncontended atomic add, since replies
 * and fan-out writers may count frames from different threads.
 */
public final class TrafficCounter {
  /**
   * A counter that ignores every update, for connections outside a {@link Server} (the default
   * of {@link Conn#traffic()}).
   */
  public static final TrafficCounter NONE = new TrafficCounter(false);

  private static final VarHandle BYTES_IN;
  private static final VarHandle BYTES_OUT;
  private static final VarHandle FRAMES_IN;
  private static final VarHandle FRAMES_OUT;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      BYTES_IN = l.findVarHandle(TrafficCounter.class, "bytesIn", long.class);
      BYTES_OUT = l.findVarHandle(TrafficCounter.class, "bytesOut", long.class);
      FRAMES_IN = l.findVarHandle(TrafficCounter.class, "framesIn", long.class);
      FRAMES_OUT = l.findVarHandle(TrafficCounter.class, "framesOut", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final boolean counting;
  private long bytesIn;
  private long bytesOut;
  private long framesIn;
  private long framesOut;

  /** A counter at zero. */
  public TrafficCounter() {
    this(true);
  }

  private TrafficCounter(boolean counting) {
    this.counting = counting;
  }

  /** Counts one frame read from the peer. Any thread; never blocks. */
  public void frameIn() {
    if (counting) {
      FRAMES_IN.getAndAdd(this, 1L);
    }
  }

  /** Counts one frame written to the peer. Any thread; never blocks. */
  public void frameOut() {
    if (counting) {
      FRAMES_OUT.getAndAdd(this, 1L);
    }
  }

  /**
   * Adds {@code n} bytes read from the socket. For {@link Conn} implementations only: call it
   * from the one reading thread.
   */
  public void addBytesIn(long n) {
    if (counting) {
      BYTES_IN.setOpaque(this, bytesIn + n);
    }
  }

  /**
   * Adds {@code n} bytes written to the socket. For {@link Conn} implementations only: call it
   * with writes serialized (under the output lock).
   */
  public void addBytesOut(long n) {
    if (counting) {
      BYTES_OUT.setOpaque(this, bytesOut + n);
    }
  }

  /** Bytes read from the peer so far. */
  public long bytesIn() {
    return (long) BYTES_IN.getOpaque(this);
  }

  /** Bytes written to the peer so far. */
  public long bytesOut() {
    return (long) BYTES_OUT.getOpaque(this);
  }

  /** Frames reported by {@link #frameIn()} so far. */
  public long framesIn() {
    return (long) FRAMES_IN.getOpaque(this);
  }

  /** Frames reported by {@link #frameOut()} so far. */
  public long framesOut() {
    return (long) FRAMES_OUT.getOpaque(this);
  }

  /** A snapshot of this counter. */
  public Traffic snapshot() {
    return new Traffic(bytesIn(), bytesOut(), framesIn(), framesOut());
  }
}
