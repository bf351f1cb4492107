package dev.weft.net;

import java.io.IOException;

/**
 * A peer exceeded a limit (message rate, buffered bytes). A server closes the connection with
 * {@link CloseCause#LIMIT}.
 */
public class LimitExceededException extends IOException {
  private static final long serialVersionUID = 1L;

  public LimitExceededException(String message) {
    super(message);
  }
}
