package dev.weft.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.weft.net.NetException;
import dev.weft.proxy.BackendStats;
import dev.weft.net.Traffic;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /api/status}, serialized as JSON. Rates are per second, from the last
 * sample; {@code history} holds up to two minutes of one-second samples, oldest first. Proxy
 * services add {@code backends}.
 */
record StatusReport(
    String version, long uptimeSeconds, long now, boolean ready, List<Service> services) {

  /** One service's card on the status page. */
  record Service(
      String name,
      String type,
      String address,
      boolean tls,
      String state,
      boolean rejecting,
      long active,
      long accepted,
      long closed,
      long rejected,
      long bytesIn,
      long bytesOut,
      long framesIn,
      long framesOut,
      double bytesInRate,
      double bytesOutRate,
      Map<String, Long> closedByCause,
      Map<String, Long> rejectedByReason,
      List<ServiceMonitor.RecentClose> recentCloses,
      History history,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<Backend> backends) {}

  /** One proxy backend; bytes are as the backend sees them (in: from it, out: to it). */
  record Backend(
      String name,
      String address,
      String group,
      boolean backup,
      int weight,
      String state,
      int active,
      int queued,
      long total,
      long bytesIn,
      long bytesOut,
      long connectFailures,
      long healthFailures,
      int ejections,
      List<Health> health) {}

  /** One active health check: when it finished (epoch ms), whether it passed, why not, how long. */
  record Health(long at, boolean ok, String detail, long tookMillis) {}

  /** Parallel arrays of samples: one entry per second. */
  record History(
      List<Long> at,
      List<Long> active,
      List<Double> bytesInRate,
      List<Double> bytesOutRate,
      List<Double> acceptRate,
      List<Double> rejectRate) {}

  /** A service counts as rejecting when it refused a connection in this window. */
  static final Duration REJECTING_WINDOW = Duration.ofSeconds(15);

  static StatusReport of(Monitor monitor) {
    long now = System.currentTimeMillis();
    List<Service> services = new ArrayList<>();
    for (ServiceMonitor s : monitor.services()) {
      services.add(service(s, now));
    }
    long uptime = Duration.between(monitor.started(), Instant.now()).toSeconds();
    return new StatusReport(monitor.version(), uptime, now, monitor.ready(), services);
  }

  private static Service service(ServiceMonitor s, long now) {
    List<TrafficHistory.Sample> samples = s.history().samples();
    TrafficHistory.Sample last = samples.isEmpty() ? null : samples.get(samples.size() - 1);
    Traffic t = s.traffic();
    InetSocketAddress a = s.address();
    return new Service(
        s.name(),
        s.type(),
        a == null ? null : NetException.addr(a),
        s.tls(),
        s.state().name().toLowerCase(java.util.Locale.ROOT),
        s.history().rejectedWithin(now, REJECTING_WINDOW.toMillis()) > 0,
        s.active(),
        s.accepted(),
        s.closedTotal(),
        s.rejectedTotal(),
        t.bytesIn(),
        t.bytesOut(),
        t.framesIn(),
        t.framesOut(),
        last == null ? 0 : last.bytesInRate(),
        last == null ? 0 : last.bytesOutRate(),
        s.closedByCause(),
        s.rejectedByReason(),
        s.recentCloses(),
        history(samples),
        backends(s.proxy()));
  }

  /** The backends of a proxy service, in config order; null for other services. */
  private static List<Backend> backends(ProxyMonitor proxy) {
    if (proxy == null) {
      return null;
    }
    List<Backend> out = new ArrayList<>();
    for (BackendStats b : proxy.fresh().backends()) {
      List<Health> health = b.health().stream()
          .map(h -> new Health(h.at().toEpochMilli(), h.ok(), h.detail(), h.took().toMillis())).toList();
      out.add(new Backend(b.name(), NetException.addr(b.address()), b.group(), b.backup(), b.weight(),
          ProxyMonitor.label(b.state()), b.active(), b.queued(), b.total(), b.bytesIn(), b.bytesOut(),
          b.connectFailures(), b.healthFailures(), b.ejections(), health));
    }
    return out;
  }

  private static History history(List<TrafficHistory.Sample> samples) {
    List<Long> at = new ArrayList<>();
    List<Long> active = new ArrayList<>();
    List<Double> in = new ArrayList<>();
    List<Double> out = new ArrayList<>();
    List<Double> acc = new ArrayList<>();
    List<Double> rej = new ArrayList<>();
    for (TrafficHistory.Sample x : samples) {
      at.add(x.at());
      active.add(x.active());
      in.add(x.bytesInRate());
      out.add(x.bytesOutRate());
      acc.add(x.acceptRate());
      rej.add(x.rejectRate());
    }
    return new History(at, active, in, out, acc, rej);
  }
}
