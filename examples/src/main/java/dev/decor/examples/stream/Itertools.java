package dev.decor.examples.stream;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.PrimitiveIterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Python's {@code itertools} patterns the pipeline needs, as lazy Java iterators and streams:
 * {@code batched}, a sliding window ({@code deque(maxlen=n)}) and {@code count}.
 *
 * <pre>{@code
 * try (Stream<List<LabeledImage>> batches = Itertools.batched(folder.stream(), 32)) {
 *   batches.forEach(model::train);          // at most one batch in memory
 * }
 * }</pre>
 *
 * <p>Every method is lazy: it pulls from its source only as its own consumer asks. Closing a
 * returned stream closes the source stream. Stateless; the returned iterators are for one thread.
 */
public final class Itertools {
  private Itertools() {}

  /**
   * Groups {@code source} into lists of {@code size} elements; the last one may be shorter
   * ({@code itertools.batched(iterable, n)}).
   *
   * @throws IllegalArgumentException if {@code size < 1}
   */
  public static <T> Iterator<List<T>> batched(Iterator<T> source, int size) {
    Objects.requireNonNull(source, "source");
    requirePositive("size", size);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return source.hasNext();
      }

      @Override
      public List<T> next() {
        if (!source.hasNext()) {
          throw new NoSuchElementException();
        }
        List<T> batch = new ArrayList<>(size);
        while (batch.size() < size && source.hasNext()) {
          batch.add(source.next());
        }
        return List.copyOf(batch);
      }
    };
  }

  /** {@link #batched(Iterator, int)} over a stream; closing the result closes {@code source}. */
  public static <T> Stream<List<T>> batched(Stream<T> source, int size) {
    return lazyStream(batched(source.iterator(), size)).onClose(source::close);
  }

  /**
   * The full sliding windows of {@code size} consecutive elements: {@code [a,b,c], [b,c,d], …}.
   * Only {@code size} elements are held, in a {@link SlidingWindow}.
   *
   * @throws IllegalArgumentException if {@code size < 1}
   */
  public static <T> Iterator<List<T>> windowed(Iterator<T> source, int size) {
    Objects.requireNonNull(source, "source");
    SlidingWindow<T> window = new SlidingWindow<>(size);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        while (!window.isFull() && source.hasNext()) {
          window.add(source.next());
        }
        return window.isFull();
      }

      @Override
      public List<T> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        List<T> snapshot = window.toList();
        window.removeOldest();
        return snapshot;
      }
    };
  }

  /** {@link #windowed(Iterator, int)} over a stream; closing the result closes {@code source}. */
  public static <T> Stream<List<T>> windowed(Stream<T> source, int size) {
    return lazyStream(windowed(source.iterator(), size)).onClose(source::close);
  }

  /** An endless counter {@code start, start + 1, …} ({@code itertools.count(start)}). */
  public static PrimitiveIterator.OfLong count(long start) {
    return new PrimitiveIterator.OfLong() {
      private long next = start;

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public long nextLong() {
        return next++;
      }
    };
  }

  static void requirePositive(String what, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " must be at least 1, was " + value);
    }
  }

  private static <T> Stream<T> lazyStream(Iterator<T> it) {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }
}
