package dev.decor.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.cache.CacheStats;
import dev.decor.cache.Caches;
import dev.decor.engine.Decor;
import dev.decor.fixtures.StdErr;
import dev.decor.grad.GradMode;
import dev.decor.grad.GradScope;
import dev.decor.retry.Retries;
import dev.decor.timing.TimingStats;
import dev.decor.timing.Timings;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * decor's behaviour as users observe it through annotated classes, written once and run in every
 * {@link Mode}: subclasses only say which mode. Every test runs on a global engine of its own
 * ({@link Decor#setGlobal}, as a user's test would), so it starts with empty caches, zero timings
 * and a recording sleeper.
 */
abstract class ConformanceSuite {
  /** The mode this suite runs in. */
  abstract Mode mode();

  final List<Long> waitsNanos = Collections.synchronizedList(new ArrayList<>());

  <T> T create(Class<T> type) {
    return mode().create(type);
  }

  private Decor previous;

  @BeforeEach
  void startClean() {
    previous = Decor.setGlobal(Decor.builder()
        .sleeper(waitsNanos::add)
        .scheduler(nanos -> task -> {
          waitsNanos.add(nanos);
          task.run();
        })
        .build());
  }

  @AfterEach
  void restoreEngine() {
    Decor.setGlobal(previous);
  }

  // ---- @Retry ----

  @Test
  void retriesUntilSuccessWithinMaxAttempts() throws Exception {
    FlakyService service = create(FlakyService.class).failFirst(2);

    assertThat(service.fetch("k")).isEqualTo("k@3");
    assertThat(service.attempts()).isEqualTo(3);
  }

  @Test
  void retriesUntilMaxAttemptsThenRethrowsLastCheckedExceptionUnwrapped() {
    FlakyService service = create(FlakyService.class).failFirst(10);

    assertThatThrownBy(() -> service.fetch("k"))
        .isExactlyInstanceOf(IOException.class)
        .hasMessage("attempt 3 failed");
    assertThat(service.attempts()).isEqualTo(3);
  }

  @Test
  void waitsGrowByMultiplierAndAreCappedByMaxDelay() {
    FlakyService service = create(FlakyService.class).failFirst(10);

    assertThatThrownBy(service::backoff).hasMessage("attempt 4 failed");
    assertThat(waitsNanos).containsExactly(
        ms(10), ms(20), ms(30));
  }

  @Test
  void jitterDrawsEachWaitAroundTheDelay() {
    FlakyService service = create(FlakyService.class).failFirst(10);

    assertThatThrownBy(service::jittered).hasMessage("attempt 3 failed");
    assertThat(waitsNanos).hasSize(2).allSatisfy(w -> assertThat(w).isBetween(ms(50), ms(150)));
  }

  @Test
  void interruptDuringAWaitStopsRetryingRethrowsLastExceptionAndKeepsTheFlag() {
    Decor.setGlobal(Decor.builder().sleeper(nanos -> {
      throw new InterruptedException();
    }).build());
    FlakyService service = create(FlakyService.class).failFirst(10);

    try {
      assertThatThrownBy(service::backoff).isExactlyInstanceOf(IOException.class)
          .hasMessage("attempt 1 failed");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(service.attempts()).isEqualTo(1);
  }

  @Test
  void ignoredExceptionIsRethrownAtOnce() {
    FlakyService service = create(FlakyService.class);

    assertThatThrownBy(() -> service.validate("x"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad key x");
    assertThat(service.attempts()).isEqualTo(1);
    assertThat(waitsNanos).isEmpty();
  }

  @Test
  void errorsAreNeverRetriedEvenWhenRetryOnThrowable() {
    FlakyService service = create(FlakyService.class);

    assertThatThrownBy(service::crash).isExactlyInstanceOf(AssertionError.class);
    assertThat(service.attempts()).isEqualTo(1);
  }

  @Test
  void retryPublishesResilience4jEvents() throws Exception {
    FlakyService service = create(FlakyService.class).failFirst(1);
    service.fetch("warm-up");
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    Retries.get("FlakyService.fetch").orElseThrow()
        .getEventPublisher().onRetry(e -> events.add(e.getLastThrowable().getMessage()));

    FlakyService other = create(FlakyService.class).failFirst(2);
    other.fetch("k");

    assertThat(events).containsExactly("attempt 1 failed", "attempt 2 failed");
  }

  @Test
  void asyncMethodIsRetriedWhenItsStageFails() throws Exception {
    FlakyService service = create(FlakyService.class).failFirst(2);

    assertThat(service.fetchAsync("k").get(5, TimeUnit.SECONDS)).isEqualTo("k@3");
    assertThat(service.attempts()).isEqualTo(3);
  }

  @Test
  void asyncRetriesWorkWithTheDefaultScheduler() throws Exception {
    Decor.setGlobal(Decor.builder().build());
    FlakyService service = create(FlakyService.class).failFirst(2);

    CompletableFuture<String> result = service.fetchAsync("k");

    assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("k@3");
    assertThat(service.attempts()).isEqualTo(3);
  }

  @Test
  void asyncMethodThrowingSynchronouslyCountsAsFailedAttempt() throws Exception {
    FlakyService service = create(FlakyService.class).failFirst(2);

    assertThat(service.fetchAsyncThrowing("k").get(5, TimeUnit.SECONDS)).isEqualTo("k@3");
    assertThat(service.attempts()).isEqualTo(3);
  }

  @Test
  void asyncMethodFailsWithLastExceptionAfterMaxAttempts() {
    FlakyService service = create(FlakyService.class).failFirst(10);

    CompletableFuture<String> result = service.fetchAsync("k");

    assertThat(result).failsWithin(Duration.ofSeconds(5))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause().isExactlyInstanceOf(IOException.class).withMessage("attempt 3 failed");
    assertThat(service.attempts()).isEqualTo(3);
  }

  // ---- @Cached ----

  @Test
  void cachesResultsPerArgumentsAndCountsHitsAndMisses() {
    CountingEmbedder embedder = create(CountingEmbedder.class);

    float[] first = embedder.embed("cat");
    float[] again = embedder.embed("cat");
    embedder.embed("dog");

    assertThat(again).as("each caller gets its own copy of an array result").isEqualTo(first)
        .isNotSameAs(first);
    assertThat(embedder.calls()).isEqualTo(2);
    CacheStats stats = Caches.stats("CountingEmbedder.embed");
    assertThat(stats.hits()).isEqualTo(1);
    assertThat(stats.misses()).isEqualTo(2);
    assertThat(stats.size()).isEqualTo(2);
    assertThat(stats.maxSize()).isEqualTo(2);
  }

  @Test
  void concurrentMissesOnOneKeyComputeOnce() throws Exception {
    CountingEmbedder embedder = create(CountingEmbedder.class);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> embedder.slow("k")));
      }
      embedder.release();
      for (Future<String> r : results) {
        assertThat(r.get(10, TimeUnit.SECONDS)).isEqualTo("k!");
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(embedder.calls()).isEqualTo(1);
    assertThat(Caches.stats("CountingEmbedder.slow").hits()).isEqualTo(7);
  }

  @Test
  void boundsEntriesByMaxSize() {
    CountingEmbedder embedder = create(CountingEmbedder.class);

    for (int i = 0; i < 20; i++) {
      embedder.embed("text-" + i);
    }

    CacheStats stats = Caches.stats("CountingEmbedder.embed");
    assertThat(stats.size()).isLessThanOrEqualTo(2);
    assertThat(stats.evictions()).isGreaterThanOrEqualTo(18);
  }

  @Test
  void arrayArgumentsAreKeyedByContentAtCallTime() {
    CountingEmbedder embedder = create(CountingEmbedder.class);
    float[] v = {3, 4};

    assertThat(embedder.norm(v)).isEqualTo(5.0);
    assertThat(embedder.norm(new float[] {3, 4})).isEqualTo(5.0);
    v[0] = 0;
    assertThat(embedder.norm(v)).isEqualTo(4.0);

    assertThat(embedder.calls()).isEqualTo(2);
  }

  @Test
  void byteBufferIsKeyedByRemainingBytesAndItsPositionIsUntouched() {
    CountingEmbedder embedder = create(CountingEmbedder.class);
    ByteBuffer buffer = ByteBuffer.wrap(new byte[] {9, 1, 2, 3});
    buffer.position(1);

    assertThat(embedder.checksum(buffer)).isEqualTo(6);
    assertThat(embedder.checksum(ByteBuffer.wrap(new byte[] {1, 2, 3}))).isEqualTo(6);

    assertThat(buffer.position()).isEqualTo(1);
    assertThat(embedder.calls()).isEqualTo(1);
  }

  @Test
  void twoInstancesNeverShareResults() {
    CountingEmbedder a = create(CountingEmbedder.class);
    CountingEmbedder b = create(CountingEmbedder.class);

    a.lookup(1);
    b.lookup(1);
    a.lookup(1);

    assertThat(a.calls()).isEqualTo(1);
    assertThat(b.calls()).isEqualTo(1);
    assertThat(Caches.stats("embedder.lookup").hits()).isEqualTo(1);
  }

  @Test
  void nullResultsAreCachedUnderTheGivenName() {
    CountingEmbedder embedder = create(CountingEmbedder.class);

    assertThat(embedder.lookup(-1)).isNull();
    assertThat(embedder.lookup(-1)).isNull();

    assertThat(embedder.calls()).isEqualTo(1);
    assertThat(Caches.stats("embedder.lookup").hits()).isEqualTo(1);
  }

  @Test
  void exceptionsAreNotCached() {
    CountingEmbedder embedder = create(CountingEmbedder.class);
    embedder.failNext();

    assertThatThrownBy(() -> embedder.tokenize(" a ")).hasMessage("tokenizer not ready");
    assertThat(embedder.tokenize(" a ")).isEqualTo("a");
    assertThat(embedder.tokenize(" a ")).isEqualTo("a");

    assertThat(embedder.calls()).isEqualTo(2);
  }

  @Test
  void maxSizeZeroDisablesCachingAndCountsEveryCallAsMiss() {
    CountingEmbedder embedder = create(CountingEmbedder.class);

    embedder.uncached("x");
    embedder.uncached("x");

    assertThat(embedder.calls()).isEqualTo(2);
    assertThat(Caches.stats("CountingEmbedder.uncached").misses()).isEqualTo(2);
    assertThat(Caches.stats("CountingEmbedder.uncached").hits()).isZero();
  }

  @Test
  void clearEmptiesTheCacheAndResetsItsStatistics() {
    CountingEmbedder embedder = create(CountingEmbedder.class);
    embedder.lookup(7);
    embedder.lookup(7);

    Caches.clear("embedder.lookup");
    embedder.lookup(7);

    assertThat(embedder.calls()).isEqualTo(2);
    assertThat(Caches.stats("embedder.lookup").misses()).isEqualTo(1);
    assertThat(Caches.stats("embedder.lookup").hits()).isZero();
  }

  // ---- @NoGrad / @InferenceMode ----

  @Test
  void noGradDisablesGradInsideAndRestoresAfter() {
    TinyModel model = create(TinyModel.class);

    model.step(1);

    assertThat(model.gradSeen()).containsExactly(false);
    assertThat(GradMode.isEnabled()).isTrue();
    assertThat(model.isTraining()).isTrue();
  }

  @Test
  void inferenceModeOnAServiceThatIsNotTrainableTurnsGradOffAndWarnsOnce() throws Throwable {
    HeldModelService service = create(HeldModelService.class);

    String err = StdErr.capture(() -> {
      service.classify(1);
      service.classify(2);
    });

    assertThat(err.lines()
        .filter(l -> l.contains("[decor/InferenceModeNotTrainable] @InferenceMode on"
            + " 'HeldModelService.classify(float)': HeldModelService does not implement"
            + " Trainable, so no model is switched to eval mode")))
        .as("one warning, on the first call").hasSize(1);
    assertThat(service.model.gradSeen()).containsExactly(false, false);
    assertThat(service.model.trainingSeen()).as("the held model is left in training")
        .containsExactly(true, true);
  }

  @Test
  void inferenceModeSwitchesTrainableToEvalAndRestoresPreviousMode() {
    TinyModel model = create(TinyModel.class);

    model.predict(1);
    model.setTraining(false);
    model.predict(2);

    assertThat(model.gradSeen()).containsExactly(false, false);
    assertThat(model.trainingSeen()).containsExactly(false, false);
    assertThat(model.isTraining()).isFalse();
    model.setTraining(true);
    model.predict(3);
    assertThat(model.isTraining()).isTrue();
  }

  @Test
  void gradModeAndTrainingAreRestoredWhenTheMethodThrows() {
    TinyModel model = create(TinyModel.class);

    assertThatThrownBy(model::explode).hasMessage("model failed");

    assertThat(model.gradSeen()).containsExactly(false);
    assertThat(GradMode.isEnabled()).isTrue();
    assertThat(model.isTraining()).isTrue();
  }

  @Test
  @SuppressWarnings("try")
  void callerNoGradScopeIsRestoredNotForcedOn() {
    TinyModel model = create(TinyModel.class);

    try (GradScope scope = GradMode.noGrad()) {
      model.step(1);
      assertThat(GradMode.isEnabled()).isFalse();
    }
    assertThat(GradMode.isEnabled()).isTrue();
  }

  @Test
  void returnedIteratorProducesEveryElementWithoutGradButConsumerKeepsItsMode() {
    TinyModel model = create(TinyModel.class);

    Iterator<Integer> it = model.generate(3);
    List<Boolean> consumerSaw = new ArrayList<>();
    while (it.hasNext()) {
      it.next();
      consumerSaw.add(GradMode.isEnabled());
    }

    assertThat(model.gradSeen()).containsExactly(false, false, false, false);
    assertThat(consumerSaw).containsExactly(true, true, true);
  }

  @Test
  void returnedStreamProducesEveryElementInInferenceModeAndDownstreamRunsInCallerMode() {
    TinyModel model = create(TinyModel.class);

    List<String> out = model.stream(3)
        .map(i -> i + ":" + GradMode.isEnabled() + ":" + model.isTraining())
        .collect(Collectors.toList());

    assertThat(out).containsExactly("0:true:true", "1:true:true", "2:true:true");
    assertThat(model.gradSeen()).containsExactly(false, false, false);
    assertThat(model.trainingSeen()).containsExactly(false, false, false);
    assertThat(model.isTraining()).isTrue();
  }

  // ---- @Timed ----

  @Test
  void timesEveryCallIncludingThrowingOnes() {
    MeteredService service = create(MeteredService.class);

    service.plain();
    assertThatThrownBy(service::broken).hasMessage("broken");

    assertThat(Timings.stats("MeteredService.plain").count()).isEqualTo(1);
    TimingStats broken = Timings.stats("MeteredService.broken");
    assertThat(broken.count()).isEqualTo(1);
    assertThat(broken.maxNanos()).isPositive();
  }

  @Test
  void micrometerTimerUsesGivenNameOrMethodTimedWithClassMethodExceptionTags() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Timings.bindTo(registry);
    MeteredService service = create(MeteredService.class);

    service.infer("x");
    service.plain();
    assertThatThrownBy(service::broken).isInstanceOf(IllegalStateException.class);

    String cls = MeteredService.class.getName();
    Timer named = registry.find("inference.latency").tags("class", cls, "method", "infer").timer();
    assertThat(named).isNotNull();
    assertThat(named.count()).isEqualTo(1);
    assertThat(registry.find("method.timed")
        .tags("class", cls, "method", "plain", "exception", "none").timer().count())
        .isEqualTo(1);
    assertThat(registry.find("method.timed")
        .tags("class", cls, "method", "broken", "exception", "IllegalStateException").timer()
        .count()).isEqualTo(1);
  }

  @Test
  void selfInvocationIsDecorated() {
    MeteredService service = create(MeteredService.class);

    assertThat(service.outer()).isEqualTo("outer+plain");

    assertThat(Timings.stats("MeteredService.outer").count()).isEqualTo(1);
    assertThat(Timings.stats("MeteredService.plain").count()).isEqualTo(1);
  }

  @Test
  void annotatedOverloadsAreNamedWithTheirParameterTypes() {
    Overloads overloads = create(Overloads.class);

    overloads.score(new float[2]);
    overloads.score(new float[2], 3);
    overloads.score("undecorated");

    assertThat(Timings.stats("Overloads.score(float[])").count()).isEqualTo(1);
    assertThat(Timings.stats("Overloads.score(float[],int)").count()).isEqualTo(1);
    assertThat(Timings.stats("Overloads.score").count()).isZero();
  }

  @Test
  void asyncMethodIsTimedUntilItsStageCompletes() throws Exception {
    AsyncService service = create(AsyncService.class);
    CompletableFuture<String> gate = new CompletableFuture<>();

    CompletableFuture<String> answer = service.answer(gate);
    assertThat(Timings.stats("AsyncService.answer").count()).isZero();
    gate.complete("42");

    assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo("answer:42");
    assertThat(Timings.stats("AsyncService.answer").count()).isEqualTo(1);
  }

  // ---- Order of stacked decorators, and exactly once ----

  @Test
  void stackedDecoratorsApplyInFixedOrderWhateverOrderTheyAreWritten() throws Exception {
    StackedService service = create(StackedService.class);

    assertThat(service.load("a")).isEqualTo("A");
    // Retry inside cache, grad innermost: three attempts, every one without grad.
    assertThat(service.attempts()).isEqualTo(3);
    assertThat(service.gradPerAttempt()).containsExactly(false, false, false);
    assertThat(GradMode.isEnabled()).isTrue();

    // A cache hit skips retries; timing (outermost) sees both calls.
    assertThat(service.load("a")).isEqualTo("A");
    assertThat(service.attempts()).isEqualTo(3);
    assertThat(Caches.stats("StackedService.load").hits()).isEqualTo(1);
    assertThat(Timings.stats("StackedService.load").count()).isEqualTo(2);
  }

  @Test
  void eachCallIsDecoratedExactlyOnce() {
    StackedService service = create(StackedService.class);

    assertThatThrownBy(service::alwaysFails).hasMessage("down");

    // Decorated twice would mean 2 x 2 attempts and two timings per call.
    assertThat(service.attempts()).isEqualTo(2);
    assertThat(Timings.stats("StackedService.alwaysFails").count()).isEqualTo(1);
  }

  private static long ms(long millis) {
    return TimeUnit.MILLISECONDS.toNanos(millis);
  }
}
