package dev.weft.proxyproto;

import dev.weft.net.ProtocolException;

/**
 * A PROXY protocol header was missing, malformed, truncated, oversized, or sent by a peer that is
 * not trusted to send one. A server closes the connection with {@link
 * dev.weft.net.CloseCause#PROTOCOL_ERROR}. The message says what was wrong and never echoes more
 * than a few bytes of the peer's input.
 */
public class ProxyProtocolException extends ProtocolException {
  private static final long serialVersionUID = 1L;

  public ProxyProtocolException(String message) {
    super(message);
  }
}
