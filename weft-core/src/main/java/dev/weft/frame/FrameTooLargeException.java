package dev.weft.frame;

import dev.weft.net.ProtocolException;

/**
 * A peer sent, or announced, a frame over the reader's maximum. Thrown before the oversized frame
 * is buffered: a length header is checked before anything is allocated, and a delimited frame
 * fails as soon as its buffered bytes cross the limit.
 */
public class FrameTooLargeException extends ProtocolException {
  private static final long serialVersionUID = 1L;

  private final long size;
  private final int limit;

  /**
   * @param what what was observed, e.g. {@code "length field claims 1048577 bytes"}
   * @param size the claimed size, or the bytes seen when the limit was crossed
   * @param limit the configured maximum
   * @param limitName the configuration field that holds the maximum, e.g. {@code maxFrameLength}
   */
  public FrameTooLargeException(String what, long size, int limit, String limitName) {
    super("frame too large: " + what + ", limit is " + limit + " (" + limitName + ")");
    this.size = size;
    this.limit = limit;
  }

  /**
   * The size in bytes: exact when a length header claimed it; for line and delimited frames, a
   * lower bound (the bytes seen when the limit was crossed, so at least {@code limit() + 1}).
   */
  public long size() {
    return size;
  }

  /** The configured maximum frame length in bytes. */
  public int limit() {
    return limit;
  }
}
