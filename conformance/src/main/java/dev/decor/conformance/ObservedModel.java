package dev.decor.conformance;

import dev.decor.Batched;
import dev.decor.MetricTag;
import dev.decor.NoGrad;
import dev.decor.Retry;
import dev.decor.Timed;
import dev.decor.engine.Decor;
import io.micrometer.observation.Observation;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code @Timed} with a distribution and {@code @MetricTag}s, a {@code @Batched} method with one,
 * a {@code @Timed} {@code @Retry} method and a {@code @Timed} {@code @NoGrad} one that records
 * the Observation its body runs in.
 */
public class ObservedModel {
  private final AtomicInteger attempts = new AtomicInteger();
  /** {@link #forward}'s argument to the Observation in scope in its body, and the thread. */
  public final Map<String, Observation> forwardObservations = new ConcurrentHashMap<>();
  public final Map<String, String> forwardThreads = new ConcurrentHashMap<>();

  /** Which model answers. */
  public enum Kind { RESNET, VIT }

  /** A model id to its family: one of two constants. */
  public static final class Family implements MetricTag.Mapper<String> {
    @Override
    public String tag(String id) {
      return id.startsWith("resnet") ? "resnet" : "other";
    }
  }

  @Timed(value = "observed.predict", percentiles = {0.5, 0.99}, slo = {"50ms", "200ms"})
  public String predict(@MetricTag("model") Kind kind, @MetricTag("warm") boolean warm,
      @MetricTag(value = "family", mapper = Family.class) String id) {
    return kind + "/" + warm + "/" + id;
  }

  @Timed(value = "observed.fail")
  public String fail(@MetricTag("model") Kind kind) {
    throw new IllegalStateException("no " + kind);
  }

  @Batched(method = "embedAll", maxSize = 4, maxWait = "10s", percentiles = 0.99, slo = "1ms")
  public Integer embed(Integer x) {
    throw new AssertionError("a @Batched method's body is never run");
  }

  public List<Integer> embedAll(List<Integer> xs) {
    return xs.stream().map(x -> x * 10).toList();
  }

  /** Fails its first {@code failures} attempts with an {@link IOException}, then answers. */
  @Timed("observed.flaky")
  @Retry(maxAttempts = 3)
  public String flaky(int failures) throws IOException {
    if (attempts.incrementAndGet() <= failures) {
      throw new IOException("attempt " + attempts.get());
    }
    return "ok";
  }

  /** Records the Observation its body runs in (a model thread's, from a virtual thread). */
  @Timed("observed.forward")
  @NoGrad
  public String forward(String x) {
    Observation current = Decor.global().observationRegistry().getCurrentObservation();
    if (current != null) {
      forwardObservations.put(x, current);
    }
    forwardThreads.put(x, Thread.currentThread().getName());
    return x;
  }
}
