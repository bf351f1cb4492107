package dev.weft.pool;

import dev.weft.net.NetException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The pool's dial circuit breaker (states and diagram on {@link BreakerState}). It counts
 * consecutive failed dial attempts; {@code threshold} of them open it, and while open every dial
 * fails fast. After {@code cooldown} the next dial becomes the single half-open probe: success
 * closes the breaker, failure opens it for another cool-down. A threshold of 0 disables it.
 *
 * <p>Written here rather than taken from resilience4j: weft-core depends on slf4j-api alone, and
 * a consecutive-failure breaker for one dial target is about a hundred lines. Thread-safe; the
 * clock is injectable so property tests can drive it.
 */
final class CircuitBreaker {
  /** Told about each state change, outside the breaker's lock. */
  interface Transitions {
    void changed(BreakerState from, BreakerState to);
  }

  private final InetSocketAddress target;
  private final int threshold;
  private final long cooldownNanos;
  private final LongSupplier clock;
  private final Transitions transitions;
  private final ReentrantLock lock = new ReentrantLock();
  private BreakerState state = BreakerState.CLOSED; // guarded by lock
  private int failures; // consecutive; guarded by lock
  private long openedAt; // clock nanos; guarded by lock
  private NetException lastError; // guarded by lock
  private long probes; // half-open periods so far; the current probe's token; guarded by lock

  CircuitBreaker(InetSocketAddress target, int threshold, Duration cooldown, LongSupplier clock,
      Transitions transitions) {
    this.target = target;
    this.threshold = threshold;
    this.cooldownNanos = cooldown.toNanos();
    this.clock = clock;
    this.transitions = transitions;
  }

  /**
   * Lets a dial attempt go ahead, or throws. In the open state, once the cool-down has passed,
   * the caller becomes the half-open probe and must report {@link #success}, {@link #failure}
   * or {@link #abandon}. The result is the probe's token (never 0), or 0 for an ordinary dial.
   */
  long permit() throws CircuitOpenException {
    if (threshold == 0) {
      return 0;
    }
    BreakerState from;
    long token;
    lock.lock();
    try {
      if (state == BreakerState.CLOSED) {
        return 0;
      }
      long left = openedAt + cooldownNanos - clock.getAsLong();
      if (state == BreakerState.HALF_OPEN || left > 0) {
        throw new CircuitOpenException(target, state, failures, Duration.ofNanos(Math.max(0, left)), lastError);
      }
      from = state;
      state = BreakerState.HALF_OPEN;
      token = ++probes;
    } finally {
      lock.unlock();
    }
    transitions.changed(from, BreakerState.HALF_OPEN);
    return token;
  }

  /** A permitted dial connected: the breaker closes. */
  void success() {
    move(BreakerState.CLOSED, null);
  }

  /** A permitted dial failed with {@code error}. */
  void failure(NetException error) {
    move(null, error);
  }

  /**
   * A permitted dial ended without a verdict (the caller's own deadline cut it short). If it was
   * the current half-open probe ({@code token} from {@link #permit}), the breaker reopens and the
   * next dial may probe at once. A probe from an earlier half-open period changes nothing.
   */
  void abandon(long token) {
    BreakerState from;
    lock.lock();
    try {
      if (token == 0 || token != probes || state != BreakerState.HALF_OPEN) {
        return;
      }
      from = state;
      state = BreakerState.OPEN; // keep the old openedAt: the next dial may probe at once
    } finally {
      lock.unlock();
    }
    transitions.changed(from, BreakerState.OPEN);
  }

  BreakerState state() {
    lock.lock();
    try {
      return state;
    } finally {
      lock.unlock();
    }
  }

  /** Consecutive failures so far. */
  int failures() {
    lock.lock();
    try {
      return failures;
    } finally {
      lock.unlock();
    }
  }

  private void move(BreakerState closeTo, NetException error) {
    if (threshold == 0) {
      return;
    }
    BreakerState from;
    BreakerState to;
    lock.lock();
    try {
      from = state;
      if (closeTo != null) {
        failures = 0;
        lastError = null;
        to = BreakerState.CLOSED;
      } else {
        failures++;
        lastError = error;
        boolean trip = state == BreakerState.HALF_OPEN || state == BreakerState.CLOSED && failures >= threshold;
        to = trip ? BreakerState.OPEN : state;
        if (trip) {
          openedAt = clock.getAsLong();
        }
      }
      state = to;
    } finally {
      lock.unlock();
    }
    if (from != to) {
      transitions.changed(from, to);
    }
  }
}
