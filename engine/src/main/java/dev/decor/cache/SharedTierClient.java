package dev.decor.cache;

import dev.decor.internal.Messages;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Iterator;
import java.util.ServiceLoader;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An engine's way to its {@link SharedTier}: a small bounded pool of daemon threads the tier's
 * (possibly blocking) calls run on, a timeout on every lookup, and a circuit breaker, so the tier
 * is an optimisation and never a new way for a call to fail.
 *
 * <p>After {@value #FAILURES_TO_OPEN} failures in a row (errors or timeouts, any cache) the tier
 * is skipped for {@code retryAfter}, with one {@code [decor/SharedTierDown]} warning; then one
 * call at a time probes it (the others still skip it) until a success closes the breaker and logs
 * the recovery. A full pool queue skips the tier for that call. Thread-safe.
 */
final class SharedTierClient implements AutoCloseable {
  static final int FAILURES_TO_OPEN = 3;
  static final long CLOSE_DRAIN_MILLIS = 2_000;
  private static final Logger log = LoggerFactory.getLogger("dev.decor.Cached");
  private static final AtomicInteger THREADS = new AtomicInteger();

  /** How a tier call went, for a cache's counters. */
  enum Outcome { OK, FAILED, TIMED_OUT, REJECTED, SKIPPED }

  private final SharedTier configured;
  private final long timeoutNanos;
  private final Duration retryAfter;
  private final LongSupplier nanoTime;
  private final MeterRegistry registry;
  private final ThreadPoolExecutor pool;
  private final AtomicInteger failures = new AtomicInteger();
  private volatile long downUntil;
  private volatile boolean down;
  /** While down: a call is probing the tier; the others keep skipping it. */
  private final AtomicBoolean probing = new AtomicBoolean();
  private SharedTier tier;
  private boolean resolved;

  SharedTierClient(SharedTier configured, Duration timeout, Duration retryAfter,
      LongSupplier nanoTime, MeterRegistry registry, int threads) {
    this.configured = configured;
    this.timeoutNanos = timeout.toNanos();
    this.retryAfter = retryAfter;
    this.nanoTime = nanoTime;
    this.registry = registry;
    // Tier calls see the class loader of the thread that built the engine, whichever thread
    // happens to start a pool thread: JCache finds its default provider through it.
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(1024), r -> {
          Thread t = new Thread(r, "decor-shared-" + THREADS.incrementAndGet());
          t.setDaemon(true);
          t.setContextClassLoader(loader);
          return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
  }

  /** The tier: the configured one, else the first {@link ServiceLoader} finds; null if none. */
  synchronized SharedTier tier() {
    if (!resolved) {
      resolved = true;
      tier = configured;
      if (tier == null) {
        Iterator<SharedTier> found = ServiceLoader.load(SharedTier.class).iterator();
        tier = found.hasNext() ? found.next() : null;
      }
      if (tier == null) {
        log.info("[decor/SharedTier] a cache is shared but no shared tier is configured or on the"
            + " class path (add decor-jcache); caches stay in-process");
      }
    }
    return tier;
  }

  /** The tier's state for health checks: none resolved yet (or none at all), up, or skipped. */
  synchronized SharedTierStatus status() {
    if (!resolved || tier == null) {
      return SharedTierStatus.NONE;
    }
    return down ? SharedTierStatus.DOWN : SharedTierStatus.UP;
  }

  MeterRegistry registry() {
    return registry;
  }

  /**
   * Whether this call skips the tier: it is down and either its retry time has not come or
   * another call is probing it. Otherwise the caller goes ahead (as the probe, while down) and
   * must end with {@link #succeeded} or {@link #failed}.
   */
  private boolean skipping() {
    if (!down) {
      return false;
    }
    return nanoTime.getAsLong() - downUntil < 0 || !probing.compareAndSet(false, true);
  }

  /**
   * Runs {@code call} on the pool and waits for it at most the timeout.
   *
   * @return the call's result, or null for any outcome but {@link Outcome#OK} (set in
   *     {@code outcome[0]})
   */
  <T> T call(String cache, Callable<T> call, Outcome[] outcome) {
    if (skipping()) {
      outcome[0] = Outcome.SKIPPED;
      return null;
    }
    Future<T> future;
    try {
      future = pool.submit(call);
    } catch (RejectedExecutionException e) {
      probing.set(false);
      outcome[0] = Outcome.REJECTED;
      return null;
    }
    try {
      T result = future.get(timeoutNanos, TimeUnit.NANOSECONDS);
      succeeded();
      outcome[0] = Outcome.OK;
      return result;
    } catch (TimeoutException e) {
      future.cancel(true);
      failed(cache, "no answer within " + Duration.ofNanos(timeoutNanos).toMillis() + " ms");
      outcome[0] = Outcome.TIMED_OUT;
    } catch (ExecutionException e) {
      failed(cache, String.valueOf(e.getCause()));
      outcome[0] = Outcome.FAILED;
    } catch (InterruptedException e) {
      future.cancel(true);
      probing.set(false);
      Thread.currentThread().interrupt();
      outcome[0] = Outcome.SKIPPED;
    }
    return null;
  }

  /**
   * Opens a cache's store on the pool, never interrupted (a provider may take longer than a
   * lookup's timeout to open a cache the first time); its outcome counts like any call's.
   */
  CompletableFuture<SharedTier.Store> open(String cache, Callable<SharedTier.Store> open) {
    return runInBackground(cache, open, outcome -> { });
  }

  long timeoutNanos() {
    return timeoutNanos;
  }

  /**
   * Runs {@code write} on the pool without waiting; {@code done} gets its outcome there (or here,
   * at once, when the tier is skipped or the pool is full).
   */
  void write(String cache, Callable<?> write, Consumer<Outcome> done) {
    runInBackground(cache, write, done);
  }

  /**
   * Runs {@code call} on the pool unless the tier is being skipped, counting its success or
   * failure for the breaker; {@code done} gets the outcome, the future the result (failed unless
   * {@link Outcome#OK}).
   */
  private <T> CompletableFuture<T> runInBackground(String cache, Callable<T> call,
      Consumer<Outcome> done) {
    CompletableFuture<T> result = new CompletableFuture<>();
    if (skipping()) {
      done.accept(Outcome.SKIPPED);
      result.completeExceptionally(new IllegalStateException("the shared tier is down"));
      return result;
    }
    try {
      pool.execute(() -> {
        try {
          T value = call.call();
          succeeded();
          done.accept(Outcome.OK);
          result.complete(value);
        } catch (Exception e) {
          failed(cache, String.valueOf(e));
          done.accept(Outcome.FAILED);
          result.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      probing.set(false);
      done.accept(Outcome.REJECTED);
      result.completeExceptionally(e);
    }
    return result;
  }

  private void succeeded() {
    failures.set(0);
    if (down) {
      synchronized (this) {
        if (down) {
          down = false;
          log.info("[decor/SharedTierUp] the shared cache tier answers again");
        }
      }
    }
    probing.set(false);
  }

  private void failed(String cache, String cause) {
    if (failures.incrementAndGet() < FAILURES_TO_OPEN && !down) {
      return;
    }
    synchronized (this) {
      boolean wasDown = down;
      downUntil = nanoTime.getAsLong() + retryAfter.toNanos();
      down = true;
      if (!wasDown) {
        log.warn(Messages.sharedTierDown(cache, cause, retryAfter.toMillis() + " ms"));
      }
    }
    probing.set(false);
  }

  /**
   * Lets queued writes finish for at most {@value #CLOSE_DRAIN_MILLIS} ms (a replica's last values
   * still reach the tier), then stops the pool and closes the tier.
   */
  @Override
  public void close() {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(CLOSE_DRAIN_MILLIS, TimeUnit.MILLISECONDS)) {
        log.warn("[decor/SharedTier] shared-tier calls still running after {} ms on close;"
            + " dropping them", CLOSE_DRAIN_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.shutdownNow();
    SharedTier t;
    synchronized (this) {
      t = tier;
    }
    if (t != null) {
      try {
        t.close();
      } catch (Exception e) {
        log.warn("[decor/SharedTier] closing the shared tier failed: {}", e.toString());
      }
    }
  }
}
