package dev.decor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.batch.BatchStats;
import dev.decor.batch.Batcher;
import dev.decor.spec.BatchedSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link Decor#batchStats}: what health checks and Spring's /actuator/decor read. */
class BatchStatsTest {
  @Test
  void reportsSettingsQueuedItemsRunningBatchesAndAFullQueue() throws Exception {
    Decor engine = Decor.builder().meterRegistry(new SimpleMeterRegistry()).build();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Batcher<String, String> upper = engine.batch("Text.upper",
        BatchedSpec.builder().maxSize(2).maxWait("5ms").queueCapacity(3).build(), items -> {
          started.countDown();
          release.await(10, TimeUnit.SECONDS);
          List<String> out = new ArrayList<>();
          items.forEach(i -> out.add(i.toUpperCase()));
          return out;
        });
    try {
      assertThat(engine.batchStats()).containsOnlyKeys("Text.upper");
      BatchStats idle = engine.batchStats().get("Text.upper");
      assertThat(idle.maxSize()).isEqualTo(2);
      assertThat(idle.maxWait()).isEqualTo(Duration.ofMillis(5));
      assertThat(idle.queueCapacity()).isEqualTo(3);
      assertThat(idle.queued()).isZero();
      assertThat(idle.queueFull()).isFalse();
      assertThat(idle.queueTimeout()).isZero();
      assertThat(idle.preferredSizes()).isEmpty();
      assertThat(idle.adaptive()).isFalse();
      engine.tune("decor.batches.Text.upper.queueTimeout", "2s");
      engine.tune("decor.batches.Text.upper.preferredSizes", "1, 2");
      engine.tune("decor.batches.Text.upper.maxCost", 10L);
      BatchStats tuned = engine.batchStats().get("Text.upper");
      assertThat(tuned.queueTimeout()).isEqualTo(Duration.ofSeconds(2));
      assertThat(tuned.preferredSizes()).containsExactly(1, 2);
      assertThat(tuned.maxCost()).isEqualTo(10);

      List<CompletableFuture<String>> calls = new ArrayList<>();
      calls.add(upper.submit("a"));
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      for (String s : List.of("b", "c", "d")) {
        calls.add(upper.submit(s));
      }
      BatchStats busy = engine.batchStats().get("Text.upper");
      assertThat(busy.running()).isOne();
      assertThat(busy.queued()).isEqualTo(3);
      assertThat(busy.queueFull()).isTrue();

      release.countDown();
      for (CompletableFuture<String> call : calls) {
        call.get(10, TimeUnit.SECONDS);
      }
    } finally {
      release.countDown();
      engine.close();
    }
    assertThat(engine.batchStats().get("Text.upper").closed()).isTrue();
  }
}
