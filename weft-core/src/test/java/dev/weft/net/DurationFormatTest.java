package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationFormatTest {

  @ParameterizedTest
  @CsvSource({
    "PT0S, 0s",
    "PT0.25S, 250ms",
    "PT10S, 10s",
    "PT1M30S, 1m30s",
    "PT1H, 1h",
    "PT48H5S, 48h5s",
    "PT0.0015S, 1ms500us",
    "PT0.000000007S, 7ns",
    "PT-5S, -5s"
  })
  void writesShortUnitsNotIso(String iso, String text) {
    assertThat(DurationFormat.format(Duration.parse(iso))).isEqualTo(text);
  }

  @Property
  void everyPartIsSmallerThanItsUnitAndTheSumIsTheDuration(@ForAll @LongRange(min = 1, max = 400_000_000_000_000L) long nanos) {
    String text = DurationFormat.format(Duration.ofNanos(nanos));
    assertThat(text).matches("(\\d+h)?([1-5]?\\dm)?([1-5]?\\ds)?(\\d{1,3}ms)?(\\d{1,3}us)?(\\d{1,3}ns)?");
    assertThat(sum(text)).isEqualTo(nanos);
  }

  private static long sum(String text) {
    long total = 0;
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(h|ms|m|s|us|ns)").matcher(text);
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      total += switch (m.group(2)) {
        case "h" -> n * 3_600_000_000_000L;
        case "m" -> n * 60_000_000_000L;
        case "s" -> n * 1_000_000_000L;
        case "ms" -> n * 1_000_000L;
        case "us" -> n * 1_000L;
        default -> n;
      };
    }
    return total;
  }
}
