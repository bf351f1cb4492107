package dev.weft.proxy;

import dev.weft.net.DurationFormat;
import java.time.Duration;
import java.util.Objects;

/**
 * Passive health: a backend whose connects fail {@code consecutiveFailures} times in a row is
 * ejected (no new connections) for {@code baseTime}, doubled for each ejection in a row, up to
 * {@code maxTime}. A successful connect after an ejection resets the count.
 *
 * @param consecutiveFailures failures in a row that eject; 0 disables ejection. Default: 3
 * @param baseTime the first ejection's length. Default: 10 seconds
 * @param maxTime the longest ejection. Default: 5 minutes
 */
public record OutlierEjection(int consecutiveFailures, Duration baseTime, Duration maxTime) {
  public static final OutlierEjection DEFAULT =
      new OutlierEjection(3, Duration.ofSeconds(10), Duration.ofMinutes(5));
  /** Never ejects. */
  public static final OutlierEjection DISABLED =
      new OutlierEjection(0, Duration.ofSeconds(10), Duration.ofMinutes(5));

  /** Validates every field. */
  public OutlierEjection {
    Require.positive("baseTime", baseTime);
    Objects.requireNonNull(maxTime, "maxTime");
    if (consecutiveFailures < 0) {
      throw new IllegalArgumentException("consecutiveFailures must be >= 0, got " + consecutiveFailures);
    }
    if (maxTime.compareTo(baseTime) < 0) {
      throw new IllegalArgumentException("maxTime must be >= baseTime (" + DurationFormat.format(baseTime) + "), got "
          + DurationFormat.format(maxTime));
    }
  }

  /** How long the {@code n}-th ejection in a row (1-based) lasts. */
  public Duration ejectionTime(int n) {
    Duration d = baseTime;
    for (int i = 1; i < n && d.compareTo(maxTime) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxTime) > 0 ? maxTime : d;
  }
}
