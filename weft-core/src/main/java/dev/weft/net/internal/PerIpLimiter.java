package dev.weft.net.internal;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/** Caps concurrent connections per client IP. Entries vanish when their count returns to zero. */
public final class PerIpLimiter {
  private final int max;
  private final ConcurrentHashMap<InetAddress, Integer> counts = new ConcurrentHashMap<>();

  public PerIpLimiter(int max) {
    this.max = max;
  }

  /** Counts one more connection from {@code ip}, unless that would exceed the cap. */
  public boolean tryAcquire(InetAddress ip) {
    boolean[] ok = {false};
    counts.compute(
        ip,
        (k, n) -> {
          int current = n == null ? 0 : n;
          if (current >= max) {
            return n;
          }
          ok[0] = true;
          return current + 1;
        });
    return ok[0];
  }

  public void release(InetAddress ip) {
    counts.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
  }

  /** Connections now counted for {@code ip}. */
  public int count(InetAddress ip) {
    return counts.getOrDefault(ip, 0);
  }
}
