package dev.weft.proxy.sni;

import dev.weft.net.ProtocolException;

/**
 * The client's first bytes are not a well-formed TLS ClientHello within the size bound: not TLS
 * at all, a malformed record or extension, truncated by EOF, or larger than allowed. A server
 * closes the connection with {@link dev.weft.net.CloseCause#PROTOCOL_ERROR}.
 */
public class TlsPeekException extends ProtocolException {
  private static final long serialVersionUID = 1L;

  public TlsPeekException(String message) {
    super(message);
  }
}
