package dev.weft.frame;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes delimiter-terminated frames; see {@link DelimiterCodec}.
 *
 * <p>When the codec strips delimiters, {@link #write(byte[])} takes the frame without one and
 * appends the codec's first delimiter. When it does not, the frame must already end with a
 * delimiter and is written as given. Either way, a {@link DelimiterReader} with the same codec
 * reads back exactly what was written.
 *
 * <p>Rejects with {@link IllegalArgumentException}, before writing anything, a frame over {@code
 * maxFrameLength} (delimiter excluded) and a frame the reader would cut elsewhere: one that
 * contains a delimiter, or whose last bytes form a delimiter together with the appended one.
 * Checking costs a scan of the frame per delimiter. Thread-safe; does not flush; see {@link
 * FrameWriter}.
 */
public final class DelimiterWriter implements FrameWriter<byte[]> {
  private final OutputStream out;
  private final DelimiterCodec codec;
  // A lock, not synchronized: the write may block and this may run on a virtual thread.
  private final ReentrantLock lock = new ReentrantLock();

  DelimiterWriter(OutputStream out, DelimiterCodec codec) {
    this.out = Objects.requireNonNull(out, "out");
    this.codec = codec;
  }

  @Override
  public void write(byte[] frame) throws IOException {
    Objects.requireNonNull(frame, "frame");
    byte[] wire;
    if (codec.stripDelimiter()) {
      byte[] d = codec.firstDelimiter();
      wire = Arrays.copyOf(frame, frame.length + d.length);
      System.arraycopy(d, 0, wire, frame.length, d.length);
    } else {
      wire = frame;
    }
    check(wire);
    lock.lock();
    try {
      out.write(wire);
    } finally {
      lock.unlock();
    }
  }

  /** Replays the reader's scan: the first delimiter must complete at the very last byte. */
  private void check(byte[] wire) {
    if (wire.length == 0) {
      throw new IllegalArgumentException(
          "frame must end with a delimiter when stripDelimiter is false");
    }
    for (int n = 1; n <= wire.length; n++) {
      int d = codec.matchAtEnd(wire, n);
      if (d > 0 && n < wire.length) {
        throw new IllegalArgumentException(
            "frame must not contain a delimiter, found one ending at byte " + (n - 1));
      }
      if (n == wire.length) {
        if (d == 0) {
          throw new IllegalArgumentException(
              "frame must end with a delimiter when stripDelimiter is false");
        }
        if (n - d > codec.maxFrameLength()) {
          throw new IllegalArgumentException("frame must be <= " + codec.maxFrameLength()
              + " bytes (maxFrameLength), got " + (n - d));
        }
      }
    }
  }
}
