package dev.weft.frame;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * Frames of one fixed length. Immutable; make readers and writers with {@link
 * #reader(InputStream)} and {@link #writer(OutputStream)}.
 *
 * @param frameLength the length of every frame in bytes, also its maximum. No default
 */
public record FixedLengthCodec(int frameLength) {

  /** Validates the length: {@code "frameLength must be > 0, got 0"}. */
  public FixedLengthCodec {
    Frames.positive("frameLength", frameLength);
    Frames.atMost("frameLength", frameLength, Frames.MAX_ARRAY);
  }

  /** A codec for frames of {@code frameLength} bytes. */
  public static FixedLengthCodec of(int frameLength) {
    return new FixedLengthCodec(frameLength);
  }

  /** A reader of frames from {@code in}. */
  public FixedLengthReader reader(InputStream in) {
    return new FixedLengthReader(in, this);
  }

  /** A writer of frames to {@code out}. */
  public FixedLengthWriter writer(OutputStream out) {
    return new FixedLengthWriter(out, this);
  }
}
