package dev.weft.proxy;

import dev.weft.net.Conn;
import java.io.IOException;
import java.util.function.Function;

/**
 * Chooses the backend group for a new connection, on the connection's own thread, before the
 * proxy connects to a backend. It may read from the client (peek), as long as the {@link Route}'s
 * connection replays what it read. Must be thread-safe.
 *
 * <p>SNI routing plugs in here: {@link #byServerName} peeks the TLS ClientHello with a {@link
 * ServerNamePeeker} (in {@code dev.weft.proxy.sni}) and maps the name to a group.
 */
@FunctionalInterface
public interface Router {
  /** Every backend, no peeking. The default. */
  Router ALL = client -> new Route(client, null);

  /**
   * Routes {@code client}.
   *
   * @throws IOException when reading from the client fails; the connection closes with {@link
   *     Termination#ROUTE_FAILED}
   */
  Route route(Conn client) throws IOException;

  /**
   * Routes by the TLS server name: {@code peeker} reads the ClientHello, and {@code groupOf} maps
   * the name (null when the client sent none) to a group (null for every backend).
   */
  static Router byServerName(ServerNamePeeker peeker, Function<String, String> groupOf) {
    return client -> {
      ServerNamePeeker.Peeked p = peeker.peek(client);
      return new Route(p.conn(), groupOf.apply(p.serverName()));
    };
  }
}
