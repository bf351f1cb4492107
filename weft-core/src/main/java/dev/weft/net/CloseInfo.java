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
   * reset}), an {@link AuthenticationException}'s message after {@code auth: } ({@code auth:
   * authentication failed}), otherwise the exception's class and message.
   */
  public String errorMessage() {
    if (error == null) {
      return null;
    }
    if (error.getMessage() == null) {
      return error.toString();
    }
    if (error instanceof AuthenticationException) {
      return "auth: " + error.getMessage(); // the class name would say no more
    }
    return error instanceof NetException ? error.getMessage() : error.toString();
  }
}
