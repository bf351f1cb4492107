package dev.weft.proxyproto;

import dev.weft.net.NetException;
import dev.weft.net.RejectReason;
import java.net.InetSocketAddress;

/**
 * The client named by a PROXY header was refused by the server's admission check (an access
 * list, a rate limit, a lockout), exactly as it would have been refused had it connected
 * directly. The connection closes before the handler runs; {@link #reason()} says why.
 */
public final class ClientRejectedException extends NetException {
  private static final long serialVersionUID = 1L;

  private final RejectReason reason;

  public ClientRejectedException(InetSocketAddress local, InetSocketAddress client, RejectReason reason) {
    super("accept", local, client, "client behind proxy rejected: " + reason, null, false);
    this.reason = reason;
  }

  /** Why the client was refused. */
  public RejectReason reason() {
    return reason;
  }
}
