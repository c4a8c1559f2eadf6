package dev.decor.conformance.woven;

import dev.decor.Batched;
import dev.decor.Retry;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code @Batched} uses the processor rejects at compile time; woven, each fails on its first
 * call with the processor's message and no body runs.
 */
public class InvalidBatchedTargets {
  public final AtomicInteger bodyRuns = new AtomicInteger();

  @Batched(method = "missingAll")
  public String missing(Integer x) {
    bodyRuns.incrementAndGet();
    return "ran";
  }

  @Batched(method = "wrongAll")
  public String wrongTypes(Integer x) {
    bodyRuns.incrementAndGet();
    return "ran";
  }

  public List<Long> wrongAll(List<Integer> xs) {
    bodyRuns.incrementAndGet();
    return List.of();
  }

  @Batched(method = "privateAll")
  public String privateBatch(Integer x) {
    bodyRuns.incrementAndGet();
    return "ran";
  }

  private List<String> privateAll(List<Integer> xs) {
    bodyRuns.incrementAndGet();
    return List.of();
  }

  @Batched(method = "throwingAll")
  public String undeclared(Integer x) {
    bodyRuns.incrementAndGet();
    return "ran";
  }

  public List<String> throwingAll(List<Integer> xs) throws IOException {
    bodyRuns.incrementAndGet();
    throw new IOException("never called");
  }

  @Batched(method = "rightAll")
  @Retry
  public String retried(Integer x) {
    bodyRuns.incrementAndGet();
    return "ran";
  }

  public List<String> rightAll(List<Integer> xs) {
    bodyRuns.incrementAndGet();
    return List.of();
  }
}
