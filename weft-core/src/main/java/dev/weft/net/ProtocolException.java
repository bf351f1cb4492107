package dev.weft.net;

import java.io.IOException;

/**
 * The peer broke the protocol: an oversized frame, garbage bytes, a frame cut short by EOF. A
 * server closes the connection with {@link CloseCause#PROTOCOL_ERROR} when a handler lets it
 * escape. Frame decoders throw it; application protocols (chat, proxy) may too.
 */
public class ProtocolException extends IOException {
  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message);
  }
}
