package dev.weft.access;

import dev.weft.net.LimitExceededException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A message-rate limit for one connection of a framed protocol: call {@link #acquire} per frame
 * and let the {@link LimitExceededException} escape the handler, and the server closes the
 * connection with {@code CloseCause.LIMIT}. Or call {@link #await} to slow the reader down
 * instead, which stops reading and lets TCP push back on the sender.
 *
 * <p>A token bucket: {@code limit.permits()} per {@code limit.per()} with a burst of {@code
 * limit.burst()}, starting full. Thread-safe and lock-free; normally used by the connection's
 * own thread only. Create one per connection.
 */
public final class MessageRateLimiter {
  private final RateLimit limit;
  private final TokenBucket bucket;
  private final LongSupplier clock;

  public MessageRateLimiter(RateLimit limit) {
    this(limit, System::nanoTime);
  }

  MessageRateLimiter(RateLimit limit, LongSupplier nanoClock) {
    this.limit = Objects.requireNonNull(limit, "limit");
    this.clock = nanoClock;
    this.bucket = new TokenBucket(limit, nanoClock.getAsLong());
  }

  /** Takes one permit if there is one; never blocks. */
  public boolean tryAcquire() {
    return bucket.tryAcquire(clock.getAsLong());
  }

  /**
   * Takes one permit; never blocks.
   *
   * @throws LimitExceededException "message rate over 100/s" when the bucket is empty
   */
  public void acquire() throws LimitExceededException {
    if (!tryAcquire()) {
      throw new LimitExceededException("message rate over " + limit.rate());
    }
  }

  /**
   * Takes one permit, sleeping the calling thread (a virtual thread, normally) until there is
   * one. Never waits longer than one refill interval per attempt.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  public void await() throws InterruptedException {
    for (;;) {
      long now = clock.getAsLong();
      if (bucket.tryAcquire(now)) {
        return;
      }
      long wait = Math.max(1, bucket.nanosUntilAvailable(now));
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  /** The limit enforced. */
  public RateLimit limit() {
    return limit;
  }
}
