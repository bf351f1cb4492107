package dev.weft.frame;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads delimiter-terminated frames; see {@link DelimiterCodec} for the rules.
 *
 * <p>Reads the stream one byte at a time so that it never consumes a byte past the frame; wrap
 * unbuffered streams in a {@code BufferedInputStream} ({@code Conn.in()} is already buffered).
 * At EOF before any byte of a frame, {@link #read()} returns null; EOF inside a frame throws a
 * {@link dev.weft.net.ProtocolException} "truncated frame: ...". One thread at a time; see
 * {@link FrameReader}.
 */
public final class DelimiterReader implements FrameReader<byte[]> {
  private static final int INITIAL_BUFFER = 128;

  private final InputStream in;
  private final DelimiterCodec codec;
  private final int longest;
  private byte[] buf = new byte[INITIAL_BUFFER];

  DelimiterReader(InputStream in, DelimiterCodec codec) {
    this.in = Objects.requireNonNull(in, "in");
    this.codec = codec;
    this.longest = codec.longestDelimiter();
  }

  /**
   * Reads the next frame, with or without its delimiter as the codec says.
   *
   * @return the frame, possibly empty, or null at a clean EOF
   * @throws FrameTooLargeException if the frame exceeds {@code maxFrameLength} bytes
   * @throws dev.weft.net.ProtocolException "truncated frame: ..." at EOF inside a frame
   */
  @Override
  public byte[] read() throws IOException {
    if (buf.length > Frames.RETAINED_BUFFER) {
      buf = new byte[INITIAL_BUFFER]; // an idle connection keeps no large-frame buffer
    }
    int max = codec.maxFrameLength();
    int n = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (n == 0) {
          return null;
        }
        throw Frames.truncated("EOF after " + n + " bytes of a frame with no delimiter");
      }
      if (n == buf.length) {
        buf = Arrays.copyOf(buf, (int) Math.min((long) max + longest, buf.length * 2L));
      }
      buf[n++] = (byte) b;
      int d = codec.matchAtEnd(buf, n);
      if (d > 0) {
        int len = n - d;
        if (len > max) {
          throw tooLarge(len);
        }
        return Arrays.copyOf(buf, codec.stripDelimiter() ? len : n);
      }
      // Any delimiter still to come starts at or after n + 1 - longest, so once n reaches
      // max + longest the frame must be over the limit: fail without buffering more.
      if (n >= max + longest) {
        throw tooLarge(n + 1L - longest);
      }
    }
  }

  private FrameTooLargeException tooLarge(long seen) {
    int max = codec.maxFrameLength();
    return new FrameTooLargeException(
        "more than " + max + " bytes before a delimiter", seen, max, "maxFrameLength");
  }
}
