package dev.weft.testing;

import dev.weft.net.ClosedException;
import dev.weft.net.Conn;
import dev.weft.net.NetException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An in-memory {@link Conn}, one end of a pair made by {@link #pair()}: Go's {@code net.Pipe},
 * but with a bounded buffer in each direction, so a writer runs ahead of its reader until the
 * buffer is full and then blocks, as over TCP. It keeps the whole {@code Conn} contract and
 * passes {@link ConnContract}.
 *
 * <p>It behaves like a TCP connection wherever a test can tell: {@link #closeWrite()} gives the
 * peer EOF; {@link #close()} makes this end's pending and later reads and writes throw {@link
 * ClosedException}, gives the peer EOF after what was already sent, and makes the peer's writes
 * fail with a {@link NetException} ("broken pipe"), since the peer did not close anything itself.
 * Timeouts close the connection and throw a {@link NetException} whose {@link
 * NetException#isTimeout()} is true. Output is not buffered apart from the pipe itself, so every
 * write is visible to the peer at once and {@code flush()} has nothing to do.
 *
 * <p>Addresses are fake, distinct loopback addresses: each end's local address is the other
 * end's remote address. Thread-safe as {@link Conn} documents.
 */
public final class MemoryConn implements Conn {
  /** Bytes each direction buffers by default: 64 KiB, about a loopback socket's default. */
  public static final int DEFAULT_BUFFER = 64 * 1024;

  private static final AtomicInteger PORTS = new AtomicInteger();

  private final MemoryPipe incoming;
  private final MemoryPipe outgoing;
  private final InetSocketAddress local;
  private final InetSocketAddress remote;
  private final Input in = new Input();
  private final Output out = new Output();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean outputShut;
  private volatile String timedOut; // "read timeout" or "write timeout" once one expired
  private volatile long readTimeoutNanos;
  private volatile long readDeadline; // absolute nanoTime, 0 when unset
  private volatile long writeTimeoutNanos;

  private MemoryConn(
      MemoryPipe incoming, MemoryPipe outgoing, InetSocketAddress local, InetSocketAddress remote) {
    this.incoming = incoming;
    this.outgoing = outgoing;
    this.local = local;
    this.remote = remote;
  }

  /** Two connected ends, each direction buffering {@link #DEFAULT_BUFFER} bytes. */
  public static ConnPair pair() {
    return pair(DEFAULT_BUFFER);
  }

  /**
   * Two connected ends, each direction buffering {@code bufferSize} bytes.
   *
   * @throws IllegalArgumentException if {@code bufferSize} is not positive
   */
  public static ConnPair pair(int bufferSize) {
    if (bufferSize <= 0) {
      throw new IllegalArgumentException("bufferSize must be > 0, got " + bufferSize);
    }
    MemoryPipe ab = new MemoryPipe(bufferSize);
    MemoryPipe ba = new MemoryPipe(bufferSize);
    InetSocketAddress a = fakeAddress();
    InetSocketAddress b = fakeAddress();
    return new ConnPair(new MemoryConn(ba, ab, a, b), new MemoryConn(ab, ba, b, a));
  }

  private static InetSocketAddress fakeAddress() {
    // Ports 10000..59999, so they look real and never collide within a pair.
    int port = 10_000 + Math.floorMod(PORTS.getAndIncrement(), 50_000);
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
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
    if (!isOpen()) {
      throw closedError("close");
    }
    outputShut = true;
    outgoing.shutWrite();
  }

  @Override
  public void setReadTimeout(Duration timeout) {
    readTimeoutNanos = nanos(timeout, "readTimeout");
  }

  @Override
  public void setReadDeadline(java.time.Instant deadline) {
    readDeadline =
        deadline == null
            ? 0
            : (System.nanoTime()
                    + Math.max(0, Duration.between(java.time.Instant.now(), deadline).toNanos()))
                | 1;
  }

  @Override
  public void setWriteTimeout(Duration timeout) {
    writeTimeoutNanos = nanos(timeout, "writeTimeout");
  }

  /** Always false: no server drains an in-memory connection. */
  @Override
  public boolean isDraining() {
    return false;
  }

  @Override
  public dev.weft.net.Principal principal() {
    return dev.weft.net.Principal.ANONYMOUS;
  }

  @Override
  public boolean isOpen() {
    return !closed.get();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    incoming.shutRead();
    outgoing.shutWrite();
  }

  @Override
  public String toString() {
    return "memory " + NetException.addr(local) + "->" + NetException.addr(remote);
  }

  // ---- for MemoryPipe ----

  boolean isOutputShut() {
    return outputShut;
  }

  NetException closedError(String op) {
    String why = timedOut;
    if (why != null) {
      return new NetException(op, local, remote, "i/o timeout (" + why + ")", null, true);
    }
    return new ClosedException(op, local, remote);
  }

  NetException brokenPipe() {
    return new NetException("write", local, remote, "broken pipe", null, false);
  }

  NetException interrupted(String op, InterruptedException e) {
    return new NetException(op, local, remote, "interrupted", e, false);
  }

  private NetException expire(String op, String why) {
    if (timedOut == null) {
      timedOut = why;
    }
    close();
    return closedError(op);
  }

  private static long nanos(Duration d, String name) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + d);
    }
    return d.toNanos();
  }

  /** Reads straight from the pipe; one reader at a time, as {@link Conn} documents. */
  private final class Input extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      long timeout = readTimeoutNanos;
      long deadline = readDeadline;
      if (deadline != 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw expire("read", "read timeout");
        }
        timeout = timeout == 0 ? left : Math.min(timeout, left);
      }
      int n = incoming.read(b, off, len, MemoryConn.this, timeout);
      if (n == MemoryPipe.TIMED_OUT) {
        throw expire("read", "read timeout");
      }
      return n;
    }

    @Override
    public int available() {
      return incoming.available();
    }

    @Override
    public void close() {
      MemoryConn.this.close();
    }
  }

  /**
   * Writes straight into the pipe. The lock (not {@code synchronized}: a writer parks while it
   * holds it) makes each write atomic even when it must wait for room several times.
   */
  private final class Output extends OutputStream {
    private final ReentrantLock writeLock = new ReentrantLock();

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      writeLock.lock();
      try {
        long timeout = writeTimeoutNanos;
        long deadline = timeout == 0 ? 0 : (System.nanoTime() + timeout) | 1; // never 0 by accident
        if (outgoing.write(b, off, len, MemoryConn.this, deadline) == MemoryPipe.TIMED_OUT) {
          throw expire("write", "write timeout");
        }
      } finally {
        writeLock.unlock();
      }
    }

    /** Nothing is buffered outside the pipe, so there is nothing to flush. */
    @Override
    public void flush() {}

    @Override
    public void close() {
      MemoryConn.this.close();
    }
  }
}
