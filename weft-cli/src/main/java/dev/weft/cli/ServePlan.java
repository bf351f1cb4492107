package dev.weft.cli;

import dev.weft.admin.AdminConfig;
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
   * @param tls whether the service serves TLS (shown on the status page)
   */
  public record Service(String type, ServerConfig config, boolean tls) {}
}
