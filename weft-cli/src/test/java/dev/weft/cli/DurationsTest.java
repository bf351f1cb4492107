package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.net.DurationFormat;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "250ms, PT0.25S",
    "30s, PT30S",
    "5m, PT5M",
    "1h, PT1H",
    "1h30m, PT1H30M",
    "2d, PT48H",
    "0, PT0S",
    "0s, PT0S",
    "PT30S, PT30S",
    "pt1m, PT1M",
    "1500us, PT0.0015S"
  })
  void parsesShortFormsAndIso8601(String text, String iso) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5x", "10", "s", "-1s", "1.5h", "5 m", "30s5", "PT-5S", "PTX"})
  void rejectsAnythingElseNamingTheInput(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text.strip() + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "250ms", "30s", "5m", "1h30m", "25h", "1ms500us", "7ns"})
  void durationFormatIsReadBackByParse(String text) {
    assertThat(DurationFormat.format(Durations.parse(text))).isEqualTo(text);
  }
}
