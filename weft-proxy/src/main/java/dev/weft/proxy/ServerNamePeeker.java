package dev.weft.proxy;

import dev.weft.net.Conn;
import java.io.IOException;

/**
 * Reads the server name from a TLS ClientHello without terminating TLS. The hook for SNI
 * routing ({@link Router#byServerName}); the implementation lives in {@code dev.weft.proxy.sni}.
 * Must be thread-safe.
 */
@FunctionalInterface
public interface ServerNamePeeker {
  /**
   * What a peek found.
   *
   * @param conn a connection that replays the peeked bytes, then reads on from the client
   * @param serverName the SNI host name, or null when there was none
   */
  record Peeked(Conn conn, String serverName) {}

  /** Peeks at {@code client}; bounded in size and time by the implementation. */
  Peeked peek(Conn client) throws IOException;
}
