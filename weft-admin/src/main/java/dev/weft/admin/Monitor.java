package dev.weft.admin;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.java21.instrument.binder.jdk.VirtualThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every service's metrics in one Prometheus registry, plus the JVM's (memory, GC, threads,
 * classes, CPU, uptime) and virtual-thread metrics (pinning and submit failures, read from JFR
 * events). A sampler thread records each service's traffic once a second for the status page.
 * Declare every service with {@link #service} before it starts, so readiness knows what to wait
 * for. Thread-safe; {@link #close()} stops the sampler and the JFR stream.
 *
 * <pre>{@code
 * Monitor monitor = new Monitor("1.0");
 * ServiceMonitor echo = monitor.service("echo", "echo", false);
 * Server server = Server.start(config.withListener(echo.listener()), handler);
 * echo.attach(server);
 * }</pre>
 */
public final class Monitor implements AutoCloseable {
  /** How often the sampler records traffic. */
  static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(1);

  private final String version;
  private final Instant started = Instant.now();
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final List<ServiceMonitor> services = new CopyOnWriteArrayList<>();
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final VirtualThreadMetrics virtualThreads = new VirtualThreadMetrics();
  private final ScheduledExecutorService sampler;

  /** Starts the JVM binders and the sampler. {@code version} is shown by /api/status. */
  public Monitor(String version) {
    this.version = version;
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new JvmInfoMetrics().bindTo(registry);
    virtualThreads.bindTo(registry);
    sampler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("weft-admin-sampler").factory());
    long ms = SAMPLE_INTERVAL.toMillis();
    sampler.scheduleAtFixedRate(this::sampleAll, 0, ms, TimeUnit.MILLISECONDS);
  }

  /**
   * Declares a service and registers its meters.
   *
   * @throws IllegalArgumentException if a service of that name was declared already
   */
  public ServiceMonitor service(String name, String type, boolean tls) {
    for (ServiceMonitor s : services) {
      if (s.name().equals(name)) {
        throw new IllegalArgumentException("service '" + name + "' is already monitored");
      }
    }
    ServiceMonitor s = new ServiceMonitor(registry, name, type, tls);
    services.add(s);
    return s;
  }

  /** Forgets the service {@code name}: it leaves the status page, readiness and the scrape. */
  public void remove(String name) {
    for (ServiceMonitor s : services) {
      if (s.name().equals(name)) {
        services.remove(s);
        s.close();
      }
    }
    registry.getMeters().stream()
        .filter(m -> name.equals(m.getId().getTag("service")))
        .toList()
        .forEach(registry::remove);
  }

  /** The declared service {@code name}, or null. */
  public ServiceMonitor service(String name) {
    return services.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
  }

  /** The declared services, in declaration order. */
  public List<ServiceMonitor> services() {
    return List.copyOf(services);
  }

  /**
   * True when at least one service is declared and every one of them is listening: false while
   * any is starting or draining.
   */
  public boolean ready() {
    return !services.isEmpty()
        && services.stream().allMatch(s -> s.state() == ServiceMonitor.State.LISTENING);
  }

  /** The Prometheus text exposition of every meter (proxy backends synced first). */
  public String scrape() {
    for (ServiceMonitor s : services) {
      s.syncProxy();
    }
    return registry.scrape();
  }

  /** The registry, for callers that add their own meters. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  String version() {
    return version;
  }

  Instant started() {
    return started;
  }

  private void sampleAll() {
    long now = System.currentTimeMillis();
    for (ServiceMonitor s : services) {
      try {
        s.sample(now);
      } catch (RuntimeException e) {
        // A failed sample leaves a gap in the chart; the next one tries again.
      }
    }
  }

  @Override
  public void close() {
    sampler.shutdownNow();
    gc.close();
    virtualThreads.close();
    registry.close();
  }
}
