package dev.weft.frame;

import java.io.IOException;

/**
 * Writes frames to a byte stream, one per call.
 *
 * <h2>Blocking and threads</h2>
 * {@link #write(Object)} blocks while the underlying stream blocks (a peer that does not read).
 * The writers in this package are thread-safe: the bytes of one frame are never interleaved
 * with another frame written through the same writer. They do not flush; {@code Conn.out()}
 * flushes by itself before the next blocking read, and other streams need an explicit {@code
 * flush()}.
 *
 * <h2>Errors</h2>
 * A frame this writer cannot encode so that the matching reader decodes it back unchanged (too
 * large, containing a terminator, wrong length) is the caller's bug and gets an {@link
 * IllegalArgumentException}, before any byte is written.
 *
 * @param <T> the frame type, e.g. {@code byte[]} or {@code String}
 */
@FunctionalInterface
public interface FrameWriter<T> {

  /**
   * Encodes and writes one frame.
   *
   * @throws IllegalArgumentException if the frame cannot be encoded; nothing is written
   * @throws IOException if the underlying stream fails
   */
  void write(T frame) throws IOException;
}
