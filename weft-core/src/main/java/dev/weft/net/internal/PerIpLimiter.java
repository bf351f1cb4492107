package dev.weft.net.internal;

import dev.weft.net.ClientKey;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caps concurrent connections per client IP. Addresses are counted under their {@link ClientKey}:
 * IPv4 per address, IPv6 per /64, as the per-IP rate and authentication lockout count them, so
 * one host cannot open a fresh allowance per address of its subnet. Entries vanish when their
 * count returns to zero. Thread-safe.
 */
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
        ClientKey.of(ip),
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

  /** Counts one connection from {@code ip} fewer; pairs with a successful {@link #tryAcquire}. */
  public void release(InetAddress ip) {
    counts.computeIfPresent(ClientKey.of(ip), (k, n) -> n <= 1 ? null : n - 1);
  }

  /** Connections now counted for {@code ip}'s key (its /64 for IPv6). */
  public int count(InetAddress ip) {
    return counts.getOrDefault(ClientKey.of(ip), 0);
  }
}
