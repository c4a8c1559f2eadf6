package dev.decor.spring.boot;

import dev.decor.engine.Decor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * Makes the context's engine decor's global one — the engine annotated methods (generated
 * wrappers and woven classes) run on — for the context's lifetime, and closes it at shutdown.
 *
 * <p>It is installed when this bean is created, which the auto-configuration arranges before any
 * decorated bean (each depends on it), so a decorated method called from a constructor or
 * {@code @PostConstruct} already reports to the context's {@code MeterRegistry}.
 *
 * <p>Stopping closes the engine: queued batch items are dispatched at once, running batches get
 * {@code decor.batch-shutdown-timeout} to finish, anything left fails with
 * {@code [decor/BatchShutdown]}. Its {@linkplain #PHASE phase} is below every default one, so it
 * stops after the web server's graceful shutdown (requests in flight still get their batches)
 * and after message listeners and schedulers, and before singletons are destroyed (a JCache
 * manager behind the shared tier outlives it). The previous global engine is restored then.
 *
 * <p>Thread-safe.
 */
public final class DecorLifecycle implements SmartLifecycle, DisposableBean {
  /**
   * Below Boot's graceful shutdown ({@code Integer.MAX_VALUE - 1024}), the web server
   * ({@code Integer.MAX_VALUE - 2048}) and plain {@code Lifecycle} beans (0): stops last.
   */
  public static final int PHASE = -4096;

  private static final Log log = LogFactory.getLog(DecorLifecycle.class);

  private final Decor engine;
  private final Decor previous;
  private volatile boolean running;
  private boolean closed;

  /** Installs {@code engine} as decor's global engine. */
  public DecorLifecycle(Decor engine) {
    this.engine = engine;
    this.previous = Decor.setGlobal(engine);
  }

  /** The engine this context installed. */
  public Decor engine() {
    return engine;
  }

  /**
   * The context has started: every singleton exists, so the chains of its decorated beans are
   * built. An override naming no chain (a misspelt method or group) is logged as a warning — not
   * a failure, since a class that is not a bean may still be initialised later.
   */
  @Override
  public void start() {
    running = true;
    try {
      engine.verifyOverrides();
    } catch (IllegalStateException e) {
      log.warn(e.getMessage());
    }
  }

  @Override
  public void stop() {
    close();
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** Closes the engine if the context was never started (a failed refresh). */
  @Override
  public void destroy() {
    close();
  }

  private synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      engine.close();
    } finally {
      if (Decor.global() == engine) {
        Decor.setGlobal(previous);
      }
    }
  }
}
