package dev.weft.pool;

import dev.weft.net.NetException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A dial failed fast because the pool's circuit breaker is open (or half-open with its probe in
 * flight): the target failed {@code failures} dials in a row. The cause is the last dial error.
 *
 * <pre>dial tcp 127.0.0.1:6379: circuit breaker open after 5 consecutive dial failures, next probe in 1840 ms (last: connection refused)</pre>
 */
public final class CircuitOpenException extends NetException {
  private static final long serialVersionUID = 1L;

  private final int failures;
  private final transient Duration retryAfter;

  CircuitOpenException(InetSocketAddress target, BreakerState state, int failures,
      Duration retryAfter, NetException last) {
    super("dial", null, target, detail(state, failures, retryAfter, last), last, false);
    this.failures = failures;
    this.retryAfter = retryAfter;
  }

  private static String detail(BreakerState state, int failures, Duration retryAfter, NetException last) {
    String why = state == BreakerState.HALF_OPEN
        ? "circuit breaker half-open after " + failures + " consecutive dial failures, a probe dial is in flight"
        : "circuit breaker open after " + failures + " consecutive dial failures, next probe in "
            + retryAfter.toMillis() + " ms";
    return last == null ? why : why + " (last: " + lastReason(last) + ")";
  }

  private static String lastReason(NetException last) {
    Throwable c = last.getCause();
    return c != null && c.getMessage() != null
        ? c.getMessage().toLowerCase(java.util.Locale.ROOT)
        : last.getMessage();
  }

  /** Consecutive dial failures that opened the breaker. */
  public int failures() {
    return failures;
  }

  /** How long until the breaker lets a probe dial through; zero when half-open. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
