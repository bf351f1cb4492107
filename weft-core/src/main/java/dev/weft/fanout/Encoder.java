package dev.weft.fanout;

/**
 * Turns a message into the bytes a connection subscriber writes. Called on the subscriber's
 * writer thread, once per message per subscriber; for a large fan-out, publish pre-encoded
 * {@code byte[]} and use {@link #BYTES} so the work is done once.
 *
 * @param <T> the message type
 */
@FunctionalInterface
public interface Encoder<T> {
  /** Writes a {@code byte[]} message as it is. */
  Encoder<byte[]> BYTES = msg -> msg;

  /** Returns the bytes of one whole message; written with a single (atomic) write. */
  byte[] encode(T msg);
}
