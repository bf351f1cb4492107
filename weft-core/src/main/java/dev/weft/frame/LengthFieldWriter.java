package dev.weft.frame;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes length-prefixed frames; see {@link LengthFieldCodec} for the layout.
 *
 * <p>{@link #write(byte[])} takes the frame without its length field: the {@code
 * lengthFieldOffset} header bytes that precede the field, then the body. It writes those header
 * bytes, the length field ({@code body length - lengthAdjustment}), then the body. With {@code
 * lengthFieldOffset} 0 (the default) that is just the body, and a reader that strips the whole
 * header (the default) returns exactly what was written.
 *
 * <p>Rejects with {@link IllegalArgumentException}, before writing anything: a frame shorter
 * than {@code lengthFieldOffset}, a body over {@code maxFrameLength}, and a length that is
 * negative or does not fit the field (over 255 in one byte, say). Thread-safe; does not flush;
 * see {@link FrameWriter}.
 */
public final class LengthFieldWriter implements FrameWriter<byte[]> {
  private final OutputStream out;
  private final LengthFieldCodec codec;
  // A lock, not synchronized: the write may block and this may run on a virtual thread.
  private final ReentrantLock lock = new ReentrantLock();

  LengthFieldWriter(OutputStream out, LengthFieldCodec codec) {
    this.out = Objects.requireNonNull(out, "out");
    this.codec = codec;
  }

  @Override
  public void write(byte[] frame) throws IOException {
    Objects.requireNonNull(frame, "frame");
    int offset = codec.lengthFieldOffset();
    if (frame.length < offset) {
      throw new IllegalArgumentException("frame must start with the " + offset
          + " header bytes before the length field (lengthFieldOffset), got " + frame.length
          + " bytes");
    }
    int body = frame.length - offset;
    if (body > codec.maxFrameLength()) {
      throw new IllegalArgumentException("frame body must be <= " + codec.maxFrameLength()
          + " bytes (maxFrameLength), got " + body);
    }
    byte[] field = encode(body - (long) codec.lengthAdjustment());
    lock.lock();
    try {
      out.write(frame, 0, offset);
      out.write(field);
      out.write(frame, offset, body);
    } finally {
      lock.unlock();
    }
  }

  private byte[] encode(long value) {
    int len = codec.lengthFieldLength();
    if (value < 0 || (len < 8 && value >= 1L << (8 * len))) {
      throw new IllegalArgumentException("length " + value + " does not fit a " + len
          + "-byte length field (body length - lengthAdjustment " + codec.lengthAdjustment() + ")");
    }
    byte[] b = new byte[len];
    boolean big = codec.byteOrder() == ByteOrder.BIG_ENDIAN;
    for (int i = 0; i < len; i++) {
      int shift = 8 * (big ? len - 1 - i : i);
      b[i] = (byte) (value >>> shift);
    }
    return b;
  }
}
