package dev.weft.proxy.internal;

import dev.weft.net.Dialer;
import dev.weft.proxy.Balance;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One immutable generation of the backend set: the backends in config order, the balancer over
 * them, and a dialer per backend. {@link dev.weft.proxy.Proxy#reconfigure} swaps in a new
 * generation; sessions keep the backend they connected to.
 */
public final class Pool {
  private final List<Backend> all;
  private final Map<String, Backend> byName = new LinkedHashMap<>();
  private final Map<String, Dialer> dialers;
  private final Balancer balancer;

  public Pool(List<Backend> all, Balance balance, Map<String, Dialer> dialers) {
    this.all = List.copyOf(all);
    all.forEach(b -> byName.put(b.name(), b));
    this.dialers = Map.copyOf(dialers);
    this.balancer = Balancer.of(balance, this.all);
  }

  public List<Backend> all() {
    return all;
  }

  public Backend byName(String name) {
    return byName.get(name);
  }

  public Dialer dialer(Backend b) {
    return dialers.get(b.name());
  }

  /**
   * Picks a backend for a new connection, or null when none is available. Primaries of {@code
   * group} (null: every group) first; the backup tier only when no primary is available. Backends
   * in {@code tried} are skipped. Among the tier, backends with a free slot are preferred; when
   * all are full, the balancer picks among all and the caller queues.
   */
  public Backend choose(String group, InetAddress source, Collection<Backend> tried) {
    return choose(group, source, tried, false);
  }

  /** {@link #choose}, for attempt after a failure when {@code retry} (see {@link Balancer#pickForRetry}). */
  public Backend choose(String group, InetAddress source, Collection<Backend> tried, boolean retry) {
    List<Backend> tier = tier(group, false, tried);
    if (tier.isEmpty()) {
      tier = tier(group, true, tried);
    }
    if (tier.isEmpty()) {
      return null;
    }
    List<Backend> free = new ArrayList<>(tier.size());
    for (Backend b : tier) {
      if (b.slots().hasFree()) {
        free.add(b);
      }
    }
    List<Backend> from = free.isEmpty() ? tier : free;
    return retry ? balancer.pickForRetry(from, source) : balancer.pick(from, source);
  }

  private List<Backend> tier(String group, boolean backup, Collection<Backend> tried) {
    List<Backend> out = new ArrayList<>(all.size());
    for (Backend b : all) {
      if (b.config().backup() == backup
          && b.isAvailable()
          && (group == null || group.equals(b.config().group()))
          && !tried.contains(b)) {
        out.add(b);
      }
    }
    return out;
  }
}
