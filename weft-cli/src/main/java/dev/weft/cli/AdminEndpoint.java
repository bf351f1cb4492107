package dev.weft.cli;

import dev.weft.admin.AdminConfig;
import dev.weft.admin.AdminServer;
import dev.weft.admin.Monitor;
import dev.weft.admin.ServiceMonitor;
import dev.weft.net.ConnectionListener;
import dev.weft.net.NetException;
import dev.weft.net.Server;
import dev.weft.net.ServerConfig;
import dev.weft.proxy.Proxy;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin endpoint of one {@code weft serve} run: declares every service to a {@link Monitor}
 * before any starts (so {@code /readyz} waits for all), adds its listener to each service's
 * config, and learns each started server. Prints {@code admin listening on HOST:PORT} and, when
 * the token was generated, the token, once.
 */
final class AdminEndpoint implements AutoCloseable {
  private final Monitor monitor;
  private final AdminServer server;
  private final Map<String, ServiceMonitor> services = new HashMap<>();

  private AdminEndpoint(Monitor monitor, AdminServer server) {
    this.monitor = monitor;
    this.server = server;
  }

  static AdminEndpoint start(AdminConfig config, List<ServePlan.Service> plan, PrintWriter out)
      throws NetException {
    Monitor monitor = new Monitor(Version.get());
    AdminServer server;
    try {
      server = AdminServer.start(config, monitor);
    } catch (NetException e) {
      monitor.close();
      throw e;
    }
    AdminEndpoint admin = new AdminEndpoint(monitor, server);
    for (ServePlan.Service s : plan) {
      admin.services.put(s.config().name(), monitor.service(s.config().name(), s.type(), s.tls()));
    }
    String at = NetException.addr(server.address());
    out.println("admin listening on " + at + " (status page: http://" + at + "/)");
    if (server.tokenGenerated()) {
      out.println("admin token (generated; shown once): " + server.token());
    }
    out.flush();
    return admin;
  }

  /** {@code config} with this endpoint's metrics listener added to its own. */
  ServerConfig instrument(ServerConfig config) {
    ServiceMonitor m = services.get(config.name());
    return config.withListener(ConnectionListener.all(config.listener(), m.listener()));
  }

  /** Declares {@code s} if it is new (a service a reload added). */
  void declare(ServePlan.Service s) {
    services.computeIfAbsent(s.name(), name -> monitor.service(name, s.type(), s.tls()));
  }

  /** Forgets a service a reload removed: its card and its meters go. */
  void forget(String name) {
    if (services.remove(name) != null) {
      monitor.remove(name);
    }
  }

  /**
   * Tells the status page and readiness that {@code service} is listening; a proxy also gets its
   * backend metrics, status and drain API. A reload reconfigures that same proxy object, so the
   * backend meters follow it (added and removed backends) without another attach.
   */
  void attach(LiveService service) {
    if (service.proxy() != null) {
      attach(service.proxy());
    } else {
      attach(service.server());
    }
  }

  /** Tells the status page and readiness that {@code server} is listening. */
  void attach(Server server) {
    services.get(server.config().name()).attach(server);
  }

  /** As {@link #attach(Server)}, for a proxy: adds its backend metrics, status and drain API. */
  void attach(Proxy proxy) {
    services.get(proxy.server().config().name()).attach(proxy);
  }

  @Override
  public void close() {
    server.close();
    monitor.close();
  }
}
