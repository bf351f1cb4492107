package dev.weft.proxy;

import dev.weft.net.Conn;

/**
 * Writes the PROXY protocol header that opens a backend connection, for backends configured with
 * {@link BackendConfig#sendProxy()} other than {@link SendProxy#NONE}. The proxy calls it once per
 * backend connection, before any client byte, and sends the bytes it returns.
 *
 * <p>This is the hook for {@code dev.weft.proxyproto}: the implementation there encodes v1 and v2
 * (with TLVs). The client connection is passed whole, so an implementation can take the source
 * from {@link Conn#remoteAddress()} (which a trusted PROXY header on the listener may already have
 * rewritten) and TLVs from what it knows about the connection (TLS, SNI, principal). Must be
 * thread-safe.
 */
@FunctionalInterface
public interface ProxyHeaderEmitter {
  /** No emitter configured: a backend with a PROXY header setting makes the config invalid. */
  ProxyHeaderEmitter NONE =
      (version, client) -> {
        throw new IllegalStateException("no PROXY protocol emitter configured");
      };

  /**
   * The header bytes for {@code client}'s connection.
   *
   * @param version {@link SendProxy#V1} or {@link SendProxy#V2}
   * @param client the client's connection, as the handler sees it (after any listener setup)
   */
  byte[] header(SendProxy version, Conn client);
}
