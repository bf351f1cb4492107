package dev.weft.frame;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Text lines ended by {@code \n} or {@code \r\n}. Immutable; make readers and writers with
 * {@link #reader(InputStream)} and {@link #writer(OutputStream)}.
 *
 * <p>Reading: a lone {@code \n} ends a line; {@code \r\n} ends a line and the {@code \r} is
 * dropped; a {@code \r} not followed by {@code \n} stays in the line. See {@link LineReader}.
 *
 * @param maxLineLength the longest line in bytes, terminator excluded. A reader fails with
 *     {@link FrameTooLargeException} having buffered at most {@code maxLineLength + 1} bytes.
 *     Default: 8192
 * @param charset how lines are decoded and encoded; must be ASCII-compatible (UTF-8,
 *     ISO-8859-1, US-ASCII...), since terminators are found byte by byte. Malformed input decodes
 *     to U+FFFD. Default: UTF-8
 * @param terminator what the writer appends. Default: {@link LineTerminator#CRLF}, which the
 *     line-based Internet protocols require and every reader here accepts
 */
public record LineCodec(int maxLineLength, Charset charset, LineTerminator terminator) {
  public static final int DEFAULT_MAX_LINE_LENGTH = 8192;

  /** Validates every field; messages name the field and the bad value. */
  public LineCodec {
    Objects.requireNonNull(charset, "charset");
    Objects.requireNonNull(terminator, "terminator");
    Frames.positive("maxLineLength", maxLineLength);
    // The reader may hold maxLineLength + 1 bytes (a trailing \r awaiting its \n).
    Frames.atMost("maxLineLength", maxLineLength, Frames.MAX_ARRAY - 1);
    if (!Arrays.equals("\r\n".getBytes(charset), new byte[] {'\r', '\n'})) {
      throw new IllegalArgumentException("charset must be ASCII-compatible, got " + charset);
    }
  }

  /** A codec with every default: 8192-byte lines, UTF-8, CRLF. */
  public static LineCodec defaults() {
    return builder().build();
  }

  /** Returns a builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A reader of lines from {@code in}, which should be buffered (reads are byte by byte). */
  public LineReader reader(InputStream in) {
    return new LineReader(in, this);
  }

  /** A writer of lines to {@code out}. */
  public LineWriter writer(OutputStream out) {
    return new LineWriter(out, this);
  }

  /** Builds a {@link LineCodec}. Not thread-safe; defaults are listed on {@link LineCodec}. */
  public static final class Builder {
    private int maxLineLength = DEFAULT_MAX_LINE_LENGTH;
    private Charset charset = StandardCharsets.UTF_8;
    private LineTerminator terminator = LineTerminator.CRLF;

    Builder() {}

    /** The longest line in bytes, terminator excluded. Default: 8192. */
    public Builder maxLineLength(int maxLineLength) {
      this.maxLineLength = maxLineLength;
      return this;
    }

    /** An ASCII-compatible charset. Default: UTF-8. */
    public Builder charset(Charset charset) {
      this.charset = charset;
      return this;
    }

    /** What the writer appends. Default: CRLF. */
    public Builder terminator(LineTerminator terminator) {
      this.terminator = terminator;
      return this;
    }

    /** @throws IllegalArgumentException naming the first invalid field */
    public LineCodec build() {
      return new LineCodec(maxLineLength, charset, terminator);
    }
  }
}
