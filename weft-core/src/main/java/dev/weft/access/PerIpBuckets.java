package dev.weft.access;

import dev.weft.net.ClientKey;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link TokenBucket} per client IP, with a bounded map. A full bucket carries no state, so
 * a sweep drops full buckets; sweeps run only when the map is at its cap, at most once per
 * {@link #SWEEP_EVERY_NANOS}. While the map is still at its cap, addresses without a bucket share
 * one overflow bucket with the same rate: a spoofed-source flood then competes with itself for
 * that one bucket instead of growing memory, and known clients keep their own buckets.
 *
 * <p>IPv6 clients are keyed by their /64 ({@link ClientKey}), so one host cannot get a fresh
 * bucket per address by cycling through its subnet.
 *
 * <p>Thread-safe; meant for the acceptor thread, so the cap can be exceeded by at most the
 * number of concurrent callers.
 */
final class PerIpBuckets {
  static final long SWEEP_EVERY_NANOS = 100_000_000L;

  private final RateLimit limit;
  private final int maxEntries;
  private final ConcurrentHashMap<InetAddress, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final TokenBucket overflow;
  private volatile long nextSweep;

  PerIpBuckets(RateLimit limit, int maxEntries, long now) {
    this.limit = limit;
    this.maxEntries = maxEntries;
    this.overflow = new TokenBucket(limit, now);
    this.nextSweep = now;
  }

  RateLimit limit() {
    return limit;
  }

  /** Takes a permit for {@code ip}; never blocks. */
  boolean tryAcquire(InetAddress address, long now) {
    InetAddress ip = ClientKey.of(address);
    TokenBucket b = buckets.get(ip);
    if (b == null) {
      if (buckets.size() >= maxEntries) {
        sweep(now);
        if (buckets.size() >= maxEntries) {
          return overflow.tryAcquire(now);
        }
      }
      b = buckets.computeIfAbsent(ip, k -> new TokenBucket(limit, now));
    }
    return b.tryAcquire(now);
  }

  /** Buckets held now. */
  int size() {
    return buckets.size();
  }

  private void sweep(long now) {
    if (now - nextSweep < 0) {
      return;
    }
    nextSweep = now + SWEEP_EVERY_NANOS;
    buckets.values().removeIf(b -> b.isFull(now));
  }
}
