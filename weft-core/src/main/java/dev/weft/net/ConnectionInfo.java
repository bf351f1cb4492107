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
 *
 * <p>While a connection's thread runs (setup, handler, the {@code closed} event), the SLF4J MDC
 * holds {@link #MDC_CONN} ({@code conn-<id>}) and {@link #MDC_SERVICE}, so every log line about
 * the connection, the handler's own included, can name it. The acceptor's thread holds {@link
 * #MDC_SERVICE} alone.
 */
public record ConnectionInfo(
    long id, String service, InetSocketAddress local, InetSocketAddress remote, Instant openedAt) {

  /** MDC key of the connection's tag, {@code conn-<id>}. */
  public static final String MDC_CONN = "conn";

  /** MDC key of the service name. */
  public static final String MDC_SERVICE = "service";

  /** The connection's tag in logs, MDC and thread names: {@code conn-<id>}. */
  public String tag() {
    return "conn-" + id;
  }

  @Override
  public String toString() {
    return tag() + " " + NetException.addr(remote);
  }
}
