package dev.weft.net;

import java.time.Duration;

/**
 * What a graceful shutdown did.
 *
 * @param drained connections that finished on their own before the deadline
 * @param forceClosed connections still open at the deadline, closed with {@link
 *     CloseCause#SHUTDOWN}
 * @param took how long the shutdown took
 */
public record ShutdownSummary(int drained, int forceClosed, Duration took) {
  @Override
  public String toString() {
    return drained + " drained, " + forceClosed + " force-closed in " + took.toMillis() + " ms";
  }
}
