package dev.weft.net;

import java.util.Objects;
import java.util.Set;

/**
 * Who is on the other end of a connection, once a {@link ConnSetup} (mTLS, a token handshake)
 * has established it, and the roles configured for them. Immutable.
 *
 * @param name the identity, e.g. a certificate subject CN or a user name
 * @param roles roles granted by configuration, e.g. {@code admin}
 * @param method how it was established, e.g. {@code mtls}, {@code token}, {@code none}
 */
public record Principal(String name, Set<String> roles, String method) {
  /** Nobody in particular: the principal of every connection that was not authenticated. */
  public static final Principal ANONYMOUS = new Principal("anonymous", Set.of(), "none");

  public Principal {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(method, "method");
    roles = Set.copyOf(roles);
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /** True unless this is {@link #ANONYMOUS}. */
  public boolean isAuthenticated() {
    return this != ANONYMOUS && !"none".equals(method);
  }

  /** Same identity with {@code more} roles added. */
  public Principal withRoles(Set<String> more) {
    var all = new java.util.HashSet<>(roles);
    all.addAll(more);
    return new Principal(name, all, method);
  }
}
