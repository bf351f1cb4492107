package dev.weft.net;

import java.time.Duration;

/**
 * How a connection ended.
 *
 * @param cause why it closed
 * @param error the exception behind the close, or null for a clean close
 * @param bytesIn bytes read from the peer
 * @param bytesOut bytes written to the peer
 * @param duration how long it was open
 */
public record CloseInfo(
    CloseCause cause, Throwable error, long bytesIn, long bytesOut, Duration duration) {

  /**
   * The error in one line for logs and events, or null for a clean close: a {@link
   * NetException}'s Go-style message ({@code read tcp 127.0.0.1:7007->127.0.0.1:51514: connection
   * reset}), otherwise the exception's class and message.
   */
  public String errorMessage() {
    if (error == null) {
      return null;
    }
    return error instanceof NetException && error.getMessage() != null ? error.getMessage() : error.toString();
  }
}
