package dev.weft.proxy.internal;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The candidate with the fewest active connections per unit of weight. The scan starts at a
 * rotating index, so ties (an idle pool) spread round-robin instead of piling onto the first.
 */
final class LeastConnections implements Balancer {
  private final AtomicInteger start = new AtomicInteger();

  @Override
  public Backend pick(List<Backend> candidates, InetAddress source) {
    int n = candidates.size();
    int from = Math.floorMod(start.getAndIncrement(), n);
    Backend best = candidates.get(from);
    for (int i = 1; i < n; i++) {
      Backend b = candidates.get((from + i) % n);
      if (Balancer.lessLoaded(b, best)) {
        best = b;
      }
    }
    return best;
  }
}
