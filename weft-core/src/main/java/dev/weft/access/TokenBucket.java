package dev.weft.access;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A lock-free token bucket in its GCRA form: the whole state is one "theoretical arrival time"
 * (TAT), the instant at which the bucket would be full again. Taking a permit moves the TAT one
 * interval later; it is refused when that would put the TAT more than {@code burst} intervals
 * ahead of now. No thread refills anything. Thread-safe; times are {@link System#nanoTime}
 * nanoseconds.
 */
final class TokenBucket {
  private final long interval;
  private final long tolerance;
  private final AtomicLong tat;

  TokenBucket(RateLimit limit, long now) {
    this.interval = limit.intervalNanos();
    this.tolerance = tolerance(interval, limit.burst());
    this.tat = new AtomicLong(now);
  }

  // A burst so large that it overflows means "practically unlimited"; cap it far from overflow.
  private static long tolerance(long interval, long burst) {
    try {
      return Math.min(Math.multiplyExact(interval, burst), Long.MAX_VALUE / 4);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 4;
    }
  }

  /** Takes one permit if there is one; never blocks. */
  boolean tryAcquire(long now) {
    for (;;) {
      long t = tat.get();
      long next = Math.max(t - now, 0) + interval;
      if (next > tolerance) {
        return false;
      }
      if (tat.compareAndSet(t, now + next)) {
        return true;
      }
    }
  }

  /** Nanoseconds until a permit is available; 0 if one is now. */
  long nanosUntilAvailable(long now) {
    long next = Math.max(tat.get() - now, 0) + interval;
    return Math.max(0, next - tolerance);
  }

  /** True when the bucket has refilled completely, so forgetting it changes no decision. */
  boolean isFull(long now) {
    return tat.get() - now <= 0;
  }
}
