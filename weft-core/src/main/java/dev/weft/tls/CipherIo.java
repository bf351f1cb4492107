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
  /** Bytes of the wait buffer: a small record (a 64-byte message is 86 bytes under TLS 1.3) fits whole. */
  static final int WAIT_BUFFER = 256;
  /** Stands in for a buffer given back while idle: empty and read-only, so a missed re-take fails loudly. */
  static final ByteBuffer NONE = ByteBuffer.allocate(0).asReadOnlyBuffer();

  private final InputStream in;
  private final OutputStream out;
  private final ReadableByteChannel inChannel;
  private final WritableByteChannel outChannel;
  private final BufferPool pool;
  private ByteBuffer waitBuffer; // the next record's first bytes, read while holding no record buffer

  CipherIo(Conn raw, boolean preferDirect) {
    this.in = raw.in();
    this.out = raw.out();
    this.inChannel = in instanceof ReadableByteChannel c ? c : null;
    this.outChannel = out instanceof WritableByteChannel c ? c : null;
    boolean direct = preferDirect && inChannel != null && outChannel != null;
    this.pool = direct ? BufferPool.DIRECT : BufferPool.HEAP;
    this.waitBuffer = pool.take(WAIT_BUFFER);
  }

  /**
   * Blocks for the next bytes (at least one) in a small buffer of this connection's own, so that
   * a connection waiting for input holds no record-sized buffer; -1 at EOF. {@link #takeWaited}
   * moves them on.
   */
  int awaitSome() throws IOException {
    return read(waitBuffer.clear());
  }

  /** Moves what {@link #awaitSome} read into {@code dst}, which has room for a record. */
  void takeWaited(ByteBuffer dst) {
    dst.put(waitBuffer.flip());
  }

  /** After close, under the reader's lock: gives the wait buffer back too. */
  void retire() {
    pool.give(waitBuffer);
    waitBuffer = NONE;
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
