package dev.weft.fanout;

import dev.weft.net.CloseCause;
import dev.weft.net.Conn;
import java.io.IOException;

/**
 * Where one subscriber's messages go. Only {@link #deliver} is required.
 *
 * <p>{@link #deliver} and {@link #flush} are called on the subscriber's own writer thread, one
 * call at a time, so they may block (a socket write to a slow peer) without affecting the
 * publisher or other subscribers. {@link #close} may be called from any thread, including a
 * publisher's, while {@code deliver} is blocked: it must be quick, and it should make a blocked
 * {@code deliver} return or fail (closing the connection does that).
 *
 * @param <T> the message type
 */
@FunctionalInterface
public interface Sink<T> {

  /**
   * Delivers one message. Throwing removes the subscriber from its topic.
   *
   * @throws IOException if delivery failed; the subscriber is removed and closed with {@link
   *     CloseCause#IO_ERROR}
   */
  void deliver(T msg) throws IOException;

  /**
   * Called after a delivery that left the send queue empty, so a buffered sink sends one batch
   * per burst rather than one per message. Default: does nothing.
   */
  default void flush() throws IOException {}

  /**
   * Called once when the topic removes this subscriber against its will: {@link
   * CloseCause#SLOW_CONSUMER} when its queue overflowed under {@link OverflowPolicy#DISCONNECT},
   * {@link CloseCause#IO_ERROR} or {@link CloseCause#HANDLER_ERROR} when {@link #deliver} threw.
   * Not called on unsubscribe or topic close: the sink's owner still owns it then. Must not block.
   * Default: does nothing.
   */
  default void close(CloseCause cause) {}

  /**
   * A sink that writes each message, encoded by {@code encoder}, to {@code conn.out()} and
   * flushes when the queue runs empty. {@link #close} aborts the connection with the cause (a
   * plain {@link Conn#close()} for connections that cannot record one).
   */
  static <T> Sink<T> toConn(Conn conn, Encoder<? super T> encoder) {
    return new ConnSink<>(conn, encoder);
  }
}
