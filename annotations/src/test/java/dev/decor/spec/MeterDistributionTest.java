package dev.decor.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The distribution {@code @Timed} and {@code @Batched} share: one set of setters and rules, with
 * each spec's own annotation named in its errors.
 */
class MeterDistributionTest {
  @Test
  void bothBuildersTakeTheDistributionAndTheSpecsPublishItAsMicrometerTakesIt() {
    TimedSpec timed = TimedSpec.builder().percentiles(0.5, 0.99).histogram(true)
        .slo("50ms", "1s").value("t").build();
    BatchedSpec batched = BatchedSpec.builder().slo("2ms").percentiles(0.9).maxSize(8).build();

    assertThat(timed.percentiles()).containsExactly(0.5, 0.99);
    assertThat(timed.percentileArray()).containsExactly(0.5, 0.99);
    assertThat(timed.histogram()).isTrue();
    assertThat(timed.sloDurations()).containsExactly(Duration.ofMillis(50), Duration.ofSeconds(1));
    assertThat(timed.value()).isEqualTo("t");
    assertThat(batched.percentileArray()).containsExactly(0.9);
    assertThat(batched.histogram()).isFalse();
    assertThat(batched.sloDurations()).containsExactly(Duration.ofMillis(2));
    assertThat(batched.maxSize()).isEqualTo(8);
  }

  @Test
  void theDefaultIsNoDistribution() {
    for (MeterDistribution d : List.<MeterDistribution>of(TimedSpec.builder().build(),
        BatchedSpec.builder().build())) {
      assertThat(d.percentileArray()).isEmpty();
      assertThat(d.histogram()).isFalse();
      assertThat(d.sloDurations()).isEmpty();
    }
  }

  @Test
  void theBuilderKeepsItsOwnCopyOfTheArrays() {
    double[] percentiles = {0.5};
    String[] slo = {"10ms"};
    TimedSpec.Builder builder = TimedSpec.builder().percentiles(percentiles).slo(slo);
    percentiles[0] = 7;
    slo[0] = "-1ms";

    TimedSpec spec = builder.build();

    assertThat(spec.percentiles()).containsExactly(0.5);
    assertThat(spec.slo()).containsExactly("10ms");
  }

  @Test
  void eachSpecNamesItsOwnAnnotationInTheSameMessage() {
    assertThatThrownBy(() -> TimedSpec.builder().percentiles(0.5, 1.5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("[decor/Percentile] @Timed(percentiles) lists 1.5,");
    assertThatThrownBy(() -> BatchedSpec.builder().percentiles(-0.1).build())
        .hasMessageStartingWith("[decor/Percentile] @Batched(percentiles) lists -0.1,");
    assertThatThrownBy(() -> TimedSpec.builder().slo("0ms").build())
        .hasMessageStartingWith("[decor/Slo] @Timed(slo) lists \"0ms\"");
    assertThatThrownBy(() -> BatchedSpec.builder().slo("1ms", "0s").build())
        .hasMessageStartingWith("[decor/Slo] @Batched(slo) lists \"0s\"");
  }
}
