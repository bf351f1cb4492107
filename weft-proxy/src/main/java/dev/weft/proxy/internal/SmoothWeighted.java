package dev.weft.proxy.internal;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * nginx's smooth weighted round-robin: each pick adds every candidate's weight to its running
 * weight, takes the largest, and subtracts the total from the winner. Weights 5,1,1 give
 * a a b a c a a, not a a a a a b c.
 */
final class SmoothWeighted implements Balancer {
  private final ReentrantLock lock = new ReentrantLock();

  @Override
  public Backend pick(List<Backend> candidates, InetAddress source) {
    lock.lock();
    try {
      Backend best = null;
      int total = 0;
      for (Backend b : candidates) {
        int w = b.config().weight();
        b.currentWeight += w;
        total += w;
        if (best == null || b.currentWeight > best.currentWeight) {
          best = b;
        }
      }
      best.currentWeight -= total;
      return best;
    } finally {
      lock.unlock();
    }
  }
}
