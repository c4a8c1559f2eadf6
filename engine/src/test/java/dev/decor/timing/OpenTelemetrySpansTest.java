package dev.decor.timing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.batch.BatchTracingObservationHandler;
import dev.decor.batch.Batcher;
import dev.decor.engine.Decor;
import dev.decor.engine.internal.Chain;
import dev.decor.fixtures.VirtualThreads21;
import dev.decor.grad.GradMode;
import dev.decor.kernel.Invocation;
import dev.decor.kernel.MethodKey;
import dev.decor.spec.BatchedSpec;
import dev.decor.spec.GradSpec;
import dev.decor.spec.RetrySpec;
import dev.decor.spec.TimedSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real spans: Observations through micrometer-tracing's OpenTelemetry bridge into the
 * OpenTelemetry SDK's in-memory exporter — a {@code @Timed} call's span is the child of the
 * caller's, on platform and virtual threads, with an event per retry; what a body handed from a
 * virtual thread to a model thread opens is the child of its caller's span; what a batch method
 * does on the batch worker is the child of the batch's span, which links its items' callers.
 */
class OpenTelemetrySpansTest {
  static final class Models {
    String predict(String x) {
      return x;
    }
  }

  private static final MethodKey PREDICT = MethodKey.of(Models.class, "predict", String.class);

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider provider = SdkTracerProvider.builder()
      .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final ObservationRegistry observations = ObservationRegistry.create();
  private final OtelTracer tracer;
  private final Decor decor;
  private final Models models = new Models();

  OpenTelemetrySpansTest() {
    OtelCurrentTraceContext current = new OtelCurrentTraceContext();
    OtelTracer tracer = new OtelTracer(provider.get("decor-test"), current, event -> { });
    this.tracer = tracer;
    // As docs/observability.md says: the batch handler first, the default one for the rest.
    observations.observationConfig().observationHandler(
        new ObservationHandler.FirstMatchingCompositeObservationHandler(
            new BatchTracingObservationHandler(tracer),
            new DefaultTracingObservationHandler(tracer)));
    decor = Decor.builder().meterRegistry(new SimpleMeterRegistry())
        .observationRegistry(observations).instantRetries().build();
  }

  @AfterEach
  void close() {
    decor.close();
    provider.close();
  }

