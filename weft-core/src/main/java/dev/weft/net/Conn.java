package dev.weft.net;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

/**
 * A stream connection, in the style of Go's {@code net.Conn}.
 *
 * <h2>Threads</h2>
 * {@link #in()} is read by one thread at a time. {@link #out()} may be written by several
 * threads; each {@code write} call is atomic with respect to the others. {@link #close()},
 * {@link #closeWrite()} and the getters may be called from any thread.
 *
 * <h2>Buffering</h2>
 * Both streams are buffered. Output is flushed automatically when the reading thread is about to
 * block on a read with no input buffered, and when the buffer fills, so request/response code
 * needs no explicit {@code flush()} and pipelined requests cost one write system call. Call
 * {@code out().flush()} when the data must leave now and no read follows.
 *
 * <h2>Closing</h2>
 * {@link #close()} is idempotent. It unblocks any thread blocked in a read or write on this
 * connection, which then sees a {@link ClosedException}. A read returns -1 once the peer has
 * half-closed (or, on a server connection, once a graceful shutdown has begun and no input is
 * pending).
 */
public interface Conn extends Closeable {

  /** The buffered input stream. Never null; the same object on every call. */
  InputStream in();

  /** The buffered output stream. Never null; the same object on every call. */
  OutputStream out();

  /** The local address. */
  InetSocketAddress localAddress();

  /** The remote address. */
  InetSocketAddress remoteAddress();

  /**
   * Flushes buffered output and half-closes: the peer reads EOF, and this side can still read.
   *
   * @throws NetException if the flush fails
   */
  void closeWrite() throws IOException;

  /**
   * Sets the longest time a single read may block waiting for data. When it passes, the
   * connection is closed and the read throws a {@link NetException} whose {@link
   * NetException#isTimeout()} is true. Zero disables the timeout. Default: from the server or
   * dialer config, else zero.
   */
  void setReadTimeout(Duration timeout);

  /**
   * Sets the longest time a single write or flush may block because the peer does not read. When
   * it passes, the connection is closed and the write throws a {@link NetException} whose {@link
   * NetException#isTimeout()} is true. Zero disables the timeout. A watchdog on the shared timer
   * enforces it, since {@code SO_TIMEOUT} covers reads only.
   */
  void setWriteTimeout(Duration timeout);

  /**
   * Sets an absolute deadline for reads, like Go's {@code SetReadDeadline}. A read blocked when
   * it passes, and every later read, fails with a {@link NetException} whose {@link
   * NetException#isTimeout()} is true, and the connection closes. Set it before reading a frame
   * to bound how long the whole frame may take: a slowloris peer that dribbles one byte at a time
   * defeats the per-read and idle timeouts, but not this. Null clears it.
   */
  void setReadDeadline(Instant deadline);

  /**
   * True once the server that accepted this connection has begun a graceful shutdown. Handlers
   * that push data without reading should check it and finish. Always false for dialed
   * connections.
   */
  boolean isDraining();

  /**
   * Who the peer is, once a {@link ConnSetup} (mTLS, a token handshake) established it; {@link
   * Principal#ANONYMOUS} otherwise.
   */
  Principal principal();

  /**
   * The live byte and frame counts of this connection. Framed handlers report frames here
   * ({@code conn.traffic().frameIn()}); a {@link Server} sums every connection's counter into
   * {@link Server#traffic()}. Default: {@link TrafficCounter#NONE}, which counts nothing.
   */
  default TrafficCounter traffic() {
    return TrafficCounter.NONE;
  }

  /** True until {@link #close()} is called or the connection fails. */
  boolean isOpen();

  /** Closes both directions. Idempotent; never throws; unblocks pending reads and writes. */
  @Override
  void close();
}
