package dev.decor.examples.spring;

import dev.decor.jcache.JCacheTier;
import dev.decor.spring.boot.DecorLifecycle;
import java.util.Objects;
import javax.cache.Caching;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;

/**
 * What a replica with a shared prediction cache stops at SIGTERM, in order: first the web server
 * (Boot's graceful shutdown: no new connections, requests in flight finish), then decor's engine
 * (the starter's {@link DecorLifecycle}: its batchers answer what they hold; writes to the shared
 * cache tier still queued are flushed), then the shared cache's Hazelcast member (this bean: it
 * leaves the cluster gracefully, handing its entries to the other replicas). Hazelcast's own
 * shutdown hook is off ({@code hazelcast-sample.xml}, and {@link SharedCacheWarmUp} turns it off
 * for other configurations): it stopped the member at the signal, while requests in flight still
 * used it, and they fell back to computing.
 *
 * <p>A lifecycle phase below the engine's, which is below the web server's two (graceful
 * shutdown, then stop), so Spring stops it last of the three. Without a shared cache it does
 * nothing. Thread-safe.
 */
public class ShutdownOrder implements SmartLifecycle {
  /** After decor's engine, which closes after the web server's graceful shutdown and its stop. */
  static final int PHASE = DecorLifecycle.PHASE - 1024;
  private static final Logger log = LoggerFactory.getLogger(ShutdownOrder.class);

  private final Environment environment;
  private volatile boolean running;

  /** {@code environment}: Boot's, which says whether the prediction cache is shared. */
  public ShutdownOrder(Environment environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    if (!running) {
      return;
    }
    running = false;
    if (!SharedCacheWarmUp.isShared(environment)) {
      return;
    }
    long start = System.nanoTime();
    try {
      // Closes the provider's managers and shuts its member down gracefully (the cluster keeps its entries).
      Caching.getCachingProvider(JCacheTier.class.getClassLoader()).close();
      log.info("the shared cache's member left the cluster in {} ms", (System.nanoTime() - start) / 1_000_000);
    } catch (RuntimeException e) { // no provider (the tier never opened), or the member failed to leave
      log.warn("the shared cache's member could not be shut down: {}", e.toString());
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
