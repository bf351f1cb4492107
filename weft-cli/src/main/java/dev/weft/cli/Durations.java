package dev.weft.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations the way operators write them: {@code 250ms}, {@code 30s}, {@code 5m}, {@code
 * 1h}, compounds like {@code 1h30m} (as Go's {@code time.ParseDuration} does), a bare {@code 0},
 * and ISO-8601 such as {@code PT30S}. Negative values are rejected here; zero is allowed, and its
 * meaning ("disabled") is up to the setting. {@link dev.weft.net.DurationFormat} writes the
 * short form back.
 */
public final class Durations {
  /** What a valid duration looks like, for error messages. */
  public static final String EXPECTED = "a duration like 250ms, 30s, 5m, 1h or PT30S";

  private static final Pattern PART = Pattern.compile("(\\d+)(ns|us|ms|s|m|h|d)");

  private Durations() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the input and the expected form
   */
  public static Duration parse(String text) {
    String s = text == null ? "" : text.strip();
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.startsWith("P") || s.startsWith("p")) {
      return iso(s);
    }
    Matcher m = PART.matcher(s);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.lookingAt()) {
      total = total.plus(part(s, m.group(1), m.group(2)));
      end = m.end();
      m.region(end, s.length());
    }
    if (end == 0 || end != s.length()) {
      throw invalid(s);
    }
    return total;
  }

  private static Duration part(String s, String amount, String unit) {
    long n;
    try {
      n = Long.parseLong(amount);
    } catch (NumberFormatException e) {
      throw invalid(s);
    }
    try {
      return switch (unit) {
        case "ns" -> Duration.ofNanos(n);
        case "us" -> Duration.ofNanos(Math.multiplyExact(n, 1000L));
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> throw invalid(s);
      };
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("duration out of range: '" + s + "'");
    }
  }

  private static Duration iso(String s) {
    Duration d;
    try {
      d = Duration.parse(s);
    } catch (DateTimeParseException e) {
      throw invalid(s);
    }
    if (d.isNegative()) {
      throw new IllegalArgumentException("duration must be >= 0, got '" + s + "'");
    }
    return d;
  }

  private static IllegalArgumentException invalid(String s) {
    return new IllegalArgumentException("invalid duration '" + s + "': expected " + EXPECTED);
  }
}
