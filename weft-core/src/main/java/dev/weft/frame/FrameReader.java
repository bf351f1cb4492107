package dev.weft.frame;

import java.io.IOException;

/**
 * Cuts frames from a byte stream, one per call.
 *
 * <h2>Blocking and threads</h2>
 * {@link #read()} blocks until a whole frame has arrived, the stream ends, or the stream fails.
 * A reader is used by one thread at a time, like the stream it wraps ({@code Conn.in()}).
 *
 * <h2>Errors</h2>
 * A peer that breaks the framing gets a {@link dev.weft.net.ProtocolException}: {@link
 * FrameTooLargeException} for a frame over the configured maximum, and a plain {@code
 * ProtocolException} whose message starts with {@code "truncated frame: "} when the stream ends
 * inside a frame. After any exception the stream position is undefined; close the connection
 * rather than reading on.
 *
 * @param <T> the frame type, e.g. {@code byte[]} or {@code String}
 */
@FunctionalInterface
public interface FrameReader<T> {

  /**
   * Reads the next frame, blocking until it is complete.
   *
   * @return the frame, or null when the stream ended cleanly at a frame boundary
   * @throws FrameTooLargeException if the frame exceeds the reader's maximum; thrown before a
   *     claimed size is allocated, and before more than the maximum plus a delimiter's length is
   *     buffered
   * @throws dev.weft.net.ProtocolException if the stream ends inside a frame or the frame is
   *     malformed
   * @throws IOException if the underlying stream fails
   */
  T read() throws IOException;
}
