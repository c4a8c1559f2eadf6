package dev.decor.conformance;

import dev.decor.engine.Decor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the {@code @Batched} suites share: each test runs on a global engine of its own (metrics in
 * {@link #meters}, a short batch shutdown timeout), closed after, and waits on futures for at most
 * {@link #LONG_SECONDS}.
 */
abstract class BatchedEngineSuite {
  static final long LONG_SECONDS = 30;

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  Decor engine;
  private Decor previous;

  @BeforeEach
  void startClean() {
    engine = Decor.builder().meterRegistry(meters)
        .batchShutdownTimeout(Duration.ofMillis(500)).build();
    previous = Decor.setGlobal(engine);
  }

  @AfterEach
  void restoreEngine() {
    engine.close();
    Decor.setGlobal(previous);
  }

  static <T> T get(CompletableFuture<T> f) throws Exception {
    return f.get(LONG_SECONDS, TimeUnit.SECONDS);
  }

  static Throwable failure(CompletableFuture<?> f) throws Exception {
    try {
      get(f);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected " + f + " to fail");
  }
}
