package dev.weft.tls;

import dev.weft.net.Conn;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Ciphertext to and from the connection under a {@link TlsConn}. Over Weft's own TCP conns the
 * streams are also byte channels: records are read straight into the TLS buffer and written
 * from it, with no pass through the conn's own buffer. Over anything else (an in-memory pair, a
 * conn with replayed bytes in front) the streams are used.
 *
 * <p>Buffers come from a {@link BufferPool}: direct when the engine asks for them (a native
 * engine then works on them in place instead of copying each record into memory of its own) and
 * the channels are there, else heap.
 */
final class CipherIo {
  /** Stands in for a buffer given back while idle: empty and read-only, so a missed re-take fails loudly. */
  static final ByteBuffer NONE = ByteBuffer.allocate(0).asReadOnlyBuffer();

  private final InputStream in;
  private final OutputStream out;
  private final ReadableByteChannel inChannel;
  private final WritableByteChannel outChannel;
  private final BufferPool pool;

  CipherIo(Conn raw, boolean preferDirect) {
    this.in = raw.in();
    this.out = raw.out();
    this.inChannel = in instanceof ReadableByteChannel c ? c : null;
    this.outChannel = out instanceof WritableByteChannel c ? c : null;
    boolean direct = preferDirect && inChannel != null && outChannel != null;
    this.pool = direct ? BufferPool.DIRECT : BufferPool.HEAP;
  }

  ByteBuffer allocate(int size) {
    return pool.take(size);
  }

  /** Gives a buffer back for reuse; the caller must never touch it again. */
  void recycle(ByteBuffer b) {
    pool.give(b);
  }

  /** Gives two buffers back for reuse; the caller must never touch them again. */
  void recycle(ByteBuffer a, ByteBuffer b) {
    pool.give(a);
    pool.give(b);
  }

  /** A larger buffer (read mode) holding what {@code b} has left, for at least {@code atLeast} more. */
  ByteBuffer grow(ByteBuffer b, int atLeast) {
    ByteBuffer bigger = allocate(Math.max(atLeast, b.capacity() * 2) + b.remaining());
    bigger.put(b).flip();
    pool.give(b);
    return bigger;
  }

  /** Reads what is available (blocking for at least one byte) into {@code b}; -1 at EOF. */
  int read(ByteBuffer b) throws IOException {
    if (inChannel != null) {
      return inChannel.read(b);
    }
    int n = in.read(b.array(), b.arrayOffset() + b.position(), b.remaining());
    if (n > 0) {
      b.position(b.position() + n);
    }
    return n;
  }

  /**
   * Blocks for the next byte through the conn's own small buffer (which shrinks while idle), so
   * the caller can wait holding no record-sized buffer; -1 at EOF.
   */
  int awaitByte() throws IOException {
    return in.read();
  }

  /** Bytes the conn has buffered, readable without blocking. */
  int available() throws IOException {
    return in.available();
  }

  /** Hands {@code b}'s bytes before its position to the conn (buffered there until a flush). */
  void write(ByteBuffer b) throws IOException {
    b.flip();
    if (outChannel != null) {
      while (b.hasRemaining()) {
        outChannel.write(b);
      }
    } else {
      out.write(b.array(), b.arrayOffset(), b.limit());
    }
  }

  void flush() throws IOException {
    out.flush();
  }
}
