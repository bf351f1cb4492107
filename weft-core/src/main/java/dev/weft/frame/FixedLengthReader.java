package dev.weft.frame;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Reads frames of exactly {@code frameLength} bytes. The array grows as bytes arrive, so a large
 * frame length costs memory only once the peer actually sends. At EOF before a frame's first
 * byte, {@link #read()} returns null; EOF inside a frame throws a {@link
 * dev.weft.net.ProtocolException} "truncated frame: ...". One thread at a time; see {@link
 * FrameReader}.
 */
public final class FixedLengthReader implements FrameReader<byte[]> {
  private static final byte[] NONE = new byte[0];

  private final InputStream in;
  private final FixedLengthCodec codec;

  FixedLengthReader(InputStream in, FixedLengthCodec codec) {
    this.in = Objects.requireNonNull(in, "in");
    this.codec = codec;
  }

  /**
   * Reads the next frame.
   *
   * @return a new array of {@code frameLength} bytes, or null at a clean EOF
   * @throws dev.weft.net.ProtocolException "truncated frame: ..." at EOF inside a frame
   */
  @Override
  public byte[] read() throws IOException {
    return Frames.readFrame(in, NONE, 0, 0, codec.frameLength(), true);
  }
}
