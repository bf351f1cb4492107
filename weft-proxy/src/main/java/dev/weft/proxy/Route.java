package dev.weft.proxy;

import dev.weft.net.Conn;
import java.util.Objects;

/**
 * Where a {@link Router} sends a connection.
 *
 * @param conn the connection to proxy: the client connection, or one that replays bytes the
 *     router peeked (a TLS ClientHello)
 * @param group the backend group to balance over, or null for every backend
 */
public record Route(Conn conn, String group) {
  public Route {
    Objects.requireNonNull(conn, "conn");
  }
}
