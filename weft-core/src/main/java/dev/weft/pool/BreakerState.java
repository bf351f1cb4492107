package dev.weft.pool;

/**
 * The state of a pool's dial circuit breaker.
 *
 * <pre>
 *   CLOSED ──N consecutive dial failures──▶ OPEN ──cool-down passed, next dial──▶ HALF_OPEN
 *     ▲                                       ▲                                      │
 *     └──────────── probe dial succeeded ─────┼──────────────────────────────────────┤
 *                                             └────────── probe dial failed ─────────┘
 * </pre>
 *
 * Any dial that succeeds closes the breaker, including one that started before it opened.
 */
public enum BreakerState {
  /** Dials go ahead; consecutive failures are counted. */
  CLOSED,
  /** Dials fail fast with {@link CircuitOpenException} until the cool-down has passed. */
  OPEN,
  /** One probe dial is in flight; other dials fail fast until it succeeds or fails. */
  HALF_OPEN
}
