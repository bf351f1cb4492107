package dev.weft.net;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A {@link Conn} whose input first yields bytes that were already read from it (a peeked
 * protocol signature, a TLS ClientHello), then continues with the connection's own input. The
 * next reader sees the stream unchanged. Threads and closing as {@link Conn} documents.
 */
public class PrefixedConn extends ForwardingConn {
  private final InputStream in;

  /**
   * @param delegate the connection the bytes were read from
   * @param prefix the bytes to yield first; copied
   */
  public PrefixedConn(Conn delegate, byte[] prefix) {
    super(delegate);
    this.in = new Prefixed(prefix.clone(), delegate.in());
  }

  @Override
  public InputStream in() {
    return in;
  }

  /** The prefix, then the rest. One reader at a time, like every {@link Conn} input. */
  private static final class Prefixed extends InputStream {
    private final byte[] prefix;
    private final InputStream rest;
    private int pos;

    Prefixed(byte[] prefix, InputStream rest) {
      this.prefix = prefix;
      this.rest = Objects.requireNonNull(rest, "rest");
    }

    @Override
    public int read() throws IOException {
      return pos < prefix.length ? prefix[pos++] & 0xFF : rest.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      if (pos < prefix.length) {
        int n = Math.min(len, prefix.length - pos);
        System.arraycopy(prefix, pos, b, off, n);
        pos += n;
        return n;
      }
      return rest.read(b, off, len);
    }

    @Override
    public int available() throws IOException {
      return (prefix.length - pos) + rest.available();
    }

    @Override
    public void close() throws IOException {
      rest.close();
    }
  }
}
