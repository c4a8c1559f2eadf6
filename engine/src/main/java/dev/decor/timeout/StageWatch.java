package dev.decor.timeout;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The timer entry of one asynchronous {@code @Timeout} call: whichever comes first — the method's
 * stage completing or the deadline — decides the caller's stage ({@link #result}). At the
 * deadline the caller's stage fails with the timeout (completed on the engine's executor, so no
 * caller's callback runs on the timer thread) and the method's stage is cancelled; its later
 * outcome is discarded, and counted as an overrun if it is a value.
 *
 * <p>Thread-safe: the stage's completion and the timer race through one CAS.
 */
final class StageWatch extends Watchdog.Entry implements BiConsumer<Object, Throwable> {
  private static final int WAITING = 0;
  private static final int COMPLETED = 1;
  private static final int FIRED = 2;

  private final TimeoutDecorator decorator;
  private final CompletionStage<?> source;
  private final long deadline;
  private final Executor executor;
  final CompletableFuture<Object> result = new CompletableFuture<>();
  private final AtomicInteger state = new AtomicInteger(WAITING);

  StageWatch(TimeoutDecorator decorator, CompletionStage<?> source, long deadline,
      Executor executor) {
    this.decorator = decorator;
    this.source = source;
    this.deadline = deadline;
    this.executor = executor;
  }

  /** The method's stage completed. */
  @Override
  public void accept(Object value, Throwable failure) {
    if (state.compareAndSet(WAITING, COMPLETED)) {
      decorator.watchdog().remove(this);
      if (failure == null) {
        result.complete(value);
      } else {
        result.completeExceptionally(failure);
      }
    } else if (failure == null) {
      decorator.overran(deadline);
    }
  }

  @Override
  long expire(long now, List<Watchdog.Entry> due) {
    if (state.compareAndSet(WAITING, FIRED)) {
      due.add(this);
    }
    return Watchdog.DROP;
  }

  @Override
  void fire() {
    executor.execute(this::timeOut);
  }

  /** Fails the caller's stage at once, without waiting for the timer; for a deadline already past. */
  void timeOutNow() {
    if (state.compareAndSet(WAITING, FIRED)) {
      timeOut();
    }
  }

  /** Cancels the method's stage, then fails the caller's: who sees the timeout, sees it stopped. */
  private void timeOut() {
    cancel(source);
    result.completeExceptionally(decorator.timedOut(null));
  }

  /** Cancels {@code stage} as far as it allows: {@code Future.cancel(true)}. */
  static void cancel(CompletionStage<?> stage) {
    try {
      if (stage instanceof Future<?> f) {
        f.cancel(true);
      } else {
        stage.toCompletableFuture().cancel(true);
      }
    } catch (UnsupportedOperationException | CancellationException e) {
      // a stage that cannot be cancelled from outside: its result is discarded all the same
    }
  }
}
