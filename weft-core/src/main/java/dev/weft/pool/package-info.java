/**
 * A client-side connection pool with resilient dialing: {@link dev.weft.pool.ConnectionPool}
 * hands out {@link dev.weft.pool.Lease}s on connections opened by a {@link dev.weft.net.Dialer},
 * checks them before each hand-out, evicts idle and old ones on the shared timer, and protects
 * the target with a circuit breaker. See {@code docs/pool.md}.
 */
package dev.weft.pool;
