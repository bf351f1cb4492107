package dev.weft.frame;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Frames ended by one of several delimiter byte sequences, like Netty's {@code
 * DelimiterBasedFrameDecoder}. Immutable; make readers and writers with {@link
 * #reader(InputStream)} and {@link #writer(OutputStream)}.
 *
 * <p>The reader scans byte by byte, and the first delimiter to complete in the stream ends the
 * frame; when several complete at the same byte (say {@code \n} and {@code \r\n}), the longest
 * wins. (Netty instead picks the delimiter giving the shortest frame; the two differ only when
 * one delimiter sits inside another, e.g. {@code b} and {@code abc}.)
 *
 * @param delimiters at least one non-empty byte sequence; the writer appends the first. No
 *     default
 * @param maxFrameLength the longest frame in bytes, delimiter excluded. A reader fails with
 *     {@link FrameTooLargeException} having buffered at most {@code maxFrameLength} plus the
 *     longest delimiter's length. Default: 8192
 * @param stripDelimiter whether the reader leaves the delimiter out of the frame. Default: true
 */
public record DelimiterCodec(List<byte[]> delimiters, int maxFrameLength, boolean stripDelimiter) {
  public static final int DEFAULT_MAX_FRAME_LENGTH = 8192;

  /** Validates every field and copies the delimiters. */
  public DelimiterCodec {
    Objects.requireNonNull(delimiters, "delimiters");
    if (delimiters.isEmpty()) {
      throw new IllegalArgumentException("delimiters must not be empty");
    }
    List<byte[]> copy = new ArrayList<>(delimiters.size());
    for (int i = 0; i < delimiters.size(); i++) {
      byte[] d = Objects.requireNonNull(delimiters.get(i), "delimiters[" + i + "]");
      if (d.length == 0) {
        throw new IllegalArgumentException("delimiters[" + i + "] must not be empty");
      }
      copy.add(d.clone());
    }
    delimiters = List.copyOf(copy);
    Frames.positive("maxFrameLength", maxFrameLength);
    Frames.atMost("maxFrameLength", maxFrameLength, (long) Frames.MAX_ARRAY - longest(delimiters));
  }

  /** Returns a builder; add at least one delimiter. */
  public static Builder builder() {
    return new Builder();
  }

  /** Fresh copies of the delimiters, so callers cannot change this codec. */
  @Override
  public List<byte[]> delimiters() {
    return delimiters.stream().map(byte[]::clone).toList();
  }

  /** Compares delimiters by content, not array identity. */
  @Override
  public boolean equals(Object o) {
    return o instanceof DelimiterCodec c
        && c.maxFrameLength == maxFrameLength
        && c.stripDelimiter == stripDelimiter
        && c.delimiters.size() == delimiters.size()
        && Arrays.deepEquals(c.delimiters.toArray(), delimiters.toArray());
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.deepHashCode(delimiters.toArray()), maxFrameLength, stripDelimiter);
  }

  @Override
  public String toString() {
    return "DelimiterCodec[delimiters=" + delimiters.stream().map(Arrays::toString).toList()
        + ", maxFrameLength=" + maxFrameLength + ", stripDelimiter=" + stripDelimiter + "]";
  }

  /** A reader of frames from {@code in}, which should be buffered (reads are byte by byte). */
  public DelimiterReader reader(InputStream in) {
    return new DelimiterReader(in, this);
  }

  /** A writer of frames to {@code out}; see {@link DelimiterWriter}. */
  public DelimiterWriter writer(OutputStream out) {
    return new DelimiterWriter(out, this);
  }

  /** The longest delimiter's length. */
  int longestDelimiter() {
    return longest(delimiters);
  }

  /** The first delimiter, without copying; package-private so nobody can modify it. */
  byte[] firstDelimiter() {
    return delimiters.get(0);
  }

  /**
   * The length of the longest delimiter that {@code buf[0, n)} ends with, or 0 if none. Only a
   * suffix is examined, so it is called after each byte; the reader and writer share it so they
   * always agree on where a frame ends.
   */
  int matchAtEnd(byte[] buf, int n) {
    int best = 0;
    for (byte[] d : delimiters) {
      if (d.length > best && d.length <= n
          && Arrays.equals(buf, n - d.length, n, d, 0, d.length)) {
        best = d.length;
      }
    }
    return best;
  }

  private static int longest(List<byte[]> delimiters) {
    int max = 0;
    for (byte[] d : delimiters) {
      max = Math.max(max, d.length);
    }
    return max;
  }

  /** Builds a {@link DelimiterCodec}. Not thread-safe; defaults are listed on the codec. */
  public static final class Builder {
    private final List<byte[]> delimiters = new ArrayList<>();
    private int maxFrameLength = DEFAULT_MAX_FRAME_LENGTH;
    private boolean stripDelimiter = true;

    Builder() {}

    /** Adds a delimiter; the first added is the one the writer appends. */
    public Builder delimiter(byte[] delimiter) {
      delimiters.add(Objects.requireNonNull(delimiter, "delimiter").clone());
      return this;
    }

    /** Adds a delimiter given as ASCII/UTF-8 text, e.g. {@code "\0"}. */
    public Builder delimiter(String delimiter) {
      return delimiter(delimiter.getBytes(StandardCharsets.UTF_8));
    }

    /** The longest frame in bytes, delimiter excluded. Default: 8192. */
    public Builder maxFrameLength(int maxFrameLength) {
      this.maxFrameLength = maxFrameLength;
      return this;
    }

    /** Whether the reader leaves the delimiter out. Default: true. */
    public Builder stripDelimiter(boolean stripDelimiter) {
      this.stripDelimiter = stripDelimiter;
      return this;
    }

    /** @throws IllegalArgumentException naming the first invalid field */
    public DelimiterCodec build() {
      return new DelimiterCodec(delimiters, maxFrameLength, stripDelimiter);
    }
  }
}
