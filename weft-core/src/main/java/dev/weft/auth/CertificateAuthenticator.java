package dev.weft.auth;

import dev.weft.net.AuthenticationException;
import dev.weft.net.Conn;
import dev.weft.net.Principal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Accepts a connection whose TLS layer verified a client certificate: its {@link
 * Conn#principal()} has method {@value #METHOD} and the certificate's subject CN as the name.
 * Optionally only the CNs on an allow list pass; roles are mapped from the name. Reads and
 * writes nothing, so it never blocks. Compose it after the TLS setup step: {@code
 * tls.then(authSetup)}.
 *
 * <p>Immutable and thread-safe.
 */
public final class CertificateAuthenticator implements Authenticator {
  /** The principal method the TLS layer sets for a verified client certificate. */
  public static final String METHOD = "mtls";

  private final Set<String> allowed;
  private final Map<String, Set<String>> roles;

  private CertificateAuthenticator(Set<String> allowed, Map<String, Set<String>> roles) {
    this.allowed = Set.copyOf(allowed);
    this.roles = Map.copyOf(roles);
  }

  /** Returns a builder that allows every verified certificate and grants no roles. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @throws AuthenticationException if no client certificate was verified, or its CN is not on
   *     the allow list
   */
  @Override
  public Principal authenticate(Conn conn) throws AuthenticationException {
    Principal tls = conn.principal();
    if (!METHOD.equals(tls.method())) {
      throw new AuthenticationException("no verified client certificate");
    }
    if (!allowed.isEmpty() && !allowed.contains(tls.name())) {
      throw new AuthenticationException("client certificate subject is not allowed");
    }
    return tls.withRoles(roles.getOrDefault(tls.name(), Set.of()));
  }

  /** Builds a {@link CertificateAuthenticator}. Not thread-safe. */
  public static final class Builder {
    private final Set<String> allowed = new HashSet<>();
    private final Map<String, Set<String>> roles = new HashMap<>();

    Builder() {}

    /** Allows the CN {@code name}. With no call, every verified certificate is allowed. */
    public Builder allow(String name) {
      allowed.add(name);
      return this;
    }

    /** Grants {@code roles} to the CN {@code name}. */
    public Builder roles(String name, Set<String> roles) {
      this.roles.put(name, Set.copyOf(roles));
      return this;
    }

    public CertificateAuthenticator build() {
      return new CertificateAuthenticator(allowed, roles);
    }
  }
}
