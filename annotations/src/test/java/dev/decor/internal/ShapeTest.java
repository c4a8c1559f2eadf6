package dev.decor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.spec.Order;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShapeTest {
  @Test
  void aLoneTimedRetryOrGradRunsTheBodyBetweenHooks() {
    assertThat(Shape.of(EnumSet.of(Order.TIMED), false)).isEqualTo(Shape.TIMED_ONLY);
    assertThat(Shape.of(EnumSet.of(Order.TIMED), true)).isEqualTo(Shape.TIMED_ONLY);
    assertThat(Shape.of(EnumSet.of(Order.RETRY), false)).isEqualTo(Shape.RETRY_ONLY);
    assertThat(Shape.of(EnumSet.of(Order.GRAD), false)).isEqualTo(Shape.GRAD_ONLY);
  }

  @Test
  void anAsyncRetryStacksOrACacheTakeTheGeneralPath() {
    assertThat(Shape.of(EnumSet.of(Order.RETRY), true)).isEqualTo(Shape.GENERAL);
    assertThat(Shape.of(EnumSet.of(Order.TIMED, Order.RETRY), false)).isEqualTo(Shape.GENERAL);
    assertThat(Shape.of(EnumSet.of(Order.CACHED), false)).isEqualTo(Shape.GENERAL);
    assertThat(Shape.of(EnumSet.of(Order.RETRY, Order.GRAD), false)).isEqualTo(Shape.GENERAL);
  }

  @Test
  void everySynchronousSingleDecoratorButCachedRunsTheBodyBetweenHooks() {
    for (Order order : Order.values()) {
      Shape shape = Shape.of(EnumSet.of(order), false);
      switch (order) {
        case TIMED -> assertThat(shape).isEqualTo(Shape.TIMED_ONLY);
        case FALLBACK -> assertThat(shape).isEqualTo(Shape.FALLBACK_ONLY);
        case CACHED -> assertThat(shape).isEqualTo(Shape.GENERAL);
        case BATCHED -> assertThat(shape).isEqualTo(Shape.BATCHED);
        case RETRY -> assertThat(shape).isEqualTo(Shape.RETRY_ONLY);
        case CIRCUIT_BREAKER -> assertThat(shape).isEqualTo(Shape.BREAKER_ONLY);
        case TIMEOUT -> assertThat(shape).isEqualTo(Shape.TIMEOUT_ONLY);
        case CONCURRENCY_LIMIT -> assertThat(shape).isEqualTo(Shape.LIMIT_ONLY);
        case GRAD -> assertThat(shape).isEqualTo(Shape.GRAD_ONLY);
        default -> throw new AssertionError("a new order needs a decision here: " + order);
      }
    }
  }

  @Test
  void onAStageOnlyTimedAndGradKeepTheirHooks() {
    for (Order order : Order.values()) {
      Shape shape = Shape.of(EnumSet.of(order), true);
      switch (order) {
        case TIMED -> assertThat(shape).isEqualTo(Shape.TIMED_ONLY);
        case GRAD -> assertThat(shape).isEqualTo(Shape.GRAD_ONLY);
        case BATCHED -> assertThat(shape).isEqualTo(Shape.BATCHED);
        default -> assertThat(shape).as("%s on a stage", order).isEqualTo(Shape.GENERAL);
      }
    }
  }

  @Test
  void aRetryJudgingResultsOrOnABudgetHasALoopOfItsOwn() {
    assertThat(Shape.of(EnumSet.of(Order.RETRY), false, true)).isEqualTo(Shape.RETRY_JUDGED);
    assertThat(Shape.of(EnumSet.of(Order.RETRY), true, true)).isEqualTo(Shape.GENERAL);
    assertThat(Shape.of(EnumSet.of(Order.RETRY), false, false)).isEqualTo(Shape.RETRY_ONLY);
  }

  @Test
  void pairsOfTheResilienceDecoratorsTakeTheGeneralPath() {
    assertThat(Shape.of(EnumSet.of(Order.TIMEOUT, Order.CONCURRENCY_LIMIT), false))
        .isEqualTo(Shape.GENERAL);
    assertThat(Shape.of(EnumSet.of(Order.FALLBACK, Order.CIRCUIT_BREAKER), false))
        .isEqualTo(Shape.GENERAL);
  }

  @Test
  void aTimedWithMetricTagsTakesTheGeneralPath() {
    assertThat(Shape.of(EnumSet.of(Order.TIMED), false, false, true)).isEqualTo(Shape.GENERAL);
    assertThat(Shape.of(EnumSet.of(Order.TIMED), false, false, false))
        .isEqualTo(Shape.TIMED_ONLY);
  }

  @Test
  void batchedWinsWhateverElseIsThere() {
    assertThat(Shape.of(EnumSet.of(Order.TIMED, Order.CACHED, Order.BATCHED), false))
        .isEqualTo(Shape.BATCHED);
  }

  @Test
  void aCacheIsAskedFirstOnlyWhenNothingStandsOutsideIt() {
    assertThat(Shape.cacheFirst(EnumSet.of(Order.CACHED))).isTrue();
    assertThat(Shape.cacheFirst(EnumSet.of(Order.CACHED, Order.RETRY, Order.GRAD))).isTrue();
    assertThat(Shape.cacheFirst(EnumSet.of(Order.TIMED, Order.CACHED))).isFalse();
    assertThat(Shape.cacheFirst(EnumSet.of(Order.CACHED, Order.BATCHED))).isFalse();
    assertThat(Shape.cacheFirst(Set.of(Order.RETRY))).isFalse();
  }
}
