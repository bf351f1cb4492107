package dev.weft.cli;

import dev.weft.admin.AdminConfig;
import dev.weft.access.AccessControl;
import dev.weft.access.AccessRules;
import dev.weft.net.ServerConfig;
import java.time.Duration;
import java.util.List;

/**
 * A validated {@code weft serve} config: what to start, ready for {@link dev.weft.net.Server}.
 *
 * @param source where the config came from, for messages
 * @param shutdownTimeout the drain deadline for a graceful shutdown
 * @param services the services, in file order
 * @param logging the validated {@code logging:} block; {@link LoggingSettings#DEFAULTS} if absent
 * @param admin the admin endpoint, or null when the config has no {@code admin:} block
 */
public record ServePlan(
    String source, Duration shutdownTimeout, List<Service> services, LoggingSettings logging, AdminConfig admin) {

  public ServePlan {
    services = List.copyOf(services);
    java.util.Objects.requireNonNull(logging, "logging");
  }

  /**
   * One service to start.
   *
   * @param type one of {@link Services#TYPES}
   * @param config the server settings, validated by {@link ServerConfig}'s constructor
   * @param proxy for {@code type: proxy}, the proxy settings (with {@code config} as their
   *     listener); null for other types
   * @param access the access control inside {@code config}'s admission check, which a reload
   *     updates in place; null when built without one
   * @param rules the access rules this plan wants {@code access} to enforce (a reload's plan may
   *     reuse a running control that still has the old ones until the plan is applied)
   * @param tls whether the service serves TLS (shown on the status page)
   * @param lockout the auth lockout inside {@code config}, which a reload carries over (so an IP
   *     locked out stays locked out); null without {@code auth}
   */
  public record Service(
      String type,
      ServerConfig config,
      dev.weft.proxy.ProxyConfig proxy,
      AccessControl access,
      AccessRules rules,
      boolean tls,
      dev.weft.auth.Lockout lockout) {
    /** A service that is not a proxy. */
    public Service(String type, ServerConfig config) {
      this(type, config, null);
    }

    /** A service without a reloadable access control. */
    public Service(String type, ServerConfig config, dev.weft.proxy.ProxyConfig proxy) {
      this(type, config, proxy, null, AccessRules.ALLOW_ALL, false, null);
    }

    /** The same service, its server config replaced (instrumented for the admin endpoint). */
    public Service withConfig(ServerConfig c) {
      return new Service(type, c, proxy, access, rules, tls, lockout);
    }

    /** The service's name, from its config. */
    public String name() {
      return config.name();
    }
  }
}
