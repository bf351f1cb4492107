package dev.weft.proxy;

import dev.weft.net.DurationFormat;
import java.time.Duration;
import java.util.Objects;

/** The validation messages of the config records, in one place: they name the field and the value. */
final class Require {
  private Require() {}

  static void positive(String field, Duration d) {
    Objects.requireNonNull(d, field);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(field + " must be > 0, got " + DurationFormat.format(d));
    }
  }

  static void notNegative(String field, Duration d) {
    Objects.requireNonNull(d, field);
    if (d.isNegative()) {
      throw new IllegalArgumentException(field + " must be >= 0, got " + DurationFormat.format(d));
    }
  }
}
