package dev.weft.net.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The buffered output side of a {@link TcpConn}. Writes collect in a buffer that is allocated on
 * first use, grows up to {@link #MAX_BUFFER}, and is dropped after a flush if it grew beyond
 * {@link #KEEP_BUFFER}, so an idle connection holds at most a small one. Writes at least as large
 * as the maximum, or at least {@link #KEEP_BUFFER} when nothing is buffered, go straight to the
 * socket, as does a direct buffer of any size when nothing is buffered (TLS records).
 * Thread-safe: a {@link ReentrantLock} (not {@code synchronized}, which would pin a virtual
 * thread that blocks in the write) makes each write atomic.
 *
 * <p>Full duplex: the read path's auto-flush ({@link #flushForRead}) never waits for the lock. A
 * writer may hold it while blocked on a full socket, waiting for the peer to read, and the peer
 * may be waiting for this side to read: a reader that queued behind that writer would deadlock
 * both ends. Instead the reader flushes if the lock is free, and otherwise leaves a request that
 * whoever holds the lock honours as it releases it.
 */
final class ConnOutput extends OutputStream implements WritableByteChannel {
  static final int MIN_BUFFER = 512;
  static final int KEEP_BUFFER = 2048;
  static final int MAX_BUFFER = 32 * 1024;

  private final TcpConn conn;
  private final ReentrantLock lock = new ReentrantLock();
  private byte[] buf;
  private ByteBuffer view; // wraps buf; reused so a flush allocates nothing
  private volatile int count;
  private volatile boolean flushWanted; // a reader found bytes pending and the lock taken

  ConnOutput(TcpConn conn) {
    this.conn = conn;
  }

  @Override
  public void write(int b) throws IOException {
    lock.lock();
    try {
      if (buf == null || count == buf.length) {
        ensureSpace(1);
      }
      buf[count] = (byte) b;
      count = count + 1;
    } finally {
      lock.unlock();
    }
    honourFlushRequest();
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    lock.lock();
    try {
      // A large write goes straight to the socket: copying it would only add a pass over the
      // bytes, and there is nothing small to coalesce it with.
      if (len >= MAX_BUFFER || (count == 0 && len >= KEEP_BUFFER)) {
        flushLocked();
        conn.writeToChannel(ByteBuffer.wrap(b, off, len));
        return;
      }
      ensureSpace(len);
      System.arraycopy(b, off, buf, count, len);
      count = count + len;
    } finally {
      lock.unlock();
    }
    honourFlushRequest();
  }

  /**
   * As {@link #write(byte[], int, int)} for a buffer, which may be direct: a large one goes to the
   * socket without a copy (after what is pending), a small one joins the pending bytes, unless it
   * is direct and nothing is pending.
   */
  @Override
  public int write(ByteBuffer src) throws IOException {
    int len = src.remaining();
    if (len == 0) {
      return 0;
    }
    if (src.hasArray()) {
      write(src.array(), src.arrayOffset() + src.position(), len);
      src.position(src.limit());
      return len;
    }
    lock.lock();
    try {
      // A direct buffer with nothing pending goes straight out, whatever its size: copying it
      // here would only have the JDK copy it into a direct buffer again (TLS records over a
      // native engine).
      if (len >= MAX_BUFFER || count == 0) {
        flushLocked();
        conn.writeToChannel(src);
        return len;
      }
      ensureSpace(len);
      src.get(buf, count, len);
      count = count + len;
    } finally {
      lock.unlock();
    }
    honourFlushRequest();
    return len;
  }

  @Override
  public boolean isOpen() {
    return conn.isOpen();
  }

  @Override
  public void flush() throws IOException {
    lock.lock();
    try {
      flushLocked();
    } finally {
      lock.unlock();
    }
    honourFlushRequest();
  }

  /**
   * The read path's auto-flush: sends pending bytes now if no writer holds the lock, else asks
   * the holder to send them as it releases the lock. Never waits for the lock.
   */
  void flushForRead() throws IOException {
    if (count == 0) {
      return;
    }
    flushWanted = true;
    if (lock.tryLock()) {
      try {
        flushLocked();
      } finally {
        lock.unlock();
      }
    }
  }

  /** After a release: sends what a reader asked for while this thread held the lock. */
  private void honourFlushRequest() throws IOException {
    if (flushWanted && lock.tryLock()) { // if taken, the holder honours it on its release
      try {
        if (flushWanted) {
          flushLocked();
        }
      } finally {
        lock.unlock();
      }
    }
  }

  @Override
  public void close() {
    conn.close();
  }

  private void ensureSpace(int len) throws IOException {
    if (buf == null) {
      setBuffer(new byte[Math.max(MIN_BUFFER, Integer.highestOneBit(len - 1 | 1) << 1)]);
      return;
    }
    if (buf.length - count >= len) {
      return;
    }
    if (count + len <= MAX_BUFFER) {
      int size = buf.length;
      while (size < count + len) {
        size *= 2;
      }
      setBuffer(java.util.Arrays.copyOf(buf, Math.min(size, MAX_BUFFER)));
      return;
    }
    flushLocked();
    ensureSpace(len);
  }

  private void flushLocked() throws IOException {
    flushWanted = false; // whatever a reader asked for is sent now
    if (count == 0) {
      return;
    }
    ByteBuffer v = view;
    v.clear().limit(count);
    count = 0;
    if (buf.length > KEEP_BUFFER) {
      setBuffer(null); // an idle connection keeps at most a small buffer
    }
    conn.writeToChannel(v);
  }

  private void setBuffer(byte[] b) {
    buf = b;
    view = b == null ? null : ByteBuffer.wrap(b);
  }
}
