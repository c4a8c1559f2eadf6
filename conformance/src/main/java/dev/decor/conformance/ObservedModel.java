package dev.decor.conformance;

import dev.decor.Batched;
import dev.decor.MetricTag;
import dev.decor.Timed;
import java.util.List;

/** {@code @Timed} with a distribution and {@code @MetricTag}s, and a {@code @Batched} method with one. */
public class ObservedModel {
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
}
