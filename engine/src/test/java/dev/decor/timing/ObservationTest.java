package dev.decor.timing;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.MetricTag;
import dev.decor.batch.BatchObservationContext;
import dev.decor.batch.Batcher;
import dev.decor.engine.Decor;
import dev.decor.engine.internal.Chain;
import dev.decor.internal.Shape;
import dev.decor.kernel.MethodKey;
import dev.decor.cache.CachedDecorator;
import dev.decor.fixtures.Await;
import dev.decor.retry.RetryDecorator;
import dev.decor.retry.RetryEvent;
import dev.decor.spec.BatchedSpec;
import dev.decor.spec.CachedSpec;
import dev.decor.spec.RetrySpec;
import dev.decor.spec.TimedSpec;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** {@code @Timed} calls and batches as Micrometer Observations, seen by Micrometer's test registry. */
class ObservationTest {
  enum Kind { RESNET, VIT }

  static final class Models {
    String predict(Kind kind) {
      return kind.name();
    }

    CompletableFuture<String> later(String x) {
      return new CompletableFuture<>();
    }

    String label(Kind kind) {
      return kind.name().toLowerCase();
    }
  }

  private static final MethodKey PREDICT = MethodKey.of(Models.class, "predict", Kind.class);
  private static final MethodKey LATER = MethodKey.of(Models.class, "later", String.class);

  private final TestObservationRegistry observations = TestObservationRegistry.create();
  private final Decor decor = Decor.builder().meterRegistry(new SimpleMeterRegistry())
      .observationRegistry(observations).build();
  private final Models models = new Models();

  @Test
  void aTimedCallIsAnObservationWithTheMethodAndTagKeyValues() throws Throwable {
    Chain chain = decor.chain(PREDICT,
        TimedSpec.builder().tag(0, "model", MetricTag.Mapper.class).build());
    List<Observation> inside = new ArrayList<>();
    chain.invoke(models, new Object[] {Kind.VIT}, () -> {
      inside.add(observations.getCurrentObservation());
      return models.predict(Kind.VIT);
    });

    assertThat(observations).hasNumberOfObservationsEqualTo(1)
        .hasObservationWithNameEqualTo(TimedDecorator.OBSERVATION).that()
        .hasBeenStarted().hasBeenStopped()
        .hasContextualNameEqualTo("Models.predict")
        .hasLowCardinalityKeyValue("class", Models.class.getName())
        .hasLowCardinalityKeyValue("method", "predict")
        .hasLowCardinalityKeyValue("model", "VIT")
        .hasLowCardinalityKeyValue("exception", "none")
        .hasLowCardinalityKeyValue("outcome", "success")
        .doesNotHaveError();
    // The body ran in the call's scope: what it observes is the call's child.
    assertThat(inside.get(0).getContext()).isInstanceOfSatisfying(TimedObservationContext.class,
        c -> assertThat(c.decorName()).isEqualTo("Models.predict"));
    assertThat(observations.getCurrentObservation()).isNull();
  }

  @Test
  void aFailedCallStopsItsObservationWithTheError() {
    Chain chain = decor.chain(PREDICT, TimedSpec.of("", false));
    IOException down = new IOException("down");
    assertThatThrownBy(() -> chain.invoke(models, () -> {
      throw down;
    })).isSameAs(down);
    assertThat(observations).hasSingleObservationThat().hasBeenStopped()
        .hasLowCardinalityKeyValue("exception", "IOException")
        .hasLowCardinalityKeyValue("outcome", "error")
        .hasError(down);
    assertThat(observations.getCurrentObservation()).isNull();
  }

  @Test
  void theTimingHooksOfATimedOnlyChainObserveTheCallInItsScope() throws Throwable {
    Chain chain = decor.chain(PREDICT, TimedSpec.of("", false));
    assertThat(chain.shape()).isEqualTo(Shape.TIMED_ONLY);
    Observation request = Observation.start("request", observations);
    try (Observation.Scope scope = request.openScope()) {
      long start = chain.timedStart();
      Observation inside = observations.getCurrentObservation();
      assertThat(inside.getContext()).isInstanceOf(TimedObservationContext.class);
      assertThat(inside.getContext().getParentObservation()).isSameAs(request);
      chain.timedEnd(start, "done");
      assertThat(observations.getCurrentObservation()).isSameAs(request);

      long again = chain.timedStart();
      chain.timedFailed(again, new IllegalStateException("no"));
      assertThat(observations.getCurrentObservation()).isSameAs(request);
    }
    request.stop();
    assertThat(observations).hasNumberOfObservationsWithNameEqualTo(TimedDecorator.OBSERVATION, 2)
        .hasAnObservation(o -> o.hasLowCardinalityKeyValue("outcome", "success"))
        .hasAnObservation(o -> o.hasLowCardinalityKeyValue("exception", "IllegalStateException"));
  }

