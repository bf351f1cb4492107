package dev.weft.proxy.internal;

import dev.weft.net.Conn;
import dev.weft.net.Dialer;
import dev.weft.net.Handler;
import dev.weft.net.NetException;
import dev.weft.net.ProtocolException;
import dev.weft.proxy.BackendConfig;
import dev.weft.proxy.BackendState;
import dev.weft.proxy.OnBackendDown;
import dev.weft.proxy.ProxyConfig;
import dev.weft.proxy.ProxyStats;
import dev.weft.proxy.Route;
import dev.weft.proxy.SendProxy;
import dev.weft.proxy.SessionSummary;
import dev.weft.proxy.Termination;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The proxy's data path and state: the {@link Handler} each client connection runs, the current
 * {@link Pool} generation, and the counters. Thread-safe; {@link #reconfigure} swaps the pool
 * under a lock while connections keep flowing.
 */
public final class Engine implements Handler, Backend.StateSink {
  private static final Logger log = LoggerFactory.getLogger(Engine.class);
  private static final Logger connections = LoggerFactory.getLogger("dev.weft.proxy.connections");

  private final ReentrantLock lock = new ReentrantLock();
  private final SafeProxyListener events;
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicLong total = new AtomicLong();
  private final Map<Termination, LongAdder> terminations = new EnumMap<>(Termination.class);
  private final HealthChecker health;
  private volatile ProxyConfig config;
  private volatile Pool pool;

  public Engine(ProxyConfig config) throws IOException {
    for (Termination t : Termination.values()) {
      terminations.put(t, new LongAdder());
    }
    this.events = new SafeProxyListener(config.listener());
    this.config = config;
    this.pool = buildPool(config, Map.of());
    this.health = new HealthChecker(this);
  }

  public ProxyConfig config() {
    return config;
  }

  public Pool pool() {
    return pool;
  }

  SafeProxyListener events() {
    return events;
  }

  /** Starts the health checks. */
  public void start() {
    health.restart(pool.all(), config.healthCheck());
  }

  /** Stops the health checks. */
  public void stop() {
    health.stop();
  }

  /**
   * Proxies {@code client}.
   *
   * @throws ProtocolException when routing found malformed input (a bad TLS ClientHello), after
   *     the session ended with {@link Termination#ROUTE_FAILED}, so the server closes the
   *     connection with {@link dev.weft.net.CloseCause#PROTOCOL_ERROR}
   */
  @Override
  public void handle(Conn client) throws ProtocolException {
    Session s = new Session(total.incrementAndGet(), client);
    active.incrementAndGet();
    try {
      proxy(s);
    } finally {
      s.stopTimer();
      // Backend first, its slot and counts freed, then the client: a client that reconnects the
      // moment it sees the close finds the slot free and the least-connections count current.
      s.closeBackend();
      Backend b = s.backend();
      if (b != null) {
        b.closed(s);
        s.releaseSlot();
      }
      active.decrementAndGet();
      s.closeBoth();
      finish(s.summary());
    }
  }

  private void proxy(Session s) throws ProtocolException {
    ProxyConfig c = config;
    // Armed before routing: a client silent during an SNI peek or a queue wait is idle too.
    s.startTimer(c.idleTimeout(), c.maxDuration());
    Route route;
    try {
      route = c.router().route(s.client());
    } catch (IOException | RuntimeException e) {
      s.end(Termination.ROUTE_FAILED, e);
      if (e instanceof ProtocolException bad) {
        throw bad;
      }
      return;
    }
    s.routed(route.conn());
    if (!new Connector(this, c, pool, s).connect(route.group(), source(s))) {
      return;
    }
    Thread back =
        Thread.ofVirtual()
            .name("conn-" + s.id() + " backend " + s.backend().name())
            .start(() -> new Pump(s, false).run());
    new Pump(s, true).run();
    try {
      back.join();
    } catch (InterruptedException e) {
      s.abort(Termination.SHUTDOWN); // a forced shutdown interrupts the handler thread
      Thread.currentThread().interrupt();
    }
  }

  private static InetAddress source(Session s) {
    return s.client().remoteAddress() == null ? null : s.client().remoteAddress().getAddress();
  }

  /** Writes the PROXY header the backend asked for, if any. */
  void sendHeader(Session s, Backend b, Conn backendConn, ProxyConfig c) throws IOException {
    SendProxy v = b.config().sendProxy();
    if (v != SendProxy.NONE) {
      backendConn.out().write(c.headerEmitter().header(v, s.client()));
      backendConn.out().flush();
    }
  }

  private void finish(SessionSummary s) {
    terminations.get(s.termination()).increment();
    events.sessionClosed(s);
    if (config.logConnections() && connections.isInfoEnabled()) {
      logSession(config.server().name(), s);
    }
  }

  /**
   * The session's line: text for people, and the same facts as key-value pairs, which a JSON
   * log (Logback's JsonEncoder) writes as fields. The text pattern shows only the message.
   */
  private static void logSession(String service, SessionSummary s) {
    String client = NetException.addr(s.client());
    String backend = s.backend() == null ? "-" : s.backend();
    String closedBy = s.termination().closedBy().name().toLowerCase(java.util.Locale.ROOT);
    LoggingEventBuilder event = connections.atInfo()
        .addKeyValue("service", service)
        .addKeyValue("session", s.id())
        .addKeyValue("client", client)
        .addKeyValue("backend", backend)
        .addKeyValue("termination", s.termination().name())
        .addKeyValue("closedBy", closedBy)
        .addKeyValue("bytesIn", s.clientToBackend())
        .addKeyValue("bytesOut", s.backendToClient())
        .addKeyValue("attempts", s.attempts())
        .addKeyValue("durationMs", String.format(java.util.Locale.ROOT, "%.3f", s.duration().toNanos() / 1e6));
    if (s.detail() != null) {
      event = event.addKeyValue("detail", s.detail());
    }
    event.log("{} #{} {} -> {} {} closed-by={} up={} down={} attempts={} {} ms{}", service, s.id(), client, backend,
        s.termination(), closedBy, s.clientToBackend(), s.backendToClient(), s.attempts(), s.duration().toMillis(),
        s.detail() == null ? "" : ": " + s.detail());
  }

  @Override
  public void changed(Backend b, BackendState from, BackendState to, String reason) {
    log.info("{} backend {} {} -> {}: {}", config.server().name(), b.name(), from, to, reason);
    events.backendStateChanged(b.name(), from, to, reason);
    if (to == BackendState.DOWN && config.onBackendDown() == OnBackendDown.KILL) {
      b.sessions().forEach(s -> s.abort(Termination.BACKEND_DOWN));
    }
  }

  // ---- admin ----

  public Backend backend(String name) {
    Backend b = pool.byName(name);
    if (b == null) {
      throw new IllegalArgumentException("no backend named '" + name + "'");
    }
    return b;
  }

  public ProxyStats stats() {
    Map<Termination, Long> counts = new EnumMap<>(Termination.class);
    terminations.forEach((t, n) -> counts.put(t, n.sum()));
    List<dev.weft.proxy.BackendStats> list = new ArrayList<>();
    pool.all().forEach(b -> list.add(b.stats()));
    return new ProxyStats(active.get(), total.get(), counts, list);
  }

  /** Swaps in {@code next}: backends of the same name keep their state, counters and sessions. */
  public void reconfigure(ProxyConfig next) throws IOException {
    lock.lock();
    try {
      Map<String, Backend> old = new HashMap<>();
      pool.all().forEach(b -> old.put(b.name(), b));
      Pool p = buildPool(next, old);
      events.replace(next.listener());
      config = next;
      pool = p;
      health.restart(p.all(), next.healthCheck());
    } finally {
      lock.unlock();
    }
  }

  private Pool buildPool(ProxyConfig c, Map<String, Backend> existing) throws IOException {
    List<Backend> list = new ArrayList<>();
    Map<String, Dialer> dialers = new HashMap<>();
    Dialer base = Dialer.defaults().withConnectTimeout(c.connectTimeout());
    for (BackendConfig bc : c.backends()) {
      Backend b = existing.get(bc.name());
      if (b == null) {
        b = new Backend(bc, this);
      } else {
        b.update(bc);
      }
      list.add(b);
      dialers.put(bc.name(), c.backendTls() == null ? base : base.withSetup(c.backendTls().clientSetup(bc.tlsServerName())));
    }
    return new Pool(list, c.balance(), dialers);
  }
}
