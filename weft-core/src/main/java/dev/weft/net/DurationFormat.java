package dev.weft.net;

import java.time.Duration;

/**
 * Writes a {@link Duration} the way operators read and write it, for log lines and error
 * messages: {@code 250ms}, {@code 10s}, {@code 1m30s}, {@code 25h}, {@code 1ms500us}, {@code 0s},
 * {@code -5s}. Units are h, m, s, ms, us and ns, largest first, zero parts left out (days are
 * hours), so the text reads back with Go's {@code time.ParseDuration} and with {@code weft}'s
 * config parser. {@code Duration.toString()} gives ISO-8601 ({@code PT1M30S}) instead.
 */
public final class DurationFormat {
  private DurationFormat() {}

  /** {@code d} as text, e.g. {@code 1m30s}; {@code "null"} for null, so a message never fails. */
  public static String format(Duration d) {
    if (d == null) {
      return "null";
    }
    if (d.isZero()) {
      return "0s";
    }
    if (d.isNegative()) {
      return d.equals(Duration.ofSeconds(Long.MIN_VALUE)) ? d.toString() : "-" + format(d.negated());
    }
    StringBuilder sb = new StringBuilder();
    append(sb, d.toHours(), "h");
    append(sb, d.toMinutesPart(), "m");
    append(sb, d.toSecondsPart(), "s");
    int nanos = d.toNanosPart();
    append(sb, nanos / 1_000_000, "ms");
    append(sb, nanos / 1_000 % 1_000, "us");
    append(sb, nanos % 1_000, "ns");
    return sb.toString();
  }

  private static void append(StringBuilder sb, long amount, String unit) {
    if (amount != 0) {
      sb.append(amount).append(unit);
    }
  }
}
