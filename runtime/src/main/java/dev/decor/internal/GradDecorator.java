package dev.decor.internal;

import dev.decor.grad.Trainable;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * {@code @NoGrad} / {@code @InferenceMode}: runs the method with grad disabled (and a
 * {@link Trainable} receiver in eval mode), restoring both in {@code finally}.
 *
 * <p>Invocation contract: proceeds exactly once. For a method returning {@link Iterator},
 * {@link Iterable} or {@link Stream}, the same mode is also set around each step that produces an
 * element ({@code hasNext}/{@code next}, a spliterator's {@code tryAdvance}), and the consumer's
 * code between elements runs in the consumer's own mode, as torch does for decorated generators.
 * The success path allocates nothing for plain results.
 */
final class GradDecorator {
  private final boolean inference;
  private final ReturnKind kind;

  GradDecorator(GradSpec spec, ReturnKind kind) {
    this.inference = spec == GradSpec.INFERENCE;
    this.kind = kind;
  }

  Object around(Object self, Invocation body) throws Throwable {
    Trainable model = inference && self instanceof Trainable ? (Trainable) self : null;
    boolean wasTraining = enterModel(model);
    Object result;
    try {
      GradState.PerThread state = GradState.perThread();
      long token = GradState.enter(state, false);
      try {
        result = body.proceed();
      } finally {
        GradState.exit(state, token);
      }
    } finally {
      exitModel(model, wasTraining);
    }
    switch (kind) {
      case ITERATOR:
        return result == null ? null : new GradIterator<>((Iterator<?>) result, model);
      case ITERABLE:
        return result == null ? null : new GradIterable<>((Iterable<?>) result, model);
      case STREAM:
        return result == null ? null : gradStream((Stream<?>) result, model);
      default:
        return result;
    }
  }

  private static boolean enterModel(Trainable model) {
    if (model == null) {
      return false;
    }
    boolean was = model.isTraining();
    model.setTraining(false);
    return was;
  }

  private static void exitModel(Trainable model, boolean wasTraining) {
    if (model != null) {
      model.setTraining(wasTraining);
    }
  }

  /** Brackets one producer step in the decorated mode. */
  private static final class Bracket {
    private final Trainable model;

    Bracket(Trainable model) {
      this.model = model;
    }

    boolean hasNext(Iterator<?> it) {
      boolean was = enterModel(model);
      long token = GradState.enter(false);
      try {
        return it.hasNext();
      } finally {
        GradState.exit(token);
        exitModel(model, was);
      }
    }

    <T> T next(Iterator<T> it) {
      boolean was = enterModel(model);
      long token = GradState.enter(false);
      try {
        return it.next();
      } finally {
        GradState.exit(token);
        exitModel(model, was);
      }
    }

    <T> boolean tryAdvance(Spliterator<T> s, Consumer<? super T> holder) {
      boolean was = enterModel(model);
      long token = GradState.enter(false);
      try {
        return s.tryAdvance(holder);
      } finally {
        GradState.exit(token);
        exitModel(model, was);
      }
    }

    <T> Iterator<T> iterator(Iterable<T> iterable) {
      boolean was = enterModel(model);
      long token = GradState.enter(false);
      try {
        return iterable.iterator();
      } finally {
        GradState.exit(token);
        exitModel(model, was);
      }
    }
  }

  private static final class GradIterator<T> implements Iterator<T> {
    private final Iterator<T> delegate;
    private final Bracket bracket;

    GradIterator(Iterator<T> delegate, Trainable model) {
      this.delegate = delegate;
      this.bracket = new Bracket(model);
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

  private static final class GradIterable<T> implements Iterable<T> {
    private final Iterable<T> delegate;
    private final Trainable model;

    GradIterable(Iterable<T> delegate, Trainable model) {
      this.delegate = delegate;
      this.model = model;
    }

    @Override
    public Iterator<T> iterator() {
      Bracket bracket = new Bracket(model);
      Iterator<T> it = bracket.iterator(delegate);
      return new GradIterator<>(it, model);
    }
  }

  private static <T> Stream<T> gradStream(Stream<T> source, Trainable model) {
    Spliterator<T> spliterator = source.spliterator();
    Stream<T> wrapped =
        StreamSupport.stream(new GradSpliterator<>(spliterator, new Bracket(model)), false);
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
