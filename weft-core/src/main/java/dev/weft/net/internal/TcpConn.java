package dev.weft.net.internal;

import dev.weft.net.ClosedException;
import dev.weft.net.CloseCause;
import dev.weft.net.Conn;
import dev.weft.net.NetException;
import dev.weft.net.TrafficCounter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Conn} over a blocking {@link SocketChannel}. On a virtual thread a blocking read parks
 * the thread, not its carrier.
 *
 * <pre>
 *   OPEN ──peer EOF──▶ HALF_CLOSED_IN ──┐
 *    │ ──closeWrite──▶ HALF_CLOSED_OUT ─┤
 *    │ ──timeout / shutdown / close()──▶ CLOSED (cause recorded first-wins)
 *    └──I/O error─────────────────────▶ CLOSED
 * </pre>
 */
public final class TcpConn implements Conn, Watchdog.Target {
  private final SocketChannel ch;
  private final InetSocketAddress local;
  private final InetSocketAddress remote;
  private final ConnInput in;
  private final ConnOutput out;
  private final Watchdog watchdog;
  private final AtomicReference<CloseCause> cause = new AtomicReference<>();
  private volatile boolean closed;
  private final Drain drain;
  private final TrafficCounter traffic = new TrafficCounter();
  private volatile boolean peerEnded;
  private final Farewell farewell = new Farewell();
  private long writeCalls;

  /** Wraps a connected channel. Timeouts are nanoseconds; zero disables. */
  public TcpConn(SocketChannel ch, long idleNanos, long readNanos, long writeNanos)
      throws IOException {
    this.ch = ch;
    this.local = (InetSocketAddress) ch.getLocalAddress();
    this.remote = (InetSocketAddress) ch.getRemoteAddress();
    this.in = new ConnInput(this);
    this.out = new ConnOutput(this);
    this.watchdog = new Watchdog(this, idleNanos, readNanos, writeNanos);
    this.drain = new Drain(in, ch);
  }

  @Override
  public InputStream in() {
    return in;
  }

  @Override
  public OutputStream out() {
    return out;
  }

  @Override
  public InetSocketAddress localAddress() {
    return local;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return remote;
  }

  @Override
  public void closeWrite() throws IOException {
    out.flush();
    try {
      ch.shutdownOutput();
    } catch (ClosedChannelException e) {
      throw closedError("close", e);
    } catch (IOException e) {
      throw new NetException("close", local, remote, e);
    }
  }

  @Override
  public void setReadTimeout(Duration timeout) {
    watchdog.setRead(nanos(timeout, "readTimeout"));
  }

  @Override
  public void setWriteTimeout(Duration timeout) {
    watchdog.setWrite(nanos(timeout, "writeTimeout"));
  }

  @Override
  public void setReadDeadline(Instant deadline) {
    watchdog.setReadDeadline(
        deadline == null ? -1 : Math.max(0, Duration.between(Instant.now(), deadline).toNanos()));
  }

  /** Sets the idle timeout (no byte either way). Zero disables. */
  public void setIdleTimeout(Duration timeout) {
    watchdog.setIdle(nanos(timeout, "idleTimeout"));
  }

  @Override
  public boolean isDraining() {
    return drain.isDraining();
  }

  @Override
  public dev.weft.net.Principal principal() {
    return dev.weft.net.Principal.ANONYMOUS;
  }

  @Override
  public boolean isOpen() {
    return !closed;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    watchdog.stop();
    try {
      ch.close();
    } catch (IOException ignored) {
      // Closing a socket can only fail in ways the caller cannot act on.
    }
  }

  /** Closes with {@code why} recorded as the cause, unless an earlier cause was recorded. */
  public void abort(CloseCause why) {
    cause.compareAndSet(null, why);
    close();
  }

  /**
   * A read or idle timeout closes the socket after the layer above said goodbye (see {@link
   * Farewell}). A write timeout closes at once: the peer is not reading, so nothing more would
   * reach it.
   */
  @Override
  public void expire(CloseCause why) {
    if (!farewell.isSet() || why == CloseCause.WRITE_TIMEOUT || closed
        || !cause.compareAndSet(null, why)) {
      abort(why);
      return;
    }
    farewell.sayThenClose(this::close);
  }

  /** The cause recorded by {@link #abort}, or null when nobody aborted the connection. */
  public CloseCause abortCause() {
    return cause.get();
  }

  /**
   * A protocol layer (TLS) holds part of a message: reads count towards the read timeout from
   * {@code sinceNanos} ({@code System.nanoTime()}), and their bytes are not idle-timeout activity,
   * until {@link #releaseReadClock}. Stops a peer that dribbles a record from outliving the timeouts.
   */
  public void holdReadClock(long sinceNanos) {
    watchdog.holdRead(sinceNanos);
  }

