package dev.weft.cli;

import dev.weft.net.ServerConfig;
import java.time.Duration;
import java.util.List;

/**
 * A validated {@code weft serve} config: what to start, ready for {@link dev.weft.net.Server}.
 *
 * @param source where the config came from, for messages
 * @param shutdownTimeout the drain deadline for a graceful shutdown
 * @param services the services, in file order
 */
public record ServePlan(String source, Duration shutdownTimeout, List<Service> services) {

  public ServePlan {
    services = List.copyOf(services);
  }

  /**
   * One service to start.
   *
   * @param type one of {@link Services#TYPES}
   * @param config the server settings, validated by {@link ServerConfig}'s constructor
   * @param proxy for {@code type: proxy}, the proxy settings (with {@code config} as their
   *     listener); null for other types
   */
  public record Service(String type, ServerConfig config, dev.weft.proxy.ProxyConfig proxy) {
    /** A service that is not a proxy. */
    public Service(String type, ServerConfig config) {
      this(type, config, null);
    }
  }
}
