package dev.decor.grad;

import dev.decor.kernel.Invocation;
import dev.decor.kernel.MethodKey;
import dev.decor.kernel.ReturnKind;
import dev.decor.spec.GradSpec;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code @NoGrad} / {@code @InferenceMode}: runs the method with grad disabled (and a
 * {@link Trainable} receiver in eval mode), restoring both in {@code finally}.
 *
 * <p>Invocation contract: proceeds exactly once. For a method returning {@link Iterator},
 * {@link Iterable} or {@link Stream}, the same mode is also set around each step that produces an
 * element ({@code hasNext}/{@code next}, a spliterator's {@code tryAdvance}), and the consumer's
 * code between elements runs in the consumer's own mode, as torch does for decorated generators.
 * The success path allocates nothing for plain results.
 *
 * <p>{@code @InferenceMode} on a receiver that is not {@link Trainable} (or on a static method)
 * can only turn grad off: the first such call logs a {@code [decor/InferenceModeNotTrainable]}
 * warning, once per method, as a model left in training mode would give wrong answers silently.
 *
 * <p>Grad mode itself is the {@code dev.decor.grad} API's: the decorator enters and leaves a
 * {@link GradRegion} (allocation-free) around the body on a platform thread. On a virtual thread
 * the body (and each producer step) runs through {@link GradRegion#call}, on a decor model thread
 * while the caller waits, because a grad backend's mode belongs to the OS thread.
 *
 * <p>Engine-facing (the assembly composes it); not for application code. Thread-safe.
 */
public final class GradDecorator {
  /** Both annotations turn grad off; {@code @InferenceMode} also passes a model to keep in eval. */
  private static final GradRegion NO_GRAD = GradRegion.noGrad();
  private static final Logger log = LoggerFactory.getLogger("dev.decor.InferenceMode");

  private final boolean inference;
  private final ReturnKind kind;
  private final MethodKey key;
  /** Whether the not-{@link Trainable} warning was logged: once per method. */
  private final AtomicBoolean warned = new AtomicBoolean();

  public GradDecorator(GradSpec spec, MethodKey key) {
    this.inference = spec == GradSpec.INFERENCE;
    this.kind = key.returnKind();
    this.key = key;
  }

  public Object around(Object self, Invocation body) throws Throwable {
    // One thread-state lookup; the region is entered here rather than through GradRegion.call, a
    // further call level that made the JIT give up inlining and allocate the caller's lambda.
    Trainable model = modelOf(self);
    GradThread thread = GradRegion.current();
    Object result;
    if (thread == null) {
      result = NO_GRAD.call(model, body::proceed); // a virtual thread: on a model thread
    } else {
      long token = NO_GRAD.enter(thread, model);
      try {
        result = body.proceed();
      } finally {
        NO_GRAD.exit(thread, model, token);
      }
    }
    return result(self, result);
  }

  /**
   * Disables grad (and puts a {@link Trainable} receiver in eval mode for inference) on the
   * thread {@code thread} belongs to ({@link GradRegion#current()}, not null); returns the token
   * {@link #exit} restores both from. Split from {@link #around} for front ends that call the
   * method's body directly.
   */
  public long enter(GradThread thread, Object self) {
    return NO_GRAD.enter(thread, modelOf(self));
  }

  /** Restores what {@link #enter} changed: grad first, then the model's training flag. */
  public void exit(GradThread thread, Object self, long token) {
    NO_GRAD.exit(thread, modelOf(self), token);
  }

  /** What the caller receives: {@code result}, or a wrapper that brackets each produced element. */
  public Object result(Object self, Object result) {
    if (result == null) {
      return null;
    }
    switch (kind) {
      case ITERATOR:
        return new GradIterator<>((Iterator<?>) result, new Bracket(modelOf(self)));
      case ITERABLE:
        return gradIterable((Iterable<?>) result, new Bracket(modelOf(self)));
      case STREAM:
        return gradStream((Stream<?>) result, new Bracket(modelOf(self)));
      default:
        return result;
    }
  }

  private Trainable modelOf(Object self) {
    if (inference && self instanceof Trainable) {
      return (Trainable) self;
    }
    return inference ? notTrainable(self) : null;
  }

  /**
   * An {@code @InferenceMode} call without a {@link Trainable} receiver: no model, and the
   * method's one warning. Out of line, so that the path every call takes stays as small as it was
   * (the woven advice that inlines it is already above the JIT's {@code InlineSmallCode}).
   */
  private Trainable notTrainable(Object self) {
    if (!warned.get() && warned.compareAndSet(false, true)) {
      Method method = key.method();
      String owner = method == null ? null : method.getDeclaringClass().getSimpleName();
      String name = method == null ? key.defaultName() : owner + "." + key.signature();
      String type = self == null ? null : owner != null ? owner : self.getClass().getSimpleName();
      log.warn(GradMessages.inferenceModeNotTrainable(name, type));
    }
    return null;
  }

  /**
   * Brackets one producer step in the decorated mode (grad off, model in eval), through
   * {@link GradRegion#call}: inline on a platform thread (one thread-state lookup per step), on a
   * model thread from a virtual thread, like a decorated call.
   */
  private static final class Bracket {
    private final Trainable model;

    Bracket(Trainable model) {
      this.model = model;
    }

    boolean hasNext(Iterator<?> it) {
      return NO_GRAD.call(model, it::hasNext);
    }

    <T> T next(Iterator<T> it) {
      return NO_GRAD.call(model, it::next);
    }

    <T> boolean tryAdvance(Spliterator<T> s, Consumer<? super T> holder) {
      return NO_GRAD.call(model, () -> s.tryAdvance(holder));
    }

    <T> Iterator<T> iterator(Iterable<T> iterable) {
      return NO_GRAD.call(model, iterable::iterator);
    }
  }

  private static final class GradIterator<T> implements Iterator<T> {
    private final Iterator<T> delegate;
    private final Bracket bracket;

    GradIterator(Iterator<T> delegate, Bracket bracket) {
      this.delegate = delegate;
      this.bracket = bracket;
    }

    @Override
    public boolean hasNext() {
      return bracket.hasNext(delegate);
    }

    @Override
    public T next() {
      return bracket.next(delegate);
    }

    @Override
    public void remove() {
      delegate.remove();
    }
  }

  /** Each of its iterators is created, and produces each element, in the decorated mode. */
  private static <T> Iterable<T> gradIterable(Iterable<T> source, Bracket bracket) {
    return () -> new GradIterator<>(bracket.iterator(source), bracket);
  }

  private static <T> Stream<T> gradStream(Stream<T> source, Bracket bracket) {
    Spliterator<T> spliterator = source.spliterator();
    Stream<T> wrapped = StreamSupport.stream(new GradSpliterator<>(spliterator, bracket), false);
    return wrapped.onClose(source::close);
  }

  /**
   * Pulls each element from the source with grad disabled, then hands it downstream after the
   * mode is restored, so downstream operations run in the consumer's mode.
   */
  private static final class GradSpliterator<T> implements Spliterator<T>, Consumer<T> {
    private final Spliterator<T> source;
    private final Bracket bracket;
    private T current;

    GradSpliterator(Spliterator<T> source, Bracket bracket) {
      this.source = source;
      this.bracket = bracket;
    }

    @Override
    public void accept(T t) {
      current = t;
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
      if (!bracket.tryAdvance(source, this)) {
        return false;
      }
      T element = current;
      current = null;
      action.accept(element);
      return true;
    }

    @Override
    public Spliterator<T> trySplit() {
      return null;
    }

    @Override
    public long estimateSize() {
      return source.estimateSize();
    }

    @Override
    public int characteristics() {
      return source.characteristics() & ~(Spliterator.SIZED | Spliterator.SUBSIZED);
    }
  }

  @Override
  public String toString() {
    return inference ? "InferenceMode" : "NoGrad";
  }
}
