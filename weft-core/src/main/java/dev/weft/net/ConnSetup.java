package dev.weft.net;

import java.io.IOException;

/**
 * A step that runs on a new connection's own virtual thread before the handler: a TLS
 * handshake, an authentication exchange. It returns the {@link Conn} the next step (and finally
 * the handler) gets, usually a decorator of the one it was given. A step never blocks the
 * acceptor.
 *
 * <p>If a step throws, the connection closes without running the handler, with cause {@link
 * CloseCause#AUTH_FAILED} for an {@link AuthenticationException}, {@link
 * CloseCause#PROTOCOL_ERROR} for a {@link ProtocolException} (a bad PROXY header), the timeout's cause if a
 * deadline closed it, and {@link CloseCause#HANDSHAKE_FAILED} otherwise.
 */
@FunctionalInterface
public interface ConnSetup {
  /** No setup: the handler gets the raw connection. */
  ConnSetup NONE = conn -> conn;

  Conn setUp(Conn conn) throws IOException;

  /**
   * This step, then {@code next} on the connection this step returns. If {@code next} fails, the
   * connection this step made is closed before the failure goes on, so a decorator says goodbye
   * its own way (TLS sends close_notify and gives its buffers back).
   */
  default ConnSetup then(ConnSetup next) {
    return conn -> {
      Conn made = setUp(conn);
      try {
        return next.setUp(made);
      } catch (Throwable t) {
        if (made != conn) {
          made.close();
        }
        throw t;
      }
    };
  }
}
