package dev.weft.net;

import java.io.IOException;

/**
 * A peer failed to authenticate. A server closes the connection with {@link
 * CloseCause#AUTH_FAILED}. The message must never contain a secret (password, token).
 */
public class AuthenticationException extends IOException {
  private static final long serialVersionUID = 1L;

  public AuthenticationException(String message) {
    super(message);
  }
}
