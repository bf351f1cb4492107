package dev.weft.net;

import java.net.InetSocketAddress;

/**
 * Receives paired connection events: every {@link #accepted} is followed by exactly one {@link
 * #closed}; a {@link #rejected} connection never gets either. Metrics, the status page and tests
 * consume these instead of scraping logs.
 *
 * <p>Callbacks run on the connection's own thread (or the acceptor for {@code rejected}), so they
 * must be quick and must not block. Any thread may call them concurrently. An exception thrown
 * by a callback is logged and ignored.
 */
public interface ConnectionListener {
  /** The null object: ignores every event. */
  ConnectionListener NONE = new ConnectionListener() {};

  /** A connection was admitted; its handler is about to run. */
  default void accepted(ConnectionInfo conn) {}

  /** A connection was accepted at the socket level and closed at once, for {@code reason}. */
  default void rejected(InetSocketAddress remote, RejectReason reason) {}

  /** An admitted connection closed. */
  default void closed(ConnectionInfo conn, CloseInfo close) {}

  /** Returns a listener that forwards every event to each of {@code listeners} in order. */
  static ConnectionListener all(ConnectionListener... listeners) {
    ConnectionListener[] copy = listeners.clone();
    return new ConnectionListener() {
      @Override
      public void accepted(ConnectionInfo conn) {
        for (ConnectionListener l : copy) {
          l.accepted(conn);
        }
      }

      @Override
      public void rejected(InetSocketAddress remote, RejectReason reason) {
        for (ConnectionListener l : copy) {
          l.rejected(remote, reason);
        }
      }

      @Override
      public void closed(ConnectionInfo conn, CloseInfo close) {
        for (ConnectionListener l : copy) {
          l.closed(conn, close);
        }
      }
    };
  }
}
