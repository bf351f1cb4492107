package dev.weft.auth;

import dev.weft.net.Conn;
import dev.weft.net.ForwardingConn;
import dev.weft.net.Principal;
import java.util.Objects;

/**
 * A connection whose peer has authenticated: every call goes to the underlying connection except
 * {@link #principal()}. Thread-safe as the underlying connection is; the principal is immutable.
 */
public final class AuthenticatedConn extends ForwardingConn {
  private final Principal principal;

  public AuthenticatedConn(Conn delegate, Principal principal) {
    super(delegate);
    this.principal = Objects.requireNonNull(principal, "principal");
  }

  @Override
  public Principal principal() {
    return principal;
  }

  @Override
  public String toString() {
    return "AuthenticatedConn(" + principal.name() + " via " + principal.method() + ", " + delegate() + ")";
  }
}
