package dev.decor.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.decor.conformance.ObservedModel.Kind;
import dev.decor.conformance.woven.InvalidMetricTagTargets;
import dev.decor.engine.Decor;
import dev.decor.internal.Messages;
import dev.decor.retry.RetryEvent;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code @Timed}'s percentiles, SLO buckets and {@code @MetricTag}s, {@code @Batched}'s meters,
 * and the Observations of calls and batches, as users see them through {@link ObservedModel} in
 * every {@link Mode}; woven, a tag the processor refuses fails the first call with its message.
 */
abstract class ObservabilitySuite {
  abstract Mode mode();

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  /** Every Observation context started, in order. */
  private final List<Observation.Context> started = new CopyOnWriteArrayList<>();
  private final List<Observation.Event> events = new CopyOnWriteArrayList<>();
  private ObservationRegistry observations;
  private Decor previous;

  @BeforeEach
  void startClean() {
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new ObservationHandler<>() {
      @Override
      public void onStart(Observation.Context context) {
        started.add(context);
      }

      @Override
      public void onEvent(Observation.Event event, Observation.Context context) {
        events.add(event);
      }

      @Override
      public boolean supportsContext(Observation.Context context) {
        return true;
      }
    });
    this.observations = observations;
    previous = Decor.setGlobal(Decor.builder().meterRegistry(registry)
        .observationRegistry(observations).instantRetries().build());
  }

  @AfterEach
  void restore() {
    Decor.setGlobal(previous).close();
  }

  @Test
  void theTimerIsTaggedByTheArgumentsAndPublishesItsPercentilesAndSloBuckets() {
    ObservedModel model = mode().create(ObservedModel.class);
    assertThat(model.predict(Kind.VIT, true, "resnet50")).isEqualTo("VIT/true/resnet50");
    model.predict(Kind.VIT, true, "resnet18");
    model.predict(Kind.RESNET, false, "vit-b");

    Timer vit = registry.get("observed.predict")
        .tags("model", "VIT", "warm", "true", "family", "resnet", "exception", "none").timer();
    assertThat(vit.count()).isEqualTo(2);
    assertThat(registry.get("observed.predict")
        .tags("model", "RESNET", "warm", "false", "family", "other").timer().count())
        .isEqualTo(1);
    assertThat(Arrays.stream(vit.takeSnapshot().percentileValues())
        .map(ValueAtPercentile::percentile)).containsExactly(0.5, 0.99);
    assertThat(Arrays.stream(vit.takeSnapshot().histogramCounts()).map(b -> b.bucket()))
        .containsExactly((double) Duration.ofMillis(50).toNanos(),
            (double) Duration.ofMillis(200).toNanos());
  }

  @Test
  void eachCallIsAnObservationWithItsTagsAndOutcome() {
    ObservedModel model = mode().create(ObservedModel.class);
    model.predict(Kind.RESNET, false, "resnet50");
    assertThatThrownBy(() -> model.fail(Kind.VIT)).isInstanceOf(IllegalStateException.class)
        .hasMessage("no VIT");

    assertThat(started).hasSize(2);
    Observation.Context call = started.get(0);
    assertThat(call.getName()).isEqualTo("decor.timed");
    assertThat(call.getContextualName()).isEqualTo("ObservedModel.predict");
    assertThat(call.getLowCardinalityKeyValue("model").getValue()).isEqualTo("RESNET");
    assertThat(call.getLowCardinalityKeyValue("family").getValue()).isEqualTo("resnet");
    assertThat(call.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("success");
    Observation.Context failed = started.get(1);
    assertThat(failed.getLowCardinalityKeyValue("exception").getValue())
        .isEqualTo("IllegalStateException");
    assertThat(failed.getError()).hasMessage("no VIT");
    assertThat(registry.get("observed.fail").tags("model", "VIT", "exception",
        "IllegalStateException").timer().count()).isEqualTo(1);
  }

  @Test
  void aBatchIsAnObservationAndItsQueueWaitHasTheSpecsDistribution() throws Exception {
    ObservedModel model = mode().create(ObservedModel.class);
    ExecutorService callers = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> answers = new java.util.ArrayList<>();
      for (int i = 1; i <= 4; i++) {
        int x = i;
        answers.add(callers.submit(() -> model.embed(x)));
      }
      for (int i = 1; i <= 4; i++) {
        assertThat(answers.get(i - 1).get(10, TimeUnit.SECONDS)).isEqualTo(i * 10);
      }
    } finally {
      callers.shutdownNow();
    }
    assertThat(started).extracting(Observation.Context::getName).containsExactly("decor.batch");
    Timer wait = registry.get("decor.batch.queue.wait").timer();
    assertThat(wait.count()).isEqualTo(4);
    assertThat(Arrays.stream(wait.takeSnapshot().percentileValues())
        .map(ValueAtPercentile::percentile)).containsExactly(0.99);
    assertThat(wait.takeSnapshot().histogramCounts()).hasSize(1);
  }

  @Test
  void tagsTheProcessorRefusesFailTheFirstWovenCallWithItsMessage() {
    assumeTrue(mode().woven(), "the processor rejects these at compile time");
    InvalidMetricTagTargets targets = mode().create(InvalidMetricTagTargets.class);
    assertThatThrownBy(() -> targets.unmapped("x"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(Messages.metricTagType("id", "unmapped(String)", "String"));
    assertThatThrownBy(() -> targets.many(List.of("a")))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(Messages.metricTagCardinality("ids", "many(List)", "List"));
    assertThatThrownBy(() -> targets.untimed(true))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(Messages.metricTagWithoutTimed("warm", "untimed(boolean)"));
  }

  @Test
  void eachRetryIsAnEventOfTheCallsObservationWithTheAttemptAndTheExceptionClass()
      throws Exception {
    ObservedModel model = mode().create(ObservedModel.class);
    assertThat(model.flaky(2)).isEqualTo("ok");

    assertThat(started).singleElement().satisfies(call -> {
      assertThat(call.getContextualName()).isEqualTo("ObservedModel.flaky");
      assertThat(call.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("success");
    });
    assertThat(events).extracting(Observation.Event::getContextualName).containsExactly(
        "retry after attempt 1: java.io.IOException",
        "retry after attempt 2: java.io.IOException");
    assertThat(events).allSatisfy(e -> assertThat(e).isInstanceOfSatisfying(RetryEvent.class,
        r -> assertThat(r.exception()).isEqualTo(IOException.class)));
  }

  @Test
  void aBodyAModelThreadRunsForAVirtualThreadIsInItsCallersObservation() throws Exception {
    ObservedModel model = mode().create(ObservedModel.class);
    int n = 64;
    Map<String, Observation> requests = new ConcurrentHashMap<>();
    ExecutorService threads = VirtualThreads21.executor();
    try {
      CountDownLatch ready = new CountDownLatch(n);
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String id = "r" + i;
        answers.add(threads.submit(() -> {
          ready.countDown();
          ready.await(); // a cold start: every thread makes its first call at once
          Observation request = Observation.start("request", observations);
          requests.put(id, request);
          try (Observation.Scope scope = request.openScope()) {
            return model.forward(id);
          } finally {
            request.stop();
          }
        }));
      }
      for (int i = 0; i < n; i++) {
        assertThat(answers.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("r" + i);
      }
    } finally {
      threads.shutdownNow();
    }
    for (int i = 0; i < n; i++) {
      String id = "r" + i;
      assertThat(model.forwardThreads.get(id)).startsWith("decor-model-");
      Observation call = model.forwardObservations.get(id);
      assertThat(call).as(id).isNotNull();
      assertThat(call.getContext().getName()).isEqualTo("decor.timed");
      assertThat(call.getContext().getParentObservation()).isSameAs(requests.get(id));
    }
  }
}
