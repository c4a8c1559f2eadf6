package dev.decor.conformance.woven;

import dev.decor.CircuitBreaker;
import dev.decor.Fallback;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fallbacks only weaving can call: private and static ones (a generated subclass can reach
 * neither), on private and static decorated methods.
 */
public final class WovenFallbacks {
  public static final AtomicInteger STATIC_RUNS = new AtomicInteger();

  @Fallback(method = "privately")
  public String open(String key) throws IOException {
    throw new IOException("down: " + key);
  }

  private String privately(String key, Throwable failure) {
    return "private:" + key + ":" + failure.getMessage();
  }

  @Fallback(method = "statically")
  @CircuitBreaker(window = 1, openFor = "1m")
  public static String lookup(String key) throws IOException {
    STATIC_RUNS.incrementAndGet();
    throw new IOException("down: " + key);
  }

  private static String statically(String key, Exception failure) {
    return "static:" + key + ":" + failure.getClass().getSimpleName();
  }

  @Fallback(method = "privately")
  private String hidden(String key) throws IOException {
    throw new IOException("hidden " + key);
  }

  public String callHidden(String key) throws IOException {
    return hidden(key);
  }
}
