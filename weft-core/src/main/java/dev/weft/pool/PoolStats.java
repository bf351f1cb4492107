package dev.weft.pool;

/**
 * A consistent snapshot of a pool, cheap enough to take on every metrics scrape. The gauges
 * satisfy {@code size == idle + inUse + dialing + checking}, where checking connections are
 * being health-checked for an acquirer.
 *
 * @param size connections open or being dialed; never more than {@code maxSize}
 * @param idle connections waiting in the pool
 * @param inUse connections leased out
 * @param pending acquirers waiting for a connection
 * @param dialing dials in progress (by acquirers or warm-up)
 * @param created connections dialed successfully, ever
 * @param evicted connections the pool closed, ever
 * @param acquired leases handed out, ever
 * @param acquireTimeouts acquires that timed out, ever
 * @param acquireRejected acquires refused because {@code maxPending} acquirers were waiting, ever
 * @param dialFailures failed dial attempts, ever
 * @param breaker the dial circuit breaker's state
 */
public record PoolStats(
    int size,
    int idle,
    int inUse,
    int pending,
    int dialing,
    long created,
    long evicted,
    long acquired,
    long acquireTimeouts,
    long acquireRejected,
    long dialFailures,
    BreakerState breaker) {

  @Override
  public String toString() {
    return size + " open (" + inUse + " in use, " + idle + " idle, " + dialing + " dialing), "
        + pending + " waiting, breaker " + breaker;
  }
}
