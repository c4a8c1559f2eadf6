package dev.decor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  private static final String ATTR = "@Retry(delay)";

  @ParameterizedTest
  @CsvSource({
      "250ms, PT0.25S",
      "1s, PT1S",
      "2m, PT2M",
      "1h, PT1H",
      "500us, PT0.0005S",
      "100ns, PT0.0000001S",
      "0ms, PT0S",
      "PT0.5S, PT0.5S",
      "PT1M30S, PT1M30S"})
  void acceptsEveryDocumentedForm(String text, String expected) {
    assertThat(Durations.check(ATTR, text)).isNull();
    assertThat(Durations.parse(ATTR, text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5 ms", "1d", "-1s", "abc", "ms", "1.5s", "1S", " 1s", "1s ",
      "PT", "P1X", "99999999999999999999ms", "9999999999999999h"})
  void rejectsAnythingElseWithTheDurationMessage(String text) {
    String expected = Messages.badDuration(ATTR, text);
    assertThat(Durations.check(ATTR, text)).isEqualTo(expected);
    assertThat(expected)
        .startsWith("[decor/Duration] @Retry(delay) = \"" + text + "\" is not a duration")
        .contains("\"250ms\"", "\"PT0.5S\"");
    assertThatThrownBy(() -> Durations.parse(ATTR, text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-PT1S", "PT-0.5S"})
  void rejectsNegativeIsoDurationsWithTheirOwnMessage(String text) {
    assertThat(Durations.check(ATTR, text))
        .isEqualTo(Messages.negativeDuration(ATTR, text))
        .endsWith("must not be negative.");
  }

  @org.junit.jupiter.api.Test
  void nullIsNotADuration() {
    assertThat(Durations.check(ATTR, null)).isEqualTo(Messages.badDuration(ATTR, "null"));
  }

  @ParameterizedTest
  @CsvSource({"PT0.25S, 250ms", "PT1S, 1000ms", "PT0.0005S, 500us", "PT0.0000001S, 100ns",
      "PT0S, 0ms", "PT0.0012345S, 1234500ns"})
  void writesTheShortestExactUnitThatParseReadsBack(String iso, String text) {
    Duration d = Duration.parse(iso);
    assertThat(Durations.text(d)).isEqualTo(text);
    assertThat(Durations.parse(ATTR, text)).isEqualTo(d);
  }

  @org.junit.jupiter.api.Test
  void writesNegativeAndUncountableDurationsInIso() {
    assertThat(Durations.text(Duration.ofMillis(-5))).isEqualTo("PT-0.005S");
    Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
    assertThat(Durations.saturatedNanos(forever)).isEqualTo(Long.MAX_VALUE);
    assertThat(Durations.text(forever)).isEqualTo(forever.toString());
    assertThat(Durations.parse(ATTR, Durations.text(forever))).isEqualTo(forever);
  }
}