  private Map<String, SpanData> byId() {
    return exporter.getFinishedSpanItems().stream()
        .collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));
  }

  /** Each of {@code n} requests on {@code threads} makes one call; its span's parent is its request. */
  private void eachCallIsTheChildOfItsRequest(ExecutorService threads, int n) throws Exception {
    Chain chain = decor.chain(PREDICT, TimedSpec.of("", false));
    CountDownLatch ready = new CountDownLatch(n);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = "r" + i;
      done.add(threads.submit(() -> {
        ready.countDown();
        ready.await(); // a cold start: every thread makes its first call at once
        Observation request = Observation.createNotStarted("request", observations)
            .contextualName(id).start();
        try (Observation.Scope scope = request.openScope()) {
          return chain.invoke(models, () -> {
            Observation.createNotStarted("model", observations).contextualName("model-" + id)
                .observe(() -> { });
            return models.predict(id);
          });
        } catch (Throwable t) {
          throw new AssertionError(t);
        } finally {
          request.stop();
        }
      }));
    }
    for (Future<?> f : done) {
      f.get(10, TimeUnit.SECONDS);
    }
    Map<String, SpanData> spans = byId();
    assertThat(spans).hasSize(3 * n);
    for (SpanData model : spans.values()) {
      if (!model.getName().startsWith("model-")) {
        continue;
      }
      SpanData call = spans.get(model.getParentSpanId());
      assertThat(call.getName()).isEqualTo("Models.predict");
      SpanData request = spans.get(call.getParentSpanId());
      assertThat(request.getName()).isEqualTo(model.getName().substring("model-".length()));
      assertThat(request.getParentSpanContext().isValid()).isFalse();
      assertThat(call.getTraceId()).isEqualTo(request.getTraceId());
      assertThat(call.getAttributes().asMap().toString())
          .contains("method=predict").contains("outcome=success");
    }
  }

  @Test
  void aCallsSpanIsTheChildOfItsCallersOnPlatformThreads() throws Exception {
    onThreads(Executors.newFixedThreadPool(32),
        threads -> eachCallIsTheChildOfItsRequest(threads, 32));
  }

  @Test
  void aCallsSpanIsTheChildOfItsCallersOnVirtualThreads() throws Exception {
    onThreads(VirtualThreads21.executor(),
        threads -> eachCallIsTheChildOfItsRequest(threads, 64));
  }

  @Test
  void whatTheBatchMethodDoesIsTheChildOfTheBatchSpan() throws Exception {
    Chain model = decor.chain(PREDICT, TimedSpec.of("", false));
    int n = 4;
    Batcher<String, String> batcher = decor.batch("predictAll",
        BatchedSpec.builder().maxSize(n).maxWait("10s").build(), items -> {
          List<String> out = new ArrayList<>();
          for (String item : items) {
            out.add((String) model.invoke(models, () -> models.predict(item)));
          }
          return out;
        });
    ExecutorService callers = Executors.newFixedThreadPool(n);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String item = "x" + i;
        answers.add(callers.submit(() -> Observation.createNotStarted("request", observations)
            .observeChecked(() -> batcher.apply(item))));
      }
      for (int i = 0; i < n; i++) {
        assertThat(answers.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("x" + i);
      }
    } finally {
      callers.shutdownNow();
    }

    Map<String, SpanData> spans = byId();
    SpanData batch = spans.values().stream().filter(s -> s.getName().equals("predictAll"))
        .findFirst().orElseThrow();
    assertThat(batch.getParentSpanContext().isValid()).isFalse(); // many callers: no one parent
    List<SpanData> calls = spans.values().stream()
        .filter(s -> s.getName().equals("Models.predict")).toList();
    assertThat(calls).hasSize(n).allSatisfy(call -> {
      assertThat(call.getParentSpanId()).isEqualTo(batch.getSpanId());
      assertThat(call.getTraceId()).isEqualTo(batch.getTraceId());
    });
  }

  /** Work on an executor of test threads. */
  @FunctionalInterface
  private interface OnThreads {
    void run(ExecutorService threads) throws Exception;
  }

  /** Runs {@code work} on {@code threads}, then shuts them down. */
  private static void onThreads(ExecutorService threads, OnThreads work) throws Exception {
    try {
      work.run(threads);
    } finally {
      threads.shutdownNow();
    }
  }

  /** Runs {@code task(i)} for i in [0, n) on {@code threads}, all starting at once; waits. */
  private static void atOnce(ExecutorService threads, int n, Task task) throws Exception {
    CountDownLatch ready = new CountDownLatch(n);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int id = i;
      done.add(threads.submit(() -> {
        ready.countDown();
        ready.await(); // a cold start: every thread makes its first call at once
        try {
          task.run(id);
        } catch (Exception | Error e) {
          throw e;
        } catch (Throwable t) {
          throw new AssertionError(t);
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get(30, TimeUnit.SECONDS);
    }
  }

  /** One thread's work in {@link #atOnce}. */
  @FunctionalInterface
  private interface Task {
    void run(int id) throws Throwable;
  }

  /** Runs {@code body} in a started Observation {@code request-<id>} in scope; stops it. */
  private Object inRequest(int id, Chain chain, Invocation body) throws Throwable {
    Observation request = Observation.createNotStarted("request", observations)
        .contextualName("request-" + id).start();
    try (Observation.Scope scope = request.openScope()) {
      return chain.invoke(models, body);
    } finally {
      request.stop();
    }
  }

  private static SpanData named(Map<String, SpanData> spans, String name) {
    return spans.values().stream().filter(s -> s.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans.values()));
  }

  private void eachRetryIsAnEventOfItsCallsSpan(ExecutorService threads, int n) throws Exception {
    Chain chain = decor.chain(PREDICT, TimedSpec.of("", false),
        RetrySpec.builder().maxAttempts(3).build());
    atOnce(threads, n, id -> {
      AtomicInteger attempts = new AtomicInteger();
      // Thread i fails its first i % 3 attempts: 0, 1 or 2 retries.
      assertThat(inRequest(id, chain, () -> {
        if (attempts.incrementAndGet() <= id % 3) {
          throw attempts.get() == 1 ? new IOException("flaky") : new IllegalStateException("busy");
        }
        return models.predict("r" + id);
      })).isEqualTo("r" + id);
    });

    Map<String, SpanData> spans = byId();
    assertThat(spans).hasSize(2 * n);
    for (int id = 0; id < n; id++) {
      SpanData request = named(spans, "request-" + id);
      SpanData call = spans.values().stream()
          .filter(s -> s.getParentSpanId().equals(request.getSpanId())).findFirst().orElseThrow();
      assertThat(call.getName()).isEqualTo("Models.predict");
      List<String> events = call.getEvents().stream().map(EventData::getName).toList();
      List<String> expected = List.of("retry after attempt 1: java.io.IOException",
          "retry after attempt 2: java.lang.IllegalStateException").subList(0, id % 3);
      assertThat(events).as("request-" + id).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void eachRetryIsAnEventOfItsCallsSpanOnPlatformThreads() throws Exception {
    onThreads(Executors.newFixedThreadPool(32),
        threads -> eachRetryIsAnEventOfItsCallsSpan(threads, 32));
  }

  @Test
  void eachRetryIsAnEventOfItsCallsSpanOnVirtualThreads() throws Exception {
    onThreads(VirtualThreads21.executor(),
        threads -> eachRetryIsAnEventOfItsCallsSpan(threads, 64));
  }

  @Test
  void whatAModelThreadRunsForAVirtualThreadStaysInItsCallersSpanAndLeavesNothingBehind()
      throws Exception {
    Chain chain = decor.chain(PREDICT, TimedSpec.of("", false), GradSpec.NO_GRAD);
    int n = 64;
    Set<String> modelThreads = ConcurrentHashMap.newKeySet();
    List<String> leaks = new CopyOnWriteArrayList<>();
    ExecutorService threads = VirtualThreads21.executor();
    try {
      atOnce(threads, n, id -> {
        assertThat(inRequest(id, chain, () -> {
          modelThreads.add(Thread.currentThread().getName());
          Observation.createNotStarted("model", observations).contextualName("model-" + id)
              .observe(() -> { });
          return models.predict("r" + id);
        })).isEqualTo("r" + id);
        // The next hand-offs, from a thread with nothing in scope, find nothing on the model
        // thread, whichever earlier caller's body it ran.
        for (int i = 0; i < 4; i++) {
          GradMode.noGrad(() -> {
            if (observations.getCurrentObservation() != null || tracer.currentSpan() != null
                || io.opentelemetry.api.trace.Span.current().getSpanContext().isValid()) {
              leaks.add(Thread.currentThread().getName() + ": " + tracer.currentSpan());
            }
            return null;
          });
        }
      });
    } finally {
      threads.shutdownNow();
    }

    assertThat(modelThreads).isNotEmpty().allSatisfy(t -> assertThat(t).startsWith("decor-model-"));
    assertThat(leaks).isEmpty();
    Map<String, SpanData> spans = byId();
    assertThat(spans).hasSize(3 * n);
    for (int id = 0; id < n; id++) {
      SpanData model = named(spans, "model-" + id);
      SpanData call = spans.get(model.getParentSpanId());
      assertThat(call.getName()).isEqualTo("Models.predict");
      SpanData request = spans.get(call.getParentSpanId());
      assertThat(request.getName()).isEqualTo("request-" + id);
      assertThat(model.getTraceId()).isEqualTo(request.getTraceId());
    }
  }

  /**
   * {@code n} requests on {@code threads}, each a {@code @Timed} call that queues one item: every
   * batch span is a root whose links are its items' calls (their span and trace ids), and each
   * call is linked by exactly one batch.
   */
  private void eachBatchLinksItsItemsCallers(ExecutorService threads, int n) throws Exception {
    Batcher<String, String> batcher = decor.batch("predictAll",
        BatchedSpec.builder().maxSize(16).maxWait("5ms").build(), items -> {
          Observation.createNotStarted("forward", observations).contextualName("forward")
              .observe(() -> { });
          return new ArrayList<>(items);
        });
    Chain chain = decor.chain(PREDICT, TimedSpec.of("", false));
    atOnce(threads, n, id -> assertThat(inRequest(id, chain, () -> batcher.apply("x" + id)))
        .isEqualTo("x" + id));

    Map<String, SpanData> spans = byId();
    List<SpanData> batches = spans.values().stream()
        .filter(s -> s.getName().equals("predictAll")).toList();
    Map<String, SpanData> calls = spans.values().stream()
        .filter(s -> s.getName().equals("Models.predict"))
        .collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));
    assertThat(calls).hasSize(n);
    Set<String> linked = new HashSet<>();
    int items = 0;
    for (SpanData batch : batches) {
      assertThat(batch.getParentSpanContext().isValid()).isFalse(); // many callers: no one parent
      assertThat(batch.getLinks()).isNotEmpty().allSatisfy(link -> {
        SpanData call = calls.get(link.getSpanContext().getSpanId());
        assertThat(call).as("a link to an item's caller").isNotNull();
        assertThat(link.getSpanContext().getTraceId()).isEqualTo(call.getTraceId())
            .isNotEqualTo(batch.getTraceId());
        assertThat(linked.add(call.getSpanId())).as("linked once").isTrue();
      });
      items += Integer.parseInt(batch.getAttributes().asMap().entrySet().stream()
          .filter(e -> e.getKey().getKey().equals("size")).findFirst().orElseThrow()
          .getValue().toString());
      SpanData forward = spans.values().stream()
          .filter(s -> s.getName().equals("forward")
              && s.getParentSpanId().equals(batch.getSpanId()))
          .findFirst().orElseThrow();
      assertThat(forward.getTraceId()).isEqualTo(batch.getTraceId());
    }
    assertThat(items).isEqualTo(n);
    assertThat(linked).isEqualTo(calls.keySet());
    // Each call is its own request's child: the links did not make the batch anyone's parent.
    for (SpanData call : calls.values()) {
      assertThat(spans.get(call.getParentSpanId()).getName()).startsWith("request-");
    }
  }

  @Test
  void eachBatchLinksItsItemsCallersOnPlatformThreads() throws Exception {
    onThreads(Executors.newFixedThreadPool(32),
        threads -> eachBatchLinksItsItemsCallers(threads, 32));
  }

  @Test
  void eachBatchLinksItsItemsCallersOnVirtualThreads() throws Exception {
    onThreads(VirtualThreads21.executor(),
        threads -> eachBatchLinksItsItemsCallers(threads, 64));
  }

  @Test
  void aCallerWithSeveralItemsInOneBatchIsLinkedOnce() throws Exception {
    int n = 4;
    Batcher<String, String> batcher = decor.batch("predictAll",
        BatchedSpec.builder().maxSize(n).maxWait("10s").build(), ArrayList::new);
    Observation request = Observation.createNotStarted("request", observations)
        .contextualName("request").start();
    List<CompletableFuture<String>> answers = new ArrayList<>();
    try (Observation.Scope scope = request.openScope()) {
      for (int i = 0; i < n; i++) {
        answers.add(batcher.async().apply("x" + i));
      }
    }
    for (CompletableFuture<String> answer : answers) {
      answer.get(10, TimeUnit.SECONDS);
    }
    request.stop();

    Map<String, SpanData> spans = byId();
    SpanData batch = named(spans, "predictAll");
    SpanData caller = named(spans, "request");
    assertThat(batch.getLinks()).singleElement().satisfies(link -> {
      assertThat(link.getSpanContext().getSpanId()).isEqualTo(caller.getSpanId());
      assertThat(link.getSpanContext().getTraceId()).isEqualTo(caller.getTraceId());
    });
  }
}
