package dev.weft.admin;

import dev.weft.proxy.BackendState;
import dev.weft.proxy.BackendStats;
import dev.weft.proxy.Proxy;
import dev.weft.proxy.ProxyStats;
import dev.weft.proxy.Termination;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToDoubleFunction;

/**
 * The backend metrics of one proxy service, read from {@link Proxy#stats()}: function gauges and
 * function counters over a snapshot at most {@link #SNAPSHOT_MILLIS} old, so one scrape costs one
 * {@code stats()} call. Tags are {@code service} and {@code backend} (plus {@code state} or
 * {@code termination}); never a client address. {@link #sync} registers the meters of backends a
 * {@link Proxy#reconfigure} added and removes those of backends it removed; the sampler calls it
 * every second and {@link Monitor#scrape()} before each scrape. Thread-safe.
 */
public final class ProxyMonitor {
  /** How long one stats snapshot serves the meters. */
  static final long SNAPSHOT_MILLIS = 100;

  private record Snapshot(long atNanos, ProxyStats stats) {}

  private final MeterRegistry registry;
  private final String service;
  private final Proxy proxy;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, List<Meter>> meters = new HashMap<>(); // guarded by lock
  private final List<Meter> sessionMeters = new ArrayList<>(); // guarded by lock
  private boolean closed; // guarded by lock
  private volatile Snapshot snapshot;

  ProxyMonitor(MeterRegistry registry, String service, Proxy proxy) {
    this.registry = registry;
    this.service = service;
    this.proxy = proxy;
    for (Termination t : Termination.values()) {
      sessionMeters.add(FunctionCounter.builder("weft.proxy.sessions", this,
              m -> m.stats().terminations().getOrDefault(t, 0L))
          .description("Proxied connections ended, by termination (who closed and why)")
          .tag("service", service).tag("termination", label(t)).register(registry));
    }
    sync();
  }

  /** The proxy this monitor reads. */
  public Proxy proxy() {
    return proxy;
  }

  /** A fresh snapshot of the proxy and its backends. */
  ProxyStats fresh() {
    ProxyStats s = proxy.stats();
    snapshot = new Snapshot(System.nanoTime(), s);
    return s;
  }

  /** The last snapshot, or a fresh one when it is older than {@link #SNAPSHOT_MILLIS}. */
  ProxyStats stats() {
    Snapshot s = snapshot;
    if (s == null || System.nanoTime() - s.atNanos() > TimeUnit.MILLISECONDS.toNanos(SNAPSHOT_MILLIS)) {
      return fresh();
    }
    return s.stats();
  }

  /** Makes the registered backend meters match the proxy's current backends. */
  void sync() {
    ProxyStats now = fresh();
    lock.lock();
    try {
      if (closed) {
        return;
      }
      Set<String> names = new HashSet<>();
      for (BackendStats b : now.backends()) {
        names.add(b.name());
        meters.computeIfAbsent(b.name(), this::register);
      }
      for (String gone : List.copyOf(meters.keySet())) {
        if (!names.contains(gone)) {
          meters.remove(gone).forEach(registry::remove);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Removes every meter of this proxy; {@link #sync} does nothing afterwards. */
  void close() {
    lock.lock();
    try {
      closed = true;
      meters.values().forEach(list -> list.forEach(registry::remove));
      meters.clear();
      sessionMeters.forEach(registry::remove);
    } finally {
      lock.unlock();
    }
  }

  private List<Meter> register(String backend) {
    List<Meter> out = new ArrayList<>();
    for (BackendState s : BackendState.values()) {
      out.add(Gauge.builder("weft.proxy.backend.state", this, m -> m.value(backend, b -> b.state() == s ? 1 : 0))
          .description("1 for the backend's current state (up, down, draining, ejected), 0 for the others")
          .tag("service", service).tag("backend", backend).tag("state", label(s)).register(registry));
    }
    out.add(gauge(backend, "weft.proxy.backend.connections.active", "Connections open to the backend now", BackendStats::active));
    out.add(gauge(backend, "weft.proxy.backend.connections.queued", "Connections waiting for a slot of the backend", BackendStats::queued));
    out.add(counter(backend, "weft.proxy.backend.connections", null, "Connections made to the backend", BackendStats::total));
    out.add(counter(backend, "weft.proxy.backend.sent", "bytes", "Bytes sent to the backend (client to backend)", BackendStats::bytesOut));
    out.add(counter(backend, "weft.proxy.backend.received", "bytes", "Bytes received from the backend (backend to client)", BackendStats::bytesIn));
    out.add(counter(backend, "weft.proxy.backend.connect.failures", null, "Failed connect attempts to the backend", BackendStats::connectFailures));
    out.add(counter(backend, "weft.proxy.backend.health.failures", null, "Failed active health checks of the backend", BackendStats::healthFailures));
    out.add(counter(backend, "weft.proxy.backend.ejections", null, "Times passive health ejected the backend", BackendStats::ejections));
    return out;
  }

  private Meter gauge(String backend, String name, String help, ToDoubleFunction<BackendStats> f) {
    return Gauge.builder(name, this, m -> m.value(backend, f)).description(help)
        .tag("service", service).tag("backend", backend).register(registry);
  }

  private Meter counter(String backend, String name, String unit, String help, ToDoubleFunction<BackendStats> f) {
    return FunctionCounter.builder(unit == null ? name : name + "." + unit, this, m -> m.value(backend, f))
        .description(help).baseUnit(unit).tag("service", service).tag("backend", backend).register(registry);
  }

  /** {@code f} of the backend, or NaN while a reconfigure has removed it and the meter is not yet gone. */
  private double value(String backend, ToDoubleFunction<BackendStats> f) {
    BackendStats b = stats().backend(backend);
    return b == null ? Double.NaN : f.applyAsDouble(b);
  }

  static String label(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
