package dev.weft.admin;

import dev.weft.net.CloseCause;
import dev.weft.net.CloseInfo;
import dev.weft.net.ConnectionInfo;
import dev.weft.net.ConnectionListener;
import dev.weft.net.RejectReason;
import dev.weft.net.Server;
import dev.weft.net.Traffic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToDoubleFunction;

/**
 * The metrics and live state of one service. Install {@link #listener()} in the service's
 * {@link dev.weft.net.ServerConfig} before it starts, then {@link #attach} the started server.
 * Every meter carries the tag {@code service}; closes add {@code cause}, rejections {@code
 * reason}. The client address is never a tag. Thread-safe.
 */
public final class ServiceMonitor {
  /** Recent closes kept for the status page. */
  static final int RECENT_CLOSES = 8;

  /** One recent close, for the status page; no client address. */
  record RecentClose(long at, String cause, long durationMillis, long bytesIn, long bytesOut) {}

  private final String name;
  private final String type;
  private final boolean tls;
  private final Counter accepted;
  private final Map<CloseCause, Counter> closed = new EnumMap<>(CloseCause.class);
  private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
  private final Counter handshakeFailures;
  private final Counter authFailures;
  private final Timer duration;
  private final AtomicLong active = new AtomicLong();
  private final TrafficHistory history = new TrafficHistory();
  private final ReentrantLock recentLock = new ReentrantLock();
  private final ArrayDeque<RecentClose> recent = new ArrayDeque<>();
  private final ConnectionListener listener = new Events();
  private final MeterRegistry registry;
  private volatile Server server;
  private volatile ProxyMonitor proxy;