  @Test
  void anAsyncCallIsObservedUntilItsStageCompletes() throws Throwable {
    Chain chain = decor.chain(LATER, TimedSpec.of("", false));
    CompletableFuture<String> pending = new CompletableFuture<>();
    Object returned = chain.invoke(models, () -> pending);
    assertThat(observations).hasSingleObservationThat().hasBeenStarted().isNotStopped();
    assertThat(observations.getCurrentObservation()).isNull(); // the scope closed on return

    pending.complete("late");
    assertThat(returned).isSameAs(pending);
    assertThat(observations).hasSingleObservationThat().hasBeenStopped()
        .hasLowCardinalityKeyValue("outcome", "success");
  }

  @Test
  void eachBatchIsAnObservationListingItsCallersAndScopingTheBatchMethod() throws Exception {
    int n = 4;
    List<Observation> inBatch = new CopyOnWriteArrayList<>();
    Batcher<Integer, Integer> batcher = decor.batch("doubler",
        BatchedSpec.builder().maxSize(n).maxWait("10s").build(), items -> {
          inBatch.add(observations.getCurrentObservation());
          return items.stream().map(i -> i * 2).toList();
        });
    ExecutorService callers = Executors.newFixedThreadPool(n);
    CountDownLatch started = new CountDownLatch(n);
    List<Observation> requests = new CopyOnWriteArrayList<>();
    List<Future<Integer>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        int item = i;
        answers.add(callers.submit(() -> {
          Observation request = Observation.start("request", observations);
          requests.add(request);
          try (Observation.Scope scope = request.openScope()) {
            started.countDown();
            return batcher.apply(item);
          } finally {
            request.stop();
          }
        }));
      }
      for (int i = 0; i < n; i++) {
        assertThat(answers.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i * 2);
      }
    } finally {
      callers.shutdownNow();
    }

    assertThat(inBatch).hasSize(1);
    Observation batch = inBatch.get(0);
    assertThat(batch.getContext()).isInstanceOfSatisfying(BatchObservationContext.class, c -> {
      assertThat(c.batcher()).isEqualTo("doubler");
      assertThat(c.callers()).containsExactlyInAnyOrderElementsOf(requests);
      assertThat(c.getParentObservation()).isNull();
      assertThat(c.getLowCardinalityKeyValue("name").getValue()).isEqualTo("doubler");
      assertThat(c.getHighCardinalityKeyValue("size").getValue()).isEqualTo(String.valueOf(n));
    });
    assertThat(observations).hasAnObservation(o -> o.hasNameEqualTo("decor.batch"));
  }

  /** An engine that retries at once, reporting to {@link #observations}. */
  private Decor instantRetries() {
    return Decor.builder().meterRegistry(new SimpleMeterRegistry()).instantRetries()
        .observationRegistry(observations).build();
  }

  @Test
  void eachRetryIsAnEventOfTheCallsObservation() throws Throwable {
    Decor instant = instantRetries();
    Chain chain = instant.chain(PREDICT, TimedSpec.of("", false),
        RetrySpec.builder().maxAttempts(3).build());
    AtomicInteger attempts = new AtomicInteger();
    assertThat(chain.invoke(models, () -> {
      if (attempts.incrementAndGet() < 3) {
        throw new IOException("flaky");
      }
      return "ok";
    })).isEqualTo("ok");
    assertThat(observations).hasSingleObservationThat().hasBeenStopped()
        .hasLowCardinalityKeyValue("outcome", "success")
        .hasEvent(RetryDecorator.RETRY_EVENT, "retry after attempt 1: java.io.IOException")
        .hasEvent(RetryDecorator.RETRY_EVENT, "retry after attempt 2: java.io.IOException");
  }

  @Test
  void anAsyncCallsRetriesAreEventsOfItsObservationThoughTheyRunElsewhere() throws Throwable {
    Decor instant = instantRetries();
    Chain chain = instant.chain(LATER, TimedSpec.of("", false),
        RetrySpec.builder().maxAttempts(3).build());
    AtomicInteger attempts = new AtomicInteger();
    List<CompletableFuture<String>> stages = new CopyOnWriteArrayList<>();
    @SuppressWarnings("unchecked")
    CompletableFuture<String> answer = (CompletableFuture<String>) chain.invoke(models,
        new Object[] {"x"}, () -> {
          attempts.incrementAndGet();
          CompletableFuture<String> stage = new CompletableFuture<>();
          stages.add(stage);
          return stage;
        });
    // Each attempt fails from another thread, where no Observation is in scope.
    Thread failing = new Thread(() -> stages.get(0).completeExceptionally(new IOException("1")));
    failing.start();
    failing.join();
    Await.until("the second attempt", Duration.ofSeconds(10), () -> stages.size() == 2);
    Thread rejecting = new Thread(
        () -> stages.get(1).completeExceptionally(new IllegalStateException("2")));
    rejecting.start();
    rejecting.join();
    Await.until("the third attempt", Duration.ofSeconds(10), () -> stages.size() == 3);
    stages.get(2).complete("ok");

    assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
    assertThat(attempts).hasValue(3);
    assertThat(observations).hasSingleObservationThat().hasBeenStopped()
        .hasEvent(RetryDecorator.RETRY_EVENT, "retry after attempt 1: java.io.IOException")
        .hasEvent(RetryDecorator.RETRY_EVENT,
            "retry after attempt 2: java.lang.IllegalStateException");
  }

  /** A {@code retryIf} predicate: an empty answer is retried. */
  public static final class IsEmpty implements Predicate<String> {
    @Override
    public boolean test(String s) {
      return s.isEmpty();
    }
  }

  @Test
  void aRetryEventCarriesTheAttemptAndTheExceptionClassOrARejectedResult() throws Throwable {
    List<Observation.Event> events = new CopyOnWriteArrayList<>();
    observations.observationConfig().observationHandler(new ObservationHandler<>() {
      @Override
      public void onEvent(Observation.Event event, Observation.Context context) {
        events.add(event);
      }

      @Override
      public boolean supportsContext(Observation.Context context) {
        return true;
      }
    });
    Decor instant = instantRetries();
    Chain chain = instant.chain(PREDICT, TimedSpec.of("", false),
        RetrySpec.builder().maxAttempts(3).retryIf(IsEmpty.class).build());
    AtomicInteger attempts = new AtomicInteger();
    assertThat(chain.invoke(models, new Object[] {Kind.VIT}, () -> {
      switch (attempts.incrementAndGet()) {
        case 1:
          throw new IOException("flaky");
        case 2:
          return "";
        default:
          return "ok";
      }
    })).isEqualTo("ok");

    assertThat(events).hasSize(2);
    assertThat(events.get(0)).isInstanceOfSatisfying(RetryEvent.class, e -> {
      assertThat(e.attempt()).isEqualTo(1);
      assertThat(e.exception()).isEqualTo(IOException.class);
    });
    assertThat(events.get(1)).isInstanceOfSatisfying(RetryEvent.class, e -> {
      assertThat(e.attempt()).isEqualTo(2);
      assertThat(e.exception()).isNull();
    });
    assertThat(observations).hasSingleObservationThat()
        .hasEvent(RetryDecorator.RETRY_EVENT, "retry after attempt 1: java.io.IOException")
        .hasEvent(RetryDecorator.RETRY_EVENT, "retry after attempt 2: result rejected");
  }

  @Test
  void aCachedCallSaysWhetherItWasAHitOrAMiss() throws Throwable {
    Chain chain = decor.chain(PREDICT, TimedSpec.of("", false),
        CachedSpec.builder().maxSize(10).build());
    chain.invoke(models, new Object[] {Kind.VIT}, () -> models.predict(Kind.VIT));
    chain.invoke(models, new Object[] {Kind.VIT}, () -> models.predict(Kind.VIT));
    assertThat(observations).hasNumberOfObservationsEqualTo(2)
        .hasAnObservation(o -> o.hasLowCardinalityKeyValue(CachedDecorator.KEY_VALUE, "miss"))
        .hasAnObservation(o -> o.hasLowCardinalityKeyValue(CachedDecorator.KEY_VALUE, "hit"));
  }

  @Test
  void everyCallsObservationHasTheSameKeysCachedOrNot() throws Throwable {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry withMeters = ObservationRegistry.create();
    withMeters.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    Decor observed = Decor.builder().meterRegistry(new SimpleMeterRegistry())
        .observationRegistry(withMeters).build();
    Chain cached = observed.chain(PREDICT, TimedSpec.of("", false),
        CachedSpec.builder().maxSize(10).build());
    Chain plain = observed.chain(MethodKey.of(Models.class, "label", Kind.class),
        TimedSpec.of("", false));
    cached.invoke(models, new Object[] {Kind.VIT}, () -> models.predict(Kind.VIT));
    plain.invoke(models, new Object[] {Kind.VIT}, () -> models.label(Kind.VIT));

    // A registry such as Prometheus's takes one set of tag keys per meter name.
    List<Set<String>> keys = new ArrayList<>();
    for (Timer timer : meters.find(TimedDecorator.OBSERVATION).timers()) {
      Set<String> names = new TreeSet<>();
      timer.getId().getTags().forEach(t -> names.add(t.getKey()));
      keys.add(names);
    }
    assertThat(keys).hasSize(2).containsOnly(keys.get(0)).allSatisfy(k ->
        assertThat(k).contains(CachedDecorator.KEY_VALUE));
    assertThat(meters.find(TimedDecorator.OBSERVATION).tag(CachedDecorator.KEY_VALUE, "none")
        .timer()).isNotNull();
  }

  @Test
  void withoutARegistryOrWithTheNoopOneNoObservationIsMade() throws Throwable {
    assertThat(Decor.builder().build().observationRegistry()).isNull();
    Decor noop = Decor.builder().meterRegistry(new SimpleMeterRegistry())
        .observationRegistry(ObservationRegistry.NOOP).build();
    assertThat(noop.observationRegistry()).isNull();
    Chain chain = noop.chain(PREDICT, TimedSpec.of("", false));
    chain.invoke(models, () -> {
      assertThat(observations.getCurrentObservation()).isNull();
      return "x";
    });
    assertThat(observations).doesNotHaveAnyObservation();
  }
}
