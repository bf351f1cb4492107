package dev.weft.cli;

import dev.weft.auth.AuthSetup;
import dev.weft.auth.Authenticator;
import dev.weft.auth.CertificateAuthenticator;
import dev.weft.auth.Lockout;
import dev.weft.auth.LockoutPolicy;
import dev.weft.auth.PasswordHash;
import dev.weft.auth.TokenAuthenticator;
import dev.weft.net.DurationFormat;
import dev.weft.net.ServerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Validates an {@code auth:} block and builds its {@link AuthSetup}, then adds it to a {@link
 * ServerConfig}. Problems go to a callback as (path, detail), like every other config error. A
 * password hash is never part of a message. Stateless.
 */
final class AuthConfigs {
  /** The values of {@code auth.method}. */
  static final List<String> METHODS = List.of("token", "mtls");

  private AuthConfigs() {}

  /**
   * @param path the block's path, e.g. {@code services[0].auth}
   * @param running the lockout of the running service on a reload (its state carries over), or null
   * @return the setup step, or null if the block has problems (all reported)
   */
  static AuthSetup build(String path, AuthSettings auth, Lockout running, BiConsumer<String, String> problem) {
    int[] count = {0};
    BiConsumer<String, String> p = (key, detail) -> {
      count[0]++;
      problem.accept(path + "." + key, detail);
    };
    Map<String, AuthSettings.UserSettings> users = auth.users() == null ? Map.of() : auth.users();
    Authenticator authenticator = null;
    if (auth.method() == null) {
      p.accept("method", "missing required key 'method'; expected one of: " + String.join(", ", METHODS));
    } else if (auth.method().equals("token")) {
      authenticator = tokens(users, p);
    } else if (auth.method().equals("mtls")) {
      authenticator = certificates(users, p);
    } else {
      p.accept("method", "unknown method '" + auth.method() + "'; expected one of: " + String.join(", ", METHODS));
    }
    Duration timeout = auth.timeout() != null ? auth.timeout() : AuthSetup.DEFAULT_TIMEOUT;
    if (timeout.isNegative()) {
      p.accept("timeout", "must be >= 0, got " + DurationFormat.format(timeout));
    }
    LockoutPolicy policy = policy(auth.lockout(), p);
    if (count[0] > 0) {
      return null;
    }
    Lockout lockout = running == null ? new Lockout(policy) : running.withPolicy(policy);
    AuthSetup.Builder b = AuthSetup.builder(authenticator).timeout(timeout).lockout(lockout);
    return b.build();
  }

  /**
   * Reports {@code method: mtls} on a service whose TLS does not require a client certificate:
   * every connection without one would fail authentication, and its address would soon be locked
   * out.
   *
   * @param path the service's path, e.g. {@code services[0]}
   */
  static void checkMtls(String path, AuthSettings auth, TlsSettings tls, BiConsumer<String, String> problem) {
    if (auth == null || !"mtls".equals(auth.method())) {
      return;
    }
    if (tls == null) {
      problem.accept(path + ".auth.method", "mtls needs a tls: block with ca and client-auth: require");
    } else if (tls.clientAuth() == null || tls.clientAuth().equalsIgnoreCase("none")) {
      problem.accept(path + ".auth.method", "mtls needs client certificates: set tls.ca and tls.client-auth: require");
    } else if (tls.clientAuth().equalsIgnoreCase("optional")) {
      problem.accept(path + ".auth.method", "mtls needs tls.client-auth: require, not optional: a client without"
          + " a certificate would only fail authentication and count towards the lockout");
    }
  }

  /** {@code config} with {@code auth} after its setup and its lockout beside its admission check. */
  static ServerConfig apply(ServerConfig c, AuthSetup auth) {
    return c.withAdmission(c.admission().and(auth.lockout().admission()))
        .withSetup(c.setup().then(auth));
  }

  private static Authenticator tokens(
      Map<String, AuthSettings.UserSettings> users, BiConsumer<String, String> p) {
    if (users.isEmpty()) {
      p.accept("users", "method token needs at least one user");
      return null;
    }
    TokenAuthenticator.Builder b = TokenAuthenticator.builder();
    users.forEach((name, u) -> {
      String key = "users." + name;
      if (u == null || u.hash() == null) {
        p.accept(key, "missing required key 'hash'; make one with: weft passwd");
        return;
      }
      try {
        b.user(name, u.hash(), roles(u));
      } catch (IllegalArgumentException e) {
        // PasswordHash messages describe the shape only; TokenAuthenticator's name the user.
        boolean hash = e.getMessage() != null && e.getMessage().startsWith("malformed password hash");
        p.accept(hash ? key + ".hash" : key, e.getMessage() + (hash ? "; make one with: weft passwd" : ""));
      }
    });
    return b.build();
  }

  private static Authenticator certificates(
      Map<String, AuthSettings.UserSettings> users, BiConsumer<String, String> p) {
    CertificateAuthenticator.Builder b = CertificateAuthenticator.builder();
    users.forEach((name, u) -> {
      if (u != null && u.hash() != null) {
        p.accept("users." + name + ".hash", "not used with method mtls; remove it");
      }
      b.allow(name).roles(name, u == null ? Set.of() : roles(u));
    });
    return b.build();
  }

  private static Set<String> roles(AuthSettings.UserSettings u) {
    return u.roles() == null ? Set.of() : Set.copyOf(u.roles());
  }

  private static LockoutPolicy policy(AuthSettings.LockoutSettings l, BiConsumer<String, String> p) {
    LockoutPolicy.Builder b = LockoutPolicy.builder();
    if (l == null) {
      return b.build();
    }
    if (l.failures() != null) {
      positive(p, "lockout.failures", l.failures());
      b.maxFailures(l.failures());
    }
    if (l.window() != null) {
      positive(p, "lockout.window", l.window());
      b.window(l.window());
    }
    if (l.duration() != null) {
      positive(p, "lockout.duration", l.duration());
      b.duration(l.duration());
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      return null; // already reported above, key by key
    }
  }

  private static void positive(BiConsumer<String, String> p, String key, int value) {
    if (value <= 0) {
      p.accept(key, "must be > 0, got " + value);
    }
  }

  private static void positive(BiConsumer<String, String> p, String key, Duration value) {
    if (value.isNegative() || value.isZero()) {
      p.accept(key, "must be > 0, got " + DurationFormat.format(value));
    }
  }
}
