package dev.weft.pool;

import java.time.Duration;

/**
 * What closing a pool did.
 *
 * @param idleClosed idle connections closed at once
 * @param returned leased connections returned (and closed) before the deadline
 * @param forceClosed leased connections still out at the deadline, closed under their holders
 * @param took how long the close took
 */
public record PoolCloseSummary(int idleClosed, int returned, int forceClosed, Duration took) {
  @Override
  public String toString() {
    return idleClosed + " idle closed, " + returned + " returned, " + forceClosed
        + " force-closed in " + took.toMillis() + " ms";
  }
}
