package dev.weft.cli;

import dev.weft.net.AdmissionCheck;
import dev.weft.net.ConnSetup;
import dev.weft.net.Server;
import dev.weft.net.ServerConfig;
import dev.weft.proxy.Proxy;
import dev.weft.proxy.ProxyConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One running service of {@code weft serve}, and what a reload may change in it without a
 * restart. Its server's admission check and setup chain read through references that {@link
 * #apply} swaps, so access rules, TLS certificates, auth and PROXY protocol settings change for
 * connections accepted afterwards; established connections keep what they started with. A proxy
 * also gets its new backends, balancing and health checks through {@link Proxy#reconfigure},
 * which keeps connections and health state. Listener settings (address, limits, timeouts, socket
 * options) need a restart. Used by the one reload thread.
 */
final class LiveService {
  private final AtomicReference<AdmissionCheck> admission;
  private final AtomicReference<ConnSetup> setup;
  private final Server server;
  private final Proxy proxy;
  private ServePlan.Service service;
  private ServiceConfig entry;

  private LiveService(ServePlan.Service service, ServiceConfig entry, AtomicReference<AdmissionCheck> admission,
      AtomicReference<ConnSetup> setup, Server server, Proxy proxy) {
    this.service = service;
    this.entry = entry;
    this.admission = admission;
    this.setup = setup;
    this.server = server;
    this.proxy = proxy;
  }

  /** Binds and starts {@code s} through {@code running}, with swappable admission and setup. */
  static LiveService start(ServePlan.Service s, ServiceConfig entry, RunningServers running) throws IOException {
    AtomicReference<AdmissionCheck> admission = new AtomicReference<>(s.config().admission());
    AtomicReference<ConnSetup> setup = new AtomicReference<>(s.config().setup());
    ServerConfig live = s.config()
        .withAdmission(remote -> admission.get().check(remote))
        .withSetup(conn -> setup.get().setUp(conn));
    if (s.proxy() != null) {
      Proxy p = running.start(withServer(s.proxy(), live));
      return new LiveService(s, entry, admission, setup, p.server(), p);
    }
    return new LiveService(s, entry, admission, setup, running.start(live, Services.handler(s.type())), null);
  }

  String name() {
    return service.name();
  }

  Server server() {
    return server;
  }

  /** The running proxy of a proxy service (the same object across reloads), or null. */
  Proxy proxy() {
    return proxy;
  }

  ServePlan.Service service() {
    return service;
  }

  /** True when {@code next} is written exactly as the running entry. */
  boolean unchanged(ServiceConfig next) {
    return Objects.equals(entry, next);
  }

  /** What {@code nextEntry} changes in this service, for the reload line ({@link ServiceChanges}). */
  List<String> changes(ServePlan.Service next, ServiceConfig nextEntry) {
    return ServiceChanges.describe(entry, nextEntry, !next.config().address().equals(server.address()));
  }

  /**
   * Applies what can change live from {@code next} (same name).
   *
   * @return the keys that changed but need a restart; empty when everything was applied. When
   *     the type changed, nothing is applied
   * @throws IOException if the proxy cannot take the new config (backend TLS files); the
   *     admission and setup are then already swapped
   */
  List<String> apply(ServePlan.Service next, ServiceConfig nextEntry) throws IOException {
    List<String> restart = restartKeys(service, next, server.address());
    if (!Objects.equals(entry.accessLog(), nextEntry.accessLog())) {
      restart.add("access-log"); // the listener is fixed when the server starts
    }
    if (restart.contains("type")) {
      return restart;
    }
    if (next.access() != null) {
      next.access().update(next.rules()); // the running control: its rate buckets stay
    }
    admission.set(next.config().admission());
    setup.set(next.config().setup());
    if (proxy != null && next.proxy() != null) {
      proxy.reconfigure(withServer(next.proxy(), proxy.config().server()));
    }
    service = next;
    entry = nextEntry;
    return restart;
  }

  /**
   * The YAML keys whose change only a restart applies. A {@code listen} with port 0 matches the
   * port it was given, so a file that now names that port is no change.
   */
  static List<String> restartKeys(ServePlan.Service was, ServePlan.Service now, java.net.InetSocketAddress bound) {
    List<String> keys = new ArrayList<>();
    if (!was.type().equals(now.type())) {
      keys.add("type");
    }
    ServerConfig a = was.config();
    ServerConfig b = now.config();
    if (!b.address().equals(bound)) {
      diff(keys, "listen", a.address(), b.address());
    }
    diff(keys, "backlog", a.backlog(), b.backlog());
    diff(keys, "max-connections", a.maxConnections(), b.maxConnections());
    diff(keys, "max-connections-per-ip", a.maxConnectionsPerIp(), b.maxConnectionsPerIp());
    diff(keys, "idle-timeout", a.idleTimeout(), b.idleTimeout());
    diff(keys, "read-timeout", a.readTimeout(), b.readTimeout());
    diff(keys, "write-timeout", a.writeTimeout(), b.writeTimeout());
    diff(keys, "no-delay", a.noDelay(), b.noDelay());
    diff(keys, "keep-alive", a.keepAlive(), b.keepAlive());
    diff(keys, "receive-buffer", a.receiveBuffer(), b.receiveBuffer());
    diff(keys, "send-buffer", a.sendBuffer(), b.sendBuffer());
    return keys;
  }

  private static void diff(List<String> keys, String key, Object a, Object b) {
    if (!a.equals(b)) {
      keys.add(key);
    }
  }

  /** {@code p} with {@code server} as its listener settings. */
  static ProxyConfig withServer(ProxyConfig p, ServerConfig server) {
    return new ProxyConfig(server, p.backends(), p.balance(), p.healthCheck(), p.ejection(), p.retries(),
        p.connectTimeout(), p.idleTimeout(), p.maxDuration(), p.queueTimeout(), p.onBackendDown(),
        p.backendTls(), p.router(), p.headerEmitter(), p.listener(), p.logConnections());
  }
}
