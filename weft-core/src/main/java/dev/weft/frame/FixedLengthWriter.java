package dev.weft.frame;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes frames of exactly {@code frameLength} bytes, as given. A frame of any other length gets
 * an {@link IllegalArgumentException} and nothing is written. Thread-safe; does not flush; see
 * {@link FrameWriter}.
 */
public final class FixedLengthWriter implements FrameWriter<byte[]> {
  private final OutputStream out;
  private final FixedLengthCodec codec;
  // A lock, not synchronized: the write may block and this may run on a virtual thread.
  private final ReentrantLock lock = new ReentrantLock();

  FixedLengthWriter(OutputStream out, FixedLengthCodec codec) {
    this.out = Objects.requireNonNull(out, "out");
    this.codec = codec;
  }

  @Override
  public void write(byte[] frame) throws IOException {
    Objects.requireNonNull(frame, "frame");
    if (frame.length != codec.frameLength()) {
      throw new IllegalArgumentException(
          "frame must be exactly " + codec.frameLength() + " bytes, got " + frame.length);
    }
    lock.lock();
    try {
      out.write(frame);
    } finally {
      lock.unlock();
    }
  }
}
