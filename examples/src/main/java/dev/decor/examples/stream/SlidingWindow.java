package dev.decor.examples.stream;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The last {@code capacity} elements of a stream, oldest first — Python's
 * {@code collections.deque(maxlen=n)}: adding to a full window drops the oldest element.
 *
 * <pre>{@code
 * SlidingWindow<Boolean> recent = new SlidingWindow<>(32);
 * recent.add(correct);                        // bounded, whatever the stream's length
 * double rolling = recent.count(b -> b) / (double) recent.size();
 * }</pre>
 *
 * <p>Backed by a bounded {@link ArrayDeque}. Not thread-safe: one consumer.
 */
public final class SlidingWindow<T> {
  private final ArrayDeque<T> items;
  private final int capacity;

  /** @throws IllegalArgumentException if {@code capacity < 1} */
  public SlidingWindow(int capacity) {
    Itertools.requirePositive("capacity", capacity);
    this.capacity = capacity;
    this.items = new ArrayDeque<>(capacity);
  }

  /** Appends {@code item}, dropping and returning the oldest element if the window was full (else null). */
  public T add(T item) {
    T dropped = isFull() ? items.pollFirst() : null;
    items.addLast(item);
    return dropped;
  }

  /** Removes the oldest element, if any. */
  void removeOldest() {
    items.pollFirst();
  }

  public int size() {
    return items.size();
  }

  public int capacity() {
    return capacity;
  }

  public boolean isFull() {
    return items.size() == capacity;
  }

  /** How many elements in the window satisfy {@code test}. */
  public long count(java.util.function.Predicate<? super T> test) {
    return items.stream().filter(test).count();
  }

  /** An immutable copy of the window, oldest first. */
  public List<T> toList() {
    return List.copyOf(items);
  }
}
