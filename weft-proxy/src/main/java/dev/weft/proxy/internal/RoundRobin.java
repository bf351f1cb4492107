package dev.weft.proxy.internal;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Each candidate in turn; weights ignored. */
final class RoundRobin implements Balancer {
  private final AtomicInteger next = new AtomicInteger();

  @Override
  public Backend pick(List<Backend> candidates, InetAddress source) {
    return candidates.get(Math.floorMod(next.getAndIncrement(), candidates.size()));
  }
}
