package dev.weft.admin;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where the admin endpoint listens, and its bearer token.
 *
 * <p>Security rule: only 127.0.0.1 and ::1 may be served without a token. On any other address
 * (127.0.0.2 included) a token is required; when none is configured, {@link AdminServer#start}
 * generates one, and the caller prints it once. A configured token is always enforced.
 *
 * @param listen the address to bind. Default: {@code 127.0.0.1:9090}
 * @param token the bearer token, or null for none; at least {@value #MIN_TOKEN_LENGTH} characters
 */
public record AdminConfig(InetSocketAddress listen, String token) {
  /** The default port. */
  public static final int DEFAULT_PORT = 9090;
  /** The shortest token accepted: 16 characters. */
  public static final int MIN_TOKEN_LENGTH = 16;

  /** Validates: a listen address, and a token that is long enough when given. */
  public AdminConfig {
    Objects.requireNonNull(listen, "listen");
    if (token != null && token.length() < MIN_TOKEN_LENGTH) {
      throw new IllegalArgumentException(
          "token must be at least " + MIN_TOKEN_LENGTH + " characters, got " + token.length());
    }
    if (token != null && token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
      throw new IllegalArgumentException("token must be printable ASCII without spaces");
    }
  }

  /** {@code 127.0.0.1:9090}, no token. */
  public static AdminConfig defaults() {
    return new AdminConfig(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), DEFAULT_PORT), null);
  }

  /** True when this address may only be served with a token: anything but 127.0.0.1 or ::1. */
  public boolean requiresToken() {
    InetAddress a = listen.getAddress();
    if (a == null) {
      return true;
    }
    String ip = a.getHostAddress();
    return !(ip.equals("127.0.0.1") || ip.equals("0:0:0:0:0:0:0:1"));
  }
}
