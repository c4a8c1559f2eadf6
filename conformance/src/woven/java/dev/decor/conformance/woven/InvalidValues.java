package dev.decor.conformance.woven;

import dev.decor.Cached;
import dev.decor.InferenceMode;
import dev.decor.NoGrad;
import dev.decor.Retry;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Annotation values the processor rejects at compile time; woven, each method fails on its first
 * call with the processor's message, and its body never runs.
 */
public class InvalidValues {
  public final AtomicInteger bodyRuns = new AtomicInteger();

  @Retry(maxAttempts = 0)
  public String zeroAttempts() {
    bodyRuns.incrementAndGet();
    return "ran";
  }

  @Retry(delay = "soon")
  public String badDelay() {
    bodyRuns.incrementAndGet();
    return "ran";
  }

  @Retry(multiplier = 0.5)
  public String shrinkingBackoff() {
    bodyRuns.incrementAndGet();
    return "ran";
  }

  @Retry(jitter = 1.0)
  public String fullJitter() {
    bodyRuns.incrementAndGet();
    return "ran";
  }

  @Retry(retryOn = IOException.class, ignore = IOException.class)
  public String retryAndIgnore() {
    bodyRuns.incrementAndGet();
    return "ran";
  }

  @Cached(maxSize = -1)
  public String negativeSize() {
    bodyRuns.incrementAndGet();
    return "ran";
  }

  @Cached(expireAfterWrite = "10 minutes")
  public String badTtl() {
    bodyRuns.incrementAndGet();
    return "ran";
  }

  @Cached
  public void warmUp() {
    bodyRuns.incrementAndGet();
  }

  @NoGrad
  @InferenceMode
  public String bothGradModes() {
    bodyRuns.incrementAndGet();
    return "ran";
  }
}
