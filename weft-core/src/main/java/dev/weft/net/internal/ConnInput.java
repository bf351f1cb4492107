package dev.weft.net.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Objects;

/**
 * The buffered input side of a {@link TcpConn}.
 *
 * <p>Read batching: each system call takes everything available, up to the buffer size, and
 * frames are then cut from memory. Write coalescing: before blocking for input, pending output is
 * flushed, so a handler never waits for a reply to bytes it has not sent.
 *
 * <p>The buffer adapts: it starts at 128 bytes (an idle connection holds little), doubles after a
 * read that filled it (up to 64 KiB), and halves after two reads that used less than a quarter of
 * it. After a read that waited a second or more, the next read starts again from 128 bytes: a
 * connection that has gone quiet after a burst holds a small buffer from its second wait on
 * (the buffer of a blocked read cannot be swapped). Not thread-safe: one reader at a time, as
 * {@link dev.weft.net.Conn} documents.
 *
 * <p>It is also a {@link ReadableByteChannel}: a layer that keeps its own buffer (TLS) reads
 * straight into it, with the same deadlines, flush-before-read and counters, and no copy through
 * this one.
 */
final class ConnInput extends InputStream implements ReadableByteChannel {
  static final int MIN_BUFFER = 128;
  static final int MAX_BUFFER = 64 * 1024;
  /** A read that waited this long marks the connection idle: its next wait uses the smallest buffer. */
  static final long IDLE_NANOS = 1_000_000_000L;

  private final TcpConn conn;
  private byte[] buf = new byte[MIN_BUFFER];
  private ByteBuffer view = ByteBuffer.wrap(buf);
  private int pos;
  private int lim;
  private int smallReads;
  private boolean idle; // the last read waited at least IDLE_NANOS for data
  private boolean eof;

  ConnInput(TcpConn conn) {
    this.conn = conn;
  }

  @Override
  public int read() throws IOException {
    if (pos == lim && !fill()) {
      return -1;
    }
    return buf[pos++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (pos == lim && !fill()) {
      return -1;
    }
    int n = Math.min(len, lim - pos);
    System.arraycopy(buf, pos, b, off, n);
    pos += n;
    return n;
  }

  /**
   * Reads into {@code dst}: what this buffer holds first, else one read from the socket straight
   * into {@code dst} (blocking, as {@link #read(byte[], int, int)}). Returns -1 at EOF.
   */
  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (!dst.hasRemaining()) {
      return 0;
    }
    if (pos < lim) {
      int n = Math.min(dst.remaining(), lim - pos);
      dst.put(buf, pos, n);
      pos += n;
      return n;
    }
    while (!eof) {
      conn.flushBeforeRead();
      if (conn.drainWouldBlock()) {
        return -1;
      }
      int n = conn.readFromChannel(dst);
      if (n < 0) {
        eof = true;
      } else if (n > 0) {
        return n;
      }
    }
    return -1;
  }

  @Override
  public boolean isOpen() {
    return conn.isOpen();
  }

  @Override
  public int available() {
    return lim - pos;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = 0;
    while (skipped < n && (pos < lim || fill())) {
      int k = (int) Math.min(n - skipped, lim - pos);
      pos += k;
      skipped += k;
    }
    return skipped;
  }

  /** Copies straight from this buffer to {@code out}: no intermediate array. */
  @Override
  public long transferTo(OutputStream out) throws IOException {
    long total = 0;
    while (pos < lim || fill()) {
      int n = lim - pos;
      out.write(buf, pos, n);
      pos = lim;
      total += n;
    }
    return total;
  }

  /** The current buffer size, for tests and diagnostics. */
  int bufferSize() {
    return buf.length;
  }

  /** True once the peer's EOF has been read. */
  boolean sawEof() {
    return eof;
  }

  /**
   * The pool's liveness probe, for a connection no thread is reading: reads what has arrived
   * without blocking, appending to this buffer (so no byte is lost), and reports whether the
   * peer has sent data or closed. A second read after data catches a FIN right behind it; a
   * later probe looks again while the buffer has room, so a close after buffered data is seen.
   */
  Probe probe() throws IOException {
    if (!eof) {
      if (pos == lim) {
        pos = lim = 0;
      }
      if (lim < buf.length) {
        view.limit(buf.length).position(lim);
        int n = conn.readNonBlocking(view);
        if (n > 0 && view.hasRemaining()) {
          n = conn.readNonBlocking(view); // a FIN right behind the data
        }
        eof = n < 0;
        lim = view.position();
      }
    }
    return eof ? Probe.EOF : pos < lim ? Probe.DATA : Probe.QUIET;
  }

  @Override
  public void close() {
    conn.close();
  }

  /**
   * Refills the empty buffer with one read. Returns false at EOF. Flushes pending output first.
   */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    conn.flushBeforeRead();
    if (conn.drainWouldBlock()) {
      return false;
    }
    resize();
    view.clear();
    long start = System.nanoTime();
    int n = conn.readFromChannel(view);
    idle = System.nanoTime() - start >= IDLE_NANOS;
    if (n < 0) {
      eof = true;
      pos = lim = 0;
      return false;
    }
    adapt(n);
    pos = 0;
    lim = n;
    return n > 0 || fill();
  }

  private void adapt(int n) {
    if (n == buf.length) {
      smallReads = -1; // grow before the next read
    } else if (n < buf.length / 4) {
      smallReads++;
    } else {
      smallReads = 0;
    }
  }

  private void resize() {
    int size = buf.length;
    if (idle && size > MIN_BUFFER) {
      size = MIN_BUFFER; // an idle connection waits with the least memory; a burst regrows it
    } else if (smallReads < 0 && size < MAX_BUFFER) {
      size *= 2;
    } else if (smallReads >= 2 && size > MIN_BUFFER) {
      size /= 2;
    } else {
      return;
    }
    smallReads = 0;
    buf = new byte[size];
    view = ByteBuffer.wrap(buf);
  }
}
