package dev.decor.conformance.woven;

import dev.decor.MetricTag;
import dev.decor.Retry;
import dev.decor.Timed;
import java.util.List;

/**
 * {@code @MetricTag}s the processor refuses at compile time, here compiled without it and woven:
 * each fails its first call with the processor's message.
 */
public class InvalidMetricTagTargets {
  @Timed
  public String unmapped(@MetricTag("model") String id) {
    return id;
  }

  @Timed
  public String many(@MetricTag("ids") List<String> ids) {
    return ids.toString();
  }

  @Retry
  public String untimed(@MetricTag("warm") boolean warm) {
    return "x";
  }
}
