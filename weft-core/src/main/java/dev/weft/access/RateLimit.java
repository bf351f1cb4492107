package dev.weft.access;

import java.time.Duration;
import java.util.Objects;

/**
 * A token-bucket rate: {@code permits} per {@code per}, with room for {@code burst} at once. A
 * bucket starts full; it refills one permit every {@code per / permits}.
 *
 * @param permits permits per {@code per}; must be > 0
 * @param per the period; must be > 0
 * @param burst the most permits taken at once after an idle spell; must be > 0. Default: {@code
 *     permits}
 */
public record RateLimit(long permits, Duration per, long burst) {
  public RateLimit {
    Objects.requireNonNull(per, "per");
    if (permits <= 0) {
      throw new IllegalArgumentException("rate must be > 0, got " + permits);
    }
    if (per.isNegative() || per.isZero()) {
      throw new IllegalArgumentException("per must be > 0, got " + per.toMillis() + "ms");
    }
    if (burst <= 0) {
      throw new IllegalArgumentException("burst must be > 0, got " + burst);
    }
  }

  /** {@code permits} per {@code per} with a burst of {@code permits}. */
  public static RateLimit of(long permits, Duration per) {
    return new RateLimit(permits, per, permits);
  }

  /** {@code permits} per second with a burst of {@code permits}. */
  public static RateLimit perSecond(long permits) {
    return of(permits, Duration.ofSeconds(1));
  }

  /** This rate with another burst. */
  public RateLimit withBurst(long burst) {
    return new RateLimit(permits, per, burst);
  }

  /**
   * Parses {@code "20/s"}, {@code "100/m"}, {@code "5/10s"} or {@code "20/s burst 40"}. Units:
   * ms, s, m, h; a bare unit means one of it.
   *
   * @throws IllegalArgumentException naming the text: {@code bad rate '20/x': ...}
   */
  public static RateLimit parse(String text) {
    String s = text == null ? "" : text.strip();
    Long burst = null;
    int b = s.indexOf(" burst");
    if (b >= 0) {
      String n = s.substring(b + 6).strip();
      if (n.isEmpty()) {
        throw new IllegalArgumentException("bad rate '" + text + "': 'burst' needs a number, like 20/s burst 40");
      }
      burst = number(text, n, "burst");
      s = s.substring(0, b).strip();
    }
    int slash = s.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException(
          "bad rate '" + text + "': expected PERMITS/PERIOD such as 20/s or 5/10s");
    }
    long permits = number(text, s.substring(0, slash).strip(), "rate");
    Duration per = period(text, s.substring(slash + 1).strip());
    try {
      return new RateLimit(permits, per, burst == null ? permits : burst);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad rate '" + text + "': " + e.getMessage(), e);
    }
  }

  /** Nanoseconds between two permits at the steady rate; at least 1. */
  long intervalNanos() {
    return Math.max(1, per.toNanos() / permits);
  }

  /** The rate alone: {@code 100/s}, {@code 5/10s}. */
  public String rate() {
    return permits + "/" + unit(per);
  }

  /** {@code 20/s burst 40}; parses back with {@link #parse}. */
  @Override
  public String toString() {
    return rate() + " burst " + burst;
  }

  private static String unit(Duration d) {
    if (d.equals(Duration.ofSeconds(1))) {
      return "s";
    }
    if (d.equals(Duration.ofMinutes(1))) {
      return "m";
    }
    if (d.equals(Duration.ofHours(1))) {
      return "h";
    }
    if (d.toNanos() % 1_000_000_000L == 0) {
      return d.toSeconds() + "s";
    }
    return d.toMillis() + "ms";
  }

  private static long number(String text, String n, String what) {
    try {
      return Long.parseLong(n);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad rate '" + text + "': " + what + " '" + n + "' is not a whole number");
    }
  }

  private static Duration period(String text, String p) {
    int i = 0;
    while (i < p.length() && Character.isDigit(p.charAt(i))) {
      i++;
    }
    long n = i == 0 ? 1 : number(text, p.substring(0, i), "period");
    return switch (p.substring(i)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> throw new IllegalArgumentException(
          "bad rate '" + text + "': unknown period '" + p + "'; use ms, s, m or h");
    };
  }
}
