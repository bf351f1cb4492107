package dev.weft.cli;

import dev.weft.access.AccessControl;
import dev.weft.access.AccessRules;
import dev.weft.access.CidrList;
import dev.weft.net.ConnSetup;
import dev.weft.net.NetException;
import dev.weft.net.Server;
import dev.weft.net.ServerConfig;
import dev.weft.tls.ClientAuth;
import java.io.IOException;
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
 * {@code weft echo}: one echo server until SIGINT or SIGTERM. Prints {@code echo listening on
 * HOST:PORT} once bound (with the real port for {@code --listen 127.0.0.1:0}).
 */
@Command(name = "echo", description = "Run one echo server until SIGINT or SIGTERM.")
final class EchoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:7007",
      converter = Converters.AddressConverter.class,
      description = "Where to listen; port 0 picks a free port. Default: ${DEFAULT-VALUE}")
  InetSocketAddress listen;

  @Option(names = "--name", paramLabel = "NAME", defaultValue = "echo", description = "Service name in output and logs. Default: ${DEFAULT-VALUE}")
  String name;

  @Option(names = "--max-connections", paramLabel = "N", description = "Connections served at once. Default: 10000")
  Integer maxConnections;

  @Option(
      names = "--idle-timeout",
      paramLabel = "DURATION",
      converter = Converters.DurationConverter.class,
      description = "Close connections silent this long; 0 disables. Default: 5m")
  Duration idleTimeout;

  @Option(
      names = "--shutdown-timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = Converters.DurationConverter.class,
      description = "How long shutdown waits for connections. Default: ${DEFAULT-VALUE}")
  Duration shutdownTimeout;

  @Option(names = "--allow", paramLabel = "CIDR", description = "Admit only these networks (repeatable). Default: everyone")
  List<String> allow = new ArrayList<>();

  @Option(names = "--deny", paramLabel = "CIDR", description = "Refuse these networks (repeatable); deny beats allow")
  List<String> deny = new ArrayList<>();
  @Option(
      names = "--access-log",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "One log line per closed connection (logger weft.access). Default: on; --no-access-log turns it off")
  boolean accessLog;

  @Mixin TlsOptions tls;

  @Mixin AdminOption admin;

  @Option(
      names = "--client-auth",
      paramLabel = "none|optional|require",
      defaultValue = "none",
      converter = TlsOptions.ClientAuthConverter.class,
      description = "With --tls: ask for client certificates verified by --ca. Default: ${DEFAULT-VALUE}")
  ClientAuth clientAuth;

  @Override
  public Integer call() {
    ServerConfig config;
    try {
      config = config(tls.tls ? tlsSetup() : ConnSetup.NONE);
    } catch (IOException e) {
      spec.commandLine().getErr().println("weft echo: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return Main.FAILURE;
    }
    RunningServers running = new RunningServers(shutdownTimeout, spec.commandLine().getOut());
    AdminEndpoint endpoint = null;
    try {
      endpoint = admin.start(new ServePlan.Service("echo", config, null, null, AccessRules.ALLOW_ALL, tls.tls, null),
          spec.commandLine().getOut());
      Server server = running.start(endpoint == null ? config : endpoint.instrument(config), Services.handler("echo"));
      if (endpoint != null) {
        endpoint.attach(server);
      }
      return running.awaitStop();
    } catch (NetException e) {
      spec.commandLine().getErr().println("weft echo: " + e.getMessage());
      spec.commandLine().getErr().flush();
      running.stop();
      return Main.FAILURE;
    } finally {
      if (endpoint != null) {
        endpoint.close(); // after the drain, so /readyz answers 503 throughout it
      }
    }
  }

  /** The TLS handshake step; reads the certificate files now. */
  private ConnSetup tlsSetup() throws IOException {
    if (tls.cert == null) {
      throw new ParameterException(spec.commandLine(), "--tls needs --cert and --key");
    }
    if (clientAuth != ClientAuth.NONE && tls.ca == null) {
      throw new ParameterException(spec.commandLine(), "--client-auth " + clientAuth.name().toLowerCase(java.util.Locale.ROOT) + " needs --ca FILE");
    }
    try {
      return tls.builder(spec).clientAuth(clientAuth).build().serverSetup();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "Invalid option: " + e.getMessage());
    }
  }

  /** Validates through {@link ServerConfig}; a rejected value is a usage error. */
  private ServerConfig config(ConnSetup setup) {
    if (!tls.tls) {
      tls.builder(spec); // rejects --cert and friends without --tls
      if (clientAuth != ClientAuth.NONE) {
        throw new ParameterException(spec.commandLine(), "--client-auth needs --tls");
      }
    }
    ServerConfig.Builder b = ServerConfig.builder().name(name).listen(listen).drainTimeout(shutdownTimeout).setup(setup);
    if (maxConnections != null) {
      b.maxConnections(maxConnections);
    }
    if (idleTimeout != null) {
      b.idleTimeout(idleTimeout);
    }
    if (accessLog) {
      b.listener(new dev.weft.net.AccessLog());
    }
    if (!allow.isEmpty() || !deny.isEmpty()) {
      b.admission(new AccessControl(AccessRules.builder()
          .allow(cidrs("--allow", allow))
          .deny(cidrs("--deny", deny))
          .build()));
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "Invalid option: " + e.getMessage());
    }
  }

  private CidrList cidrs(String option, List<String> entries) {
    try {
      return CidrList.parse(entries);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
    }
  }
}
