package dev.decor.timing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.batch.Batcher;
import dev.decor.engine.Decor;
import dev.decor.engine.internal.Chain;
import dev.decor.fixtures.VirtualThreads21;
import dev.decor.kernel.MethodKey;
import dev.decor.spec.BatchedSpec;
import dev.decor.spec.TimedSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real spans: Observations through micrometer-tracing's OpenTelemetry bridge into the
 * OpenTelemetry SDK's in-memory exporter — a {@code @Timed} call's span is the child of the
 * caller's, on platform and virtual threads, and what a batch method does on the batch worker
 * is the child of the batch's span.
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
  private final Decor decor;
  private final Models models = new Models();

  OpenTelemetrySpansTest() {
    OtelCurrentTraceContext current = new OtelCurrentTraceContext();
    OtelTracer tracer = new OtelTracer(provider.get("decor-test"), current, event -> { });
    observations.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
    decor = Decor.builder().meterRegistry(new SimpleMeterRegistry())
        .observationRegistry(observations).build();
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
    ExecutorService threads = Executors.newFixedThreadPool(32);
    try {
      eachCallIsTheChildOfItsRequest(threads, 32);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aCallsSpanIsTheChildOfItsCallersOnVirtualThreads() throws Exception {
    ExecutorService threads = VirtualThreads21.executor();
    try {
      eachCallIsTheChildOfItsRequest(threads, 64);
    } finally {
      threads.shutdownNow();
    }
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
}
