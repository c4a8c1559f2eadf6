package dev.decor.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CounterTest {
  @Test
  void countsLikePythonsCounter() {
    Counter<String> counter = Stream.of("b", "a", "b", "c", "b", "a").collect(Counter.collector());
    assertThat(counter.get("b")).isEqualTo(3);
    assertThat(counter.get("missing")).isZero();
    assertThat(counter.total()).isEqualTo(6);
    assertThat(counter.mostCommon(2)).containsExactly(Map.entry("b", 3L), Map.entry("a", 2L));
    assertThat(counter.asSortedMap()).containsExactly(Map.entry("a", 2L), Map.entry("b", 3L), Map.entry("c", 1L));
  }

  @Test
  void parallelCollectionMergesPartialCounters() {
    Counter<Integer> counter = Stream.iterate(0, i -> i + 1).limit(10_000).parallel()
        .map(i -> i % 3).collect(Counter.collector());
    assertThat(counter.get(0)).isEqualTo(3334);
    assertThat(counter.get(1)).isEqualTo(3333);
    assertThat(counter.get(2)).isEqualTo(3333);
  }

  @Test
  void addsArbitraryAmounts() {
    Counter<String> counter = new Counter<>();
    counter.add("x", 5);
    counter.add("x");
    assertThat(counter.get("x")).isEqualTo(6);
  }
}
