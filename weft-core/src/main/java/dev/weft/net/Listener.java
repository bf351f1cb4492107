package dev.weft.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A stream listener, in the style of Go's {@code net.Listener}. {@link #accept()} may be called
 * by one thread at a time; {@link #close()} from any thread. Closing a listener leaves the
 * connections it accepted open.
 */
public interface Listener extends Closeable {

  /**
   * Blocks until a connection arrives.
   *
   * @throws ClosedException once the listener is closed (also for a pending accept)
   * @throws NetException for other failures (for example too many open files)
   */
  Conn accept() throws IOException;

  /** The bound address, with the real port when the listener was bound to port 0. */
  InetSocketAddress address();

  /** Stops listening. Idempotent; unblocks a pending {@link #accept()}. */
  @Override
  void close();
}
