package dev.weft.frame;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads lines ended by {@code \n} or {@code \r\n}; see {@link LineCodec} for the rules.
 *
 * <p>Reads the stream one byte at a time so that it never consumes a byte past the line: the
 * next reader of the same stream (say, a length-prefixed body after a text header) starts
 * exactly where this line ended. Wrap unbuffered streams in a {@code BufferedInputStream};
 * {@code Conn.in()} is already buffered.
 *
 * <p>At EOF: with no bytes of a new line read, {@link #read()} returns null; with a partial
 * line (even a lone {@code \r}), it throws a {@link dev.weft.net.ProtocolException} "truncated
 * frame: ...", so a peer cut off mid-command is never mistaken for a complete command.
 *
 * <p>One thread at a time; see {@link FrameReader}.
 */
public final class LineReader implements FrameReader<String> {
  private static final int INITIAL_BUFFER = 128;

  private final InputStream in;
  private final LineCodec codec;
  private byte[] buf = new byte[INITIAL_BUFFER];

  LineReader(InputStream in, LineCodec codec) {
    this.in = Objects.requireNonNull(in, "in");
    this.codec = codec;
  }

  /**
   * Reads the next line, decoded with the codec's charset, without its terminator.
   *
   * @return the line, possibly empty, or null at a clean EOF
   * @throws FrameTooLargeException if the line exceeds {@code maxLineLength} bytes
   * @throws dev.weft.net.ProtocolException "truncated frame: ..." at EOF inside a line
   */
  @Override
  public String read() throws IOException {
    int len = readLine();
    return len < 0 ? null : new String(buf, 0, len, codec.charset());
  }

  /**
   * Reads the next line as raw bytes, without its terminator. Same rules as {@link #read()}.
   *
   * @return the line's bytes, or null at a clean EOF
   */
  public byte[] readBytes() throws IOException {
    int len = readLine();
    return len < 0 ? null : Arrays.copyOf(buf, len);
  }

  /** Reads one line into {@link #buf}; returns its length without terminator, or -1 at EOF. */
  private int readLine() throws IOException {
    if (buf.length > Frames.RETAINED_BUFFER) {
      buf = new byte[INITIAL_BUFFER]; // an idle connection keeps no long-line buffer
    }
    int max = codec.maxLineLength();
    int n = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (n == 0) {
          return -1;
        }
        throw Frames.truncated("EOF after " + n + " bytes of a line with no terminator");
      }
      if (b == '\n') {
        return n > 0 && buf[n - 1] == '\r' ? n - 1 : n;
      }
      // A \r right after max bytes may be the start of the terminator; anything else past max
      // cannot be, so fail with at most max + 1 bytes buffered.
      if (n >= max && !(n == max && b == '\r')) {
        throw new FrameTooLargeException(
            "line has more than " + max + " bytes before its terminator",
            n + 1L,
            max,
            "maxLineLength");
      }
      if (n == buf.length) {
        buf = Arrays.copyOf(buf, (int) Math.min(max + 1L, buf.length * 2L));
      }
      buf[n++] = (byte) b;
    }
  }
}
