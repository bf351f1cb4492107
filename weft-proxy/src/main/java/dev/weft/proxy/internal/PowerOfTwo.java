package dev.weft.proxy.internal;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Power of two random choices: two distinct candidates at random, then the less loaded (per
 * unit of weight). Nearly as even as least-connections without scanning every backend.
 */
final class PowerOfTwo implements Balancer {
  @Override
  public Backend pick(List<Backend> candidates, InetAddress source) {
    int n = candidates.size();
    if (n == 1) {
      return candidates.get(0);
    }
    ThreadLocalRandom r = ThreadLocalRandom.current();
    int i = r.nextInt(n);
    int j = r.nextInt(n - 1);
    if (j >= i) {
      j++;
    }
    Backend a = candidates.get(i);
    Backend b = candidates.get(j);
    return Balancer.lessLoaded(b, a) ? b : a;
  }

  /** Stateless: a retry picks the same way. */
  @Override
  public Backend pickForRetry(List<Backend> candidates, InetAddress source) {
    return pick(candidates, source);
  }
}
