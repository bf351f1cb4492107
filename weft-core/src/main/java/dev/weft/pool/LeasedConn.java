package dev.weft.pool;

import dev.weft.net.ClosedException;
import dev.weft.net.Conn;
import dev.weft.net.ForwardingConn;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;

/**
 * What a {@link Lease} hands the user: the pooled connection, watched. An {@link IOException}
 * through its streams, an EOF, {@link #closeWrite()} or {@link #close()} marks it broken, so the
 * lease discards it instead of returning it. Once the lease ends, every call fails with a {@link
 * ClosedException} (and {@code close()} does nothing), so a stale reference cannot touch a
 * connection that someone else now holds.
 */
final class LeasedConn extends ForwardingConn {
  private final InputStream in;
  private final OutputStream out;
  private volatile boolean ended;
  private volatile boolean broken;
  private volatile boolean timeoutsChanged;

  LeasedConn(Conn pooled) {
    super(pooled);
    this.in = new In(pooled.in());
    this.out = new Out(pooled.out());
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
  public void closeWrite() throws IOException {
    check("close");
    broken = true; // a half-closed connection cannot serve the next user
    super.closeWrite();
  }

  @Override
  public void setReadTimeout(Duration timeout) {
    changing();
    super.setReadTimeout(timeout);
  }

  @Override
  public void setWriteTimeout(Duration timeout) {
    changing();
    super.setWriteTimeout(timeout);
  }

  @Override
  public void setReadDeadline(Instant deadline) {
    changing();
    super.setReadDeadline(deadline);
  }

  @Override
  public boolean isOpen() {
    return !ended && super.isOpen();
  }

  /** Closes the pooled connection: the lease will discard it. Does nothing once the lease ended. */
  @Override
  public void close() {
    if (!ended) {
      broken = true;
      super.close();
    }
  }

  void markBroken() {
    broken = true;
  }

  boolean broken() {
    return broken;
  }

  /** Ends the lease; true if the user changed a timeout that must now be restored. */
  boolean end() {
    ended = true;
    return timeoutsChanged;
  }

  private void changing() {
    if (ended) {
      throw new IllegalStateException("lease already closed");
    }
    timeoutsChanged = true;
  }

  private void check(String op) throws ClosedException {
    if (ended) {
      throw new ClosedException(op, localAddress(), remoteAddress(), "lease already closed");
    }
  }

  private IOException failed(IOException e) {
    broken = true;
    return e;
  }

  private final class In extends InputStream {
    private final InputStream raw;

    In(InputStream raw) {
      this.raw = raw;
    }

    @Override
    public int read() throws IOException {
      check("read");
      try {
        return eof(raw.read());
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      check("read");
      try {
        return eof(raw.read(b, off, len));
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public int available() throws IOException {
      check("read");
      return raw.available();
    }

    @Override
    public long transferTo(OutputStream sink) throws IOException {
      check("read");
      try {
        long n = raw.transferTo(sink);
        broken = true; // transferTo returns at EOF: the peer closed its side
        return n;
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void close() {
      LeasedConn.this.close();
    }

    private int eof(int n) {
      if (n < 0) {
        broken = true; // the peer closed its side: no next request can be answered
      }
      return n;
    }
  }

  private final class Out extends OutputStream {
    private final OutputStream raw;

    Out(OutputStream raw) {
      this.raw = raw;
    }

    @Override
    public void write(int b) throws IOException {
      check("write");
      try {
        raw.write(b);
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      check("write");
      try {
        raw.write(b, off, len);
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void flush() throws IOException {
      check("write");
      try {
        raw.flush();
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void close() {
      LeasedConn.this.close();
    }
  }
}
