package dev.weft.proxy.sni;

import java.util.List;

/**
 * What a peek at a TLS ClientHello found, and the bytes it read to find it.
 *
 * @param serverName the {@code server_name} (SNI) host name, lower-cased; null when the client
 *     sent none (a bare IP, an old client)
 * @param alpn the protocols the client offers (ALPN), in its order; empty when absent
 * @param peeked every byte read, whole TLS records, to replay to the backend unchanged
 */
public record ClientHello(String serverName, List<String> alpn, byte[] peeked) {
  public ClientHello {
    alpn = List.copyOf(alpn);
    peeked = peeked.clone();
  }

  /** A copy of the bytes read. */
  @Override
  public byte[] peeked() {
    return peeked.clone();
  }
}
