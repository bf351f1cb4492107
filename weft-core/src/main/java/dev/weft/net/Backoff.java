package dev.weft.net;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with jitter, for retried dials. Attempt {@code n} (0-based) waits a
 * random time in {@code [d/2, d]} where {@code d = min(max, initial * 2^n)} ("equal jitter"), so
 * clients that failed together do not retry together.
 *
 * @param attempts total tries, at least 1 (1 means no retry). Default: 1
 * @param initial the first delay. Default: 100 ms
 * @param max the longest delay. Default: 5 s
 */
public record Backoff(int attempts, Duration initial, Duration max) {
  /** One attempt, no retry. */
  public static final Backoff NONE = new Backoff(1, Duration.ofMillis(100), Duration.ofSeconds(5));

  public Backoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
    }
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial must be > 0, got " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("max must be >= initial (" + initial + "), got " + max);
    }
  }

  /** {@code attempts} tries, starting at {@code initial} and doubling up to {@code max}. */
  public static Backoff exponential(int attempts, Duration initial, Duration max) {
    return new Backoff(attempts, initial, max);
  }

  /** The jittered delay before retry number {@code retry} (0 = the wait after the first failure). */
  public Duration delay(int retry) {
    long maxNanos = max.toNanos();
    long d = initial.toNanos();
    for (int i = 0; i < retry && d < maxNanos; i++) {
      d = Math.min(maxNanos, d * 2);
    }
    long half = d / 2;
    return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(d - half + 1));
  }
}
