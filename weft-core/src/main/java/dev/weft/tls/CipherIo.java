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
 * <p>Buffers are direct when the engine asks for them (a native engine then works on them in
 * place instead of copying each record into memory of its own) and the channels are there.
 */
final class CipherIo {
  private final InputStream in;
  private final OutputStream out;
  private final ReadableByteChannel inChannel;
  private final WritableByteChannel outChannel;
  private final boolean direct;

  CipherIo(Conn raw, boolean preferDirect) {
    this.in = raw.in();
    this.out = raw.out();
    this.inChannel = in instanceof ReadableByteChannel c ? c : null;
    this.outChannel = out instanceof WritableByteChannel c ? c : null;
    this.direct = preferDirect && inChannel != null && outChannel != null;
  }

  boolean direct() {
    return direct;
  }

  ByteBuffer allocate(int size) {
    return direct ? DirectBuffers.SHARED.take(size) : ByteBuffer.allocate(size);
  }

  /** Gives direct buffers back for reuse; the caller must never touch them again. */
  void recycle(ByteBuffer... buffers) {
    for (ByteBuffer b : buffers) {
      DirectBuffers.SHARED.give(b);
    }
  }

  /** A larger buffer (read mode) holding what {@code b} has left, for at least {@code atLeast} more. */
  ByteBuffer grow(ByteBuffer b, int atLeast) {
    ByteBuffer bigger = allocate(Math.max(atLeast, b.capacity() * 2) + b.remaining());
    bigger.put(b).flip();
    if (direct) {
      DirectBuffers.SHARED.give(b);
    }
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
