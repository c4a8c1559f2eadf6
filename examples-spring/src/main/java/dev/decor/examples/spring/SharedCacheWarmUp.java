package dev.decor.examples.spring;

import dev.decor.cache.SharedTier;
import dev.decor.engine.Decor;
import dev.decor.jcache.JCacheTier;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.cache.CacheManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * Joins the shared cache's cluster at start-up when the prediction cache is shared
 * ({@code decor.cache.shared=PredictionService.predict} as a system property, program argument or
 * any other of Boot's property sources; docs/spring.md), before the service
 * reports ready. decor opens a cache's shared store when the cache is created (a woven method's:
 * at its first call) and a lookup waits for that open at most 50 ms, while starting an embedded
 * Hazelcast member and joining the others takes seconds: without this, each replica's first
 * requests would compute instead of finding what the others computed. Opening the JCache default
 * manager here starts the member that decor's {@link JCacheTier} uses later (the provider keeps
 * one shared instance); opening the cache creates it from the member's configuration, and one
 * read of it warms the provider's code up. Otherwise it does nothing: the default, one-JVM
 * service never touches JCache.
 *
 * <p>It also turns Hazelcast's own shutdown hook off unless {@code -Dhazelcast.shutdownhook.enabled}
 * says otherwise: {@link ShutdownOrder} stops the member once requests in flight are answered.
 *
 * <p>A failure is logged, not thrown: the shared tier is an optimisation, and decor computes while
 * it cannot be reached.
 */
@Order(Ordered.HIGHEST_PRECEDENCE) // before ModelTraining: ready means joined and trained
public class SharedCacheWarmUp implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(SharedCacheWarmUp.class);
  /** The cache name of {@link PredictionService#predict}. */
  static final String CACHE = "PredictionService.predict";
  private static final String WARM_UP_KEY = "warm-up";
  /** Hazelcast's property for its JVM shutdown hook (a member configuration's own setting wins). */
  static final String HAZELCAST_SHUTDOWN_HOOK = "hazelcast.shutdownhook.enabled";
  private final Environment environment;

  /** {@code environment}: Boot's, which the starter builds decor's engine from. */
  public SharedCacheWarmUp(Environment environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  @Override
  public void run(ApplicationArguments args) {
    if (!isShared(environment)) {
      return;
    }
    long start = System.nanoTime();
    // ShutdownOrder stops the member after the requests in flight; Hazelcast's hook would stop it at the signal.
    if (System.getProperty(HAZELCAST_SHUTDOWN_HOOK) == null) {
      System.setProperty(HAZELCAST_SHUTDOWN_HOOK, "false");
    }
    try {
      // The manager decor's tier opens (looked up through decor-jcache's class loader, whatever
      // thread asks), and the cache as the tier opens it: created now if nothing declared it.
      CacheManager manager = JCacheTier.defaultManager();
      SharedTier.Store store = JCacheTier.of(manager).open(CACHE, null);
      // One read of a key decor never writes (its keys are 22-character digests): the first
      // operation loads and compiles the provider's code paths here rather than in a request.
      store.get(WARM_UP_KEY);
      log.info("shared cache tier ready in {} ms: {} ({})", (System.nanoTime() - start) / 1_000_000,
          store, manager.getURI());
    } catch (Exception e) {
      log.warn("the shared cache tier could not be opened; predictions are computed and cached in-process until it can: {}",
          e.toString());
    }
  }

  /**
   * Whether decor's configuration shares the prediction cache, read where the starter's engine
   * reads it: Boot's environment (system properties, program arguments, environment variables,
   * application properties).
   */
  static boolean isShared(Environment environment) {
    return names(environment, Decor.SHARED_PROPERTY).contains(CACHE)
        && !names(environment, Decor.LOCAL_PROPERTY).contains(CACHE);
  }

  private static List<String> names(Environment environment, String property) {
    return Arrays.stream(environment.getProperty(property, "").split(",")).map(String::trim).toList();
  }
}