  ServiceMonitor(MeterRegistry registry, String name, String type, boolean tls) {
    this.registry = registry;
    this.name = name;
    this.type = type;
    this.tls = tls;
    this.accepted = counter(registry, "weft.connections.accepted", "Connections admitted");
    for (CloseCause c : CloseCause.values()) {
      closed.put(c, Counter.builder("weft.connections.closed").description("Connections closed, by cause")
          .tag("service", name).tag("cause", label(c)).register(registry));
    }
    for (RejectReason r : RejectReason.values()) {
      rejected.put(r, Counter.builder("weft.connections.rejected").description("Connections refused right after accept, by reason")
          .tag("service", name).tag("reason", label(r)).register(registry));
    }
    this.handshakeFailures = counter(registry, "weft.handshake.failures", "Failed TLS or setup handshakes");
    this.authFailures = counter(registry, "weft.auth.failures", "Failed authentications");
    this.duration =
        Timer.builder("weft.connection.duration").description("How long connections stayed open")
            .tag("service", name)
            .serviceLevelObjectives(
                Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1),
                Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(10),
                Duration.ofHours(1))
            .register(registry);
    Gauge.builder("weft.connections.active", active, AtomicLong::get)
        .description("Connections open now").tag("service", name).register(registry);
    Gauge.builder("weft.service.up", this, m -> m.state() == State.LISTENING ? 1 : 0)
        .description("1 while the service listens and is not draining").tag("service", name)
        .tag("type", type).register(registry);
    traffic(registry, "weft.received", "bytes", "Bytes read from clients", Traffic::bytesIn);
    traffic(registry, "weft.sent", "bytes", "Bytes written to clients", Traffic::bytesOut);
    traffic(registry, "weft.received", "frames", "Frames read, where the service is framed", Traffic::framesIn);
    traffic(registry, "weft.sent", "frames", "Frames written, where the service is framed", Traffic::framesOut);
  }

  /** A service's lifecycle as the status page shows it. */
  public enum State {
    /** Configured, not yet listening. */
    STARTING,
    /** Listening and serving. */
    LISTENING,
    /** A graceful shutdown has begun; no longer accepting. */
    DRAINING
  }

  /** The listener to install in this service's server config. */
  public ConnectionListener listener() {
    return listener;
  }

  /** Connects the started server: its address, state and live traffic. */
  public void attach(Server started) {
    history.source(started::traffic);
    this.server = started;
  }

  /**
   * Connects a started proxy service: {@link #attach(Server)} for its listener, plus per-backend
   * metrics, the {@code backends} of {@code /api/status} and the drain API ({@link ProxyMonitor}).
   */
  public void attach(dev.weft.proxy.Proxy started) {
    attach(started.server());
    ProxyMonitor was = proxy;
    proxy = new ProxyMonitor(registry, name, started);
    if (was != null) {
      was.close();
    }
  }

  /** The proxy's monitor, or null when this is not a proxy service (or it has not started). */
  public ProxyMonitor proxy() {
    return proxy;
  }

  /** The service name: the {@code service} tag of every meter. */
  public String name() {
    return name;
  }

  /** The service type, e.g. {@code echo}. */
  public String type() {
    return type;
  }

  /** Whether the service serves TLS. */
  public boolean tls() {
    return tls;
  }

  /** The bound address, or null before {@link #attach}. */
  public InetSocketAddress address() {
    Server s = server;
    return s == null ? null : s.address();
  }

  /** Starting until {@link #attach}, then listening until its server begins a shutdown. */
  public State state() {
    Server s = server;
    if (s == null) {
      return State.STARTING;
    }
    return s.isDraining() ? State.DRAINING : State.LISTENING;
  }

  long active() {
    return active.get();
  }

  long accepted() {
    return (long) accepted.count();
  }

  Map<String, Long> closedByCause() {
    return nonZero(closed);
  }

  Map<String, Long> rejectedByReason() {
    return nonZero(rejected);
  }

  long closedTotal() {
    return closed.values().stream().mapToLong(c -> (long) c.count()).sum();
  }

  long rejectedTotal() {
    return rejected.values().stream().mapToLong(c -> (long) c.count()).sum();
  }

  TrafficHistory history() {
    return history;
  }

  Traffic traffic() {
    return history.totals();
  }

  List<RecentClose> recentCloses() {
    recentLock.lock();
    try {
      return new ArrayList<>(recent);
    } finally {
      recentLock.unlock();
    }
  }

  void sample(long nowMillis) {
    history.sample(nowMillis, active.get(), accepted(), rejectedTotal());
    syncProxy();
  }

  /** Brings the proxy's backend meters up to date (after a reconfigure). */
  void syncProxy() {
    ProxyMonitor p = proxy;
    if (p != null) {
      p.sync();
    }
  }

  /** Removes the proxy's meters for good: the service left the monitor. */
  void close() {
    ProxyMonitor p = proxy;
    if (p != null) {
      p.close();
    }
  }

  private Counter counter(MeterRegistry registry, String meter, String help) {
    return Counter.builder(meter).description(help).tag("service", name).register(registry);
  }

  private void traffic(MeterRegistry registry, String meter, String unit, String help, ToDoubleFunction<Traffic> f) {
    FunctionCounter.builder(meter + "." + unit, history, h -> f.applyAsDouble(h.totals()))
        .description(help).baseUnit(unit).tag("service", name).register(registry);
  }

  private static String label(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  private static <E extends Enum<E>> Map<String, Long> nonZero(Map<E, Counter> counters) {
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    counters.forEach((k, c) -> {
      if (c.count() > 0) {
        out.put(label(k), (long) c.count());
      }
    });
    return out;
  }

  /** The event side: runs on connection and acceptor threads, so it only counts. */
  private final class Events implements ConnectionListener {
    @Override
    public void accepted(ConnectionInfo conn) {
      active.incrementAndGet();
      accepted.increment();
    }

    @Override
    public void rejected(InetSocketAddress remote, RejectReason reason) {
      rejected.get(reason).increment();
    }

    @Override
    public void closed(ConnectionInfo conn, CloseInfo close) {
      active.decrementAndGet();
      closed.get(close.cause()).increment();
      if (close.cause() == CloseCause.HANDSHAKE_FAILED) {
        handshakeFailures.increment();
      } else if (close.cause() == CloseCause.AUTH_FAILED) {
        authFailures.increment();
      }
      duration.record(close.duration());
      RecentClose r = new RecentClose(System.currentTimeMillis(), label(close.cause()),
          close.duration().toMillis(), close.bytesIn(), close.bytesOut());
      recentLock.lock();
      try {
        recent.addFirst(r);
        if (recent.size() > RECENT_CLOSES) {
          recent.removeLast();
        }
      } finally {
        recentLock.unlock();
      }
    }
  }
}
