package dev.weft.net;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * Identity of one accepted connection, passed with every event about it.
 *
 * @param id process-unique connection id, also in the thread name {@code conn-<id> <remote>}
 * @param service the server's name (config {@code name}); "weft" by default
 * @param local the local (listening side) address
 * @param remote the peer address
 * @param openedAt when it was accepted
 */
public record ConnectionInfo(
    long id, String service, InetSocketAddress local, InetSocketAddress remote, Instant openedAt) {

  @Override
  public String toString() {
    return "conn-" + id + " " + NetException.addr(remote);
  }
}
