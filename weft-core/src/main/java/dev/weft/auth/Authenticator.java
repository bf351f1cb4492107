package dev.weft.auth;

import dev.weft.net.AuthenticationException;
import dev.weft.net.Conn;
import dev.weft.net.ConnSetup;
import dev.weft.net.Principal;
import java.io.IOException;

/**
 * Establishes who is on the other end of a new connection: reads a handshake line, checks a
 * client certificate's subject. Implementations are small; {@link AuthSetup} adds the timeout,
 * the failure back-off and lockout, the counters and the roles.
 *
 * <p>Both methods run on the connection's own virtual thread, before the handler, and may
 * block. One instance serves every connection, so implementations must be thread-safe.
 */
public interface Authenticator {
  /**
   * Authenticates the peer of {@code conn}, reading and writing on it as the protocol needs.
   * Do not write the success reply here either: {@link #accept} does, once {@link AuthSetup} has
   * checked that the address was not locked out meanwhile (by guesses on other connections).
   *
   * @return the peer's principal; its roles are merged with those configured on {@link
   *     AuthSetup}
   * @throws AuthenticationException when the peer is not who it claims; the message names the
   *     reason and never a secret. Do not write the failure reply here: {@link #refuse} does,
   *     after the back-off delay
   * @throws IOException when the connection fails or times out
   */
  Principal authenticate(Conn conn) throws IOException;

  /**
   * Tells the peer it failed, if the protocol has a failure reply ({@code ERR authentication
   * failed}). Called after a failed {@link #authenticate} and the back-off delay, and for a
   * locked-out address. Best effort: the connection closes right after. Default: writes nothing.
   */
  default void refuse(Conn conn) throws IOException {}

  /**
   * Tells the peer it is in, if the protocol has a success reply ({@code OK alice}). Called after
   * a successful {@link #authenticate}, unless the address was locked out during the exchange
   * ({@link #refuse} runs then instead), and before the handler. Default: writes nothing.
   */
  default void accept(Conn conn, Principal principal) throws IOException {}

  /** An {@link AuthSetup} with every default around this authenticator. */
  default ConnSetup asSetup() {
    return AuthSetup.builder(this).build();
  }
}
