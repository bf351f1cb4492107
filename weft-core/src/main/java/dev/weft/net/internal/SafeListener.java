package dev.weft.net.internal;

import dev.weft.net.CloseInfo;
import dev.weft.net.ConnectionInfo;
import dev.weft.net.ConnectionListener;
import dev.weft.net.RejectReason;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Forwards events and keeps a listener's exception from touching the connection or acceptor. */
public final class SafeListener implements ConnectionListener {
  private static final Logger log = LoggerFactory.getLogger(SafeListener.class);
  private final ConnectionListener delegate;

  public SafeListener(ConnectionListener delegate) {
    this.delegate = delegate;
  }

  @Override
  public void accepted(ConnectionInfo conn) {
    try {
      delegate.accepted(conn);
    } catch (RuntimeException e) {
      log.warn("connection listener failed on accepted {}", conn, e);
    }
  }

  @Override
  public void rejected(InetSocketAddress remote, RejectReason reason) {
    try {
      delegate.rejected(remote, reason);
    } catch (RuntimeException e) {
      log.warn("connection listener failed on rejected {}", reason, e);
    }
  }

  @Override
  public void closed(ConnectionInfo conn, CloseInfo close) {
    try {
      delegate.closed(conn, close);
    } catch (RuntimeException e) {
      log.warn("connection listener failed on closed {}", conn, e);
    }
  }
}
