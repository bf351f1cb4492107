package dev.weft.pool;

import dev.weft.net.Backoff;
import dev.weft.net.Conn;
import dev.weft.net.Dialer;
import dev.weft.net.NetException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Opens one pooled connection: the dialer's retry policy (exponential back-off with jitter)
 * applied attempt by attempt, each attempt cleared by the circuit breaker, and every connect
 * timeout and pause capped by the caller's deadline, so an acquire never waits past its timeout.
 */
final class Dialing {
  private final Dialer once;
  private final Backoff retry;
  private final long connectTimeoutNanos; // 0: the OS limit
  private final String target;
  private final InetSocketAddress address;
  private final CircuitBreaker breaker;
  private final PoolListener events;
  private final Ledger ledger;

  Dialing(PoolConfig config, InetSocketAddress address, CircuitBreaker breaker, PoolListener events, Ledger ledger) {
    this.once = config.dialer().withRetry(Backoff.NONE);
    this.retry = config.dialer().retry();
    this.connectTimeoutNanos = config.dialer().connectTimeout().toNanos();
    this.target = config.target();
    this.address = address;
    this.breaker = breaker;
    this.events = events;
    this.ledger = ledger;
  }

  /** The longest one dial may take with its retries, for dials no acquirer waits on (warm-up). */
  long budgetNanos() {
    long attempt = connectTimeoutNanos == 0 ? Duration.ofSeconds(30).toNanos() : connectTimeoutNanos;
    return attempt * retry.attempts() + retry.max().toNanos() * (retry.attempts() - 1);
  }

  /**
   * Dials before {@code deadline}.
   *
   * @throws CircuitOpenException when the breaker refuses an attempt
   * @throws NetException the last attempt's error, or a timeout when the deadline left no attempt
   */
  Conn dial(long deadline) throws NetException {
    NetException last = null;
    for (int attempt = 0; attempt < retry.attempts(); attempt++) {
      if (attempt > 0 && !pause(retry.delay(attempt - 1), deadline)) {
        break;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      long probe = breaker.permit();
      boolean capped = connectTimeoutNanos == 0 || left < connectTimeoutNanos;
      try {
        Conn c = once.withConnectTimeout(Duration.ofNanos(capped ? left : connectTimeoutNanos)).dial(target);
        breaker.success();
        return c;
      } catch (IOException | RuntimeException e) {
        last = e instanceof NetException n ? n : new NetException("dial", null, address, e);
        if (capped && last.isTimeout()) {
          breaker.abandon(probe); // our own deadline cut it short: no verdict on the target
        } else {
          breaker.failure(last);
        }
        ledger.attemptFailed();
        events.dialFailed(address, last);
      }
    }
    throw last != null ? last : new NetException("dial", null, address, "i/o timeout: the acquire deadline passed", null, true);
  }

  private static boolean pause(Duration delay, long deadline) throws NetException {
    long nanos = Math.min(delay.toNanos(), deadline - System.nanoTime());
    if (nanos <= 0) {
      return false;
    }
    try {
      Thread.sleep(Duration.ofNanos(nanos));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NetException("dial", null, null, "interrupted", e, false);
    }
    return deadline - System.nanoTime() > 0;
  }
}