  /** Ends {@link #holdReadClock}: the message is complete. */
  public void releaseReadClock() {
    watchdog.releaseRead();
  }

  /** Sets what runs before a read or idle timeout closes the socket; see {@link #expire}. */
  public void onTimeout(Runnable words) {
    farewell.set(words);
  }

  /** True once the peer's EOF has been read, here or by a protocol layered on this conn. */
  public boolean sawEof() {
    return peerEnded || in.sawEof();
  }

  /**
   * Records that the peer ended its stream at a layer above TCP (a TLS close_notify), so a close
   * that follows counts as the client's. See {@link #notePeerEnded(Conn)}.
   */
  public void notePeerEnded() {
    peerEnded = true;
  }

  public long bytesIn() {
    return traffic.bytesIn();
  }

  public long bytesOut() {
    return traffic.bytesOut();
  }

  @Override
  public TrafficCounter traffic() {
    return traffic;
  }

  /** Write system calls made so far: shows write coalescing at work. */
  public long writeCalls() {
    return writeCalls;
  }

  /**
   * Begins a graceful drain: reads that would block return EOF instead. A read already blocked
   * with no input pending is woken by shutting down the input side.
   */
  public void beginDrain() {
    drain.begin();
  }

  /**
   * A cheap liveness check for a connection that no thread is using (a pooled, idle one): one
   * non-blocking read, two if data arrived, and no timer work. Bytes read stay buffered for the
   * next reader. Must not run while another thread reads this connection. On a connection used
   * from virtual threads the socket is already non-blocking, so the mode switch costs no system
   * call.
   */
  public Probe probe() {
    if (closed) {
      return Probe.EOF;
    }
    try {
      return in.probe();
    } catch (IOException e) {
      close();
      return Probe.EOF;
    }
  }

  /** One read that never waits: 0 when nothing has arrived. Used only by {@link #probe()}. */
  int readNonBlocking(ByteBuffer dst) throws IOException {
    try {
      ch.configureBlocking(false);
      try {
        int n = ch.read(dst);
        if (n > 0) {
          traffic.addBytesIn(n);
        }
        return n;
      } finally {
        ch.configureBlocking(true);
      }
    } catch (ClosedChannelException e) {
      throw closedError("read", e);
    } catch (IOException e) {
      throw failed("read", e);
    }
  }

  // ---- called by ConnInput / ConnOutput ----

  void flushBeforeRead() throws IOException {
    out.flushForRead(); // never waits behind a writer blocked on a full socket
  }

  /** While draining, a read that finds nothing pending ends the input instead of blocking. */
  boolean drainWouldBlock() throws IOException {
    return drain.wouldBlock();
  }

  /** True when the input ended because of a graceful drain, not because the peer closed. */
  public boolean inputEndedByDrain() {
    return drain.inputEnded();
  }

  int readFromChannel(ByteBuffer dst) throws IOException {
    if (!watchdog.readStarted()) {
      drain.readDone();
      abort(CloseCause.READ_TIMEOUT);
      throw closedError("read", null);
    }
    try {
      int n = ch.read(dst);
      if (n > 0) {
        traffic.addBytesIn(n);
      }
      return n;
    } catch (ClosedChannelException e) {
      throw closedError("read", e);
    } catch (IOException e) {
      throw failed("read", e);
    } finally {
      drain.readDone();
      watchdog.readDone();
    }
  }

  void writeToChannel(ByteBuffer src) throws IOException {
    watchdog.writeStarted();
    try {
      while (src.hasRemaining()) {
        traffic.addBytesOut(ch.write(src));
        writeCalls++;
      }
    } catch (ClosedChannelException e) {
      throw closedError("write", e);
    } catch (IOException e) {
      throw failed("write", e);
    } finally {
      watchdog.writeDone();
    }
  }

  /** A socket error leaves the connection useless: close it, so isOpen() tells the truth. */
  private NetException failed(String op, IOException e) {
    if (closed) {
      return closedError(op, e);
    }
    close();
    return new NetException(op, local, remote, e);
  }

  private NetException closedError(String op, IOException e) {
    CloseCause why = cause.get();
    if (why == CloseCause.READ_TIMEOUT
        || why == CloseCause.WRITE_TIMEOUT
        || why == CloseCause.IDLE_TIMEOUT) {
      String what = why.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
      return new NetException(op, local, remote, "i/o timeout (" + what + ")", e, true);
    }
    return new ClosedException(op, local, remote);
  }

  static long nanos(Duration d, String name) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + d);
    }
    return d.toNanos();
  }
}
