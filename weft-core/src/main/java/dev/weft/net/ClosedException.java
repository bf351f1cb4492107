package dev.weft.net;

import java.net.SocketAddress;

/**
 * The distinct "closed" signal, like Go's {@code net.ErrClosed}: the operation failed because
 * this side closed the connection or listener (or a server shutdown closed it). Loops catch it to
 * tell a deliberate stop from a failure.
 */
public final class ClosedException extends NetException {
  private static final long serialVersionUID = 1L;

  public ClosedException(String op, SocketAddress local, SocketAddress remote) {
    super(op, local, remote, "use of closed connection", null, false);
  }

  /** The closed signal with a more specific reason, e.g. {@code "pool closed"}. */
  public ClosedException(String op, SocketAddress local, SocketAddress remote, String detail) {
    super(op, local, remote, detail, null, false);
  }
}
