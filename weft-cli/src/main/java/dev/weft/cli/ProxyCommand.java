package dev.weft.cli;

import dev.weft.net.ServerConfig;
import dev.weft.proxy.Balance;
import dev.weft.proxy.BackendConfig;
import dev.weft.proxy.HealthCheck;
import dev.weft.proxy.Proxy;
import dev.weft.proxy.ProxyConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code weft proxy}: a TCP load balancer without a config file, the same engine as a {@code
 * type: proxy} service. Prints {@code proxy listening on HOST:PORT} once bound.
 */
@Command(
    name = "proxy",
    description = "Run an L4 proxy / load balancer until SIGINT or SIGTERM.",
    footer = {"", "Example: weft proxy --listen 127.0.0.1:6380 --backend 127.0.0.1:6379 --backend 127.0.0.1:6479 --balance leastconn --health-interval 2s"})
final class ProxyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      required = true,
      converter = Converters.AddressConverter.class,
      description = "Where to listen; port 0 picks a free port.")
  InetSocketAddress listen;

  @Option(
      names = "--backend",
      paramLabel = "HOST:PORT",
      required = true,
      converter = Converters.AddressConverter.class,
      description = "A backend (repeatable).")
  List<InetSocketAddress> backends = new ArrayList<>();

  @Option(names = "--balance", paramLabel = "ALGORITHM", defaultValue = "roundrobin",
      description = "roundrobin, weighted-roundrobin, leastconn, random-two or source-hash. Default: ${DEFAULT-VALUE}")
  String balance;

  @Option(names = "--health-interval", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
      description = "Check each backend with a TCP connect this often (fall 3, rise 2). Default: no active check")
  Duration healthInterval;

  @Option(names = "--retries", paramLabel = "N", description = "Other backends to try after a connect failure. Default: 2")
  Integer retries;

  @Option(names = "--connect-timeout", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
      description = "Limit for one backend connect. Default: 5s")
  Duration connectTimeout;

  @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
      description = "Close connections with no byte either way this long; 0 disables. Default: 1h")
  Duration idleTimeout;

  @Option(names = "--max-connections", paramLabel = "N", description = "Client connections at once. Default: 10000")
  Integer maxConnections;

  @Option(names = "--name", paramLabel = "NAME", defaultValue = "proxy", description = "Service name in output and logs. Default: ${DEFAULT-VALUE}")
  String name;

  @Option(names = "--no-log-connections", negatable = false, description = "Do not log a line per ended connection.")
  boolean quiet;

  @Option(names = "--shutdown-timeout", paramLabel = "DURATION", defaultValue = "30s", converter = Converters.DurationConverter.class,
      description = "How long shutdown waits for connections. Default: ${DEFAULT-VALUE}")
  Duration shutdownTimeout;

  @Mixin AdminOption admin;

  @Override
  public Integer call() {
    ProxyConfig config = config();
    PrintWriter err = spec.commandLine().getErr();
    RunningServers running = new RunningServers(shutdownTimeout, spec.commandLine().getOut());
    AdminEndpoint endpoint = null;
    try {
      endpoint = admin.start(new ServePlan.Service("proxy", config.server(), config), spec.commandLine().getOut());
      Proxy proxy = running.start(endpoint == null ? config : LiveService.withServer(config, endpoint.instrument(config.server())));
      if (endpoint != null) {
        endpoint.attach(proxy);
      }
      return running.awaitStop();
    } catch (IOException e) {
      err.println("weft proxy: " + e.getMessage());
      err.flush();
      running.stop();
      return Main.FAILURE;
    } finally {
      if (endpoint != null) {
        endpoint.close(); // after the drain, so /readyz answers 503 throughout it
      }
    }
  }

  /** Validates through weft-proxy's config types; a rejected value is a usage error. */
  private ProxyConfig config() {
    try {
      ServerConfig.Builder server = ServerConfig.builder().name(name).listen(listen).drainTimeout(shutdownTimeout);
      if (maxConnections != null) {
        server.maxConnections(maxConnections);
      }
      ProxyConfig.Builder b = ProxyConfig.builder().server(server.build()).balance(Balance.parse(balance)).logConnections(!quiet);
      backends.forEach(a -> b.backend(BackendConfig.of(a)));
      if (healthInterval != null) {
        b.healthCheck(HealthCheck.builder().type(HealthCheck.Type.TCP).interval(healthInterval).build());
      }
      if (retries != null) {
        b.retries(retries);
      }
      if (connectTimeout != null) {
        b.connectTimeout(connectTimeout);
      }
      if (idleTimeout != null) {
        b.idleTimeout(idleTimeout);
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "Invalid option: " + e.getMessage());
    }
  }
}
