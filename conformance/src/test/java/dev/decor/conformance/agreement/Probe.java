package dev.decor.conformance.agreement;

import dev.decor.grad.GradMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * What the bodies {@link ShapeAgreementTest} generates report while they run: how often a body
 * and a batch method ran, the frames the body's first attempt ran under, and the grad mode of the
 * body and of each element it produced. Loaded by the test's class loader, so every mode's copy
 * of a generated class reports here. Thread-safe (batch methods run on workers).
 */
public final class Probe {
  private Probe() {}

  /** One method's record, keyed by {@code Class.method}. */
  static final class Seen {
    final AtomicInteger attempts = new AtomicInteger();
    final AtomicInteger batches = new AtomicInteger();
    final List<Boolean> elementGrad = new CopyOnWriteArrayList<>();
    volatile List<String> firstFrames;
    volatile Boolean bodyGrad;
    volatile Thread bodyThread;
  }

  private static final ConcurrentHashMap<String, Seen> SEEN = new ConcurrentHashMap<>();

  static Seen seen(String id) {
    return SEEN.computeIfAbsent(id, k -> new Seen());
  }

  static void reset() {
    SEEN.clear();
  }

  /**
   * A body starts: counts the attempt and, on the first, records the frames it runs under. With
   * {@code failFirst}, the first attempt fails (a retried method must then run twice).
   */
  public static void body(String id, boolean failFirst) {
    Seen seen = seen(id);
    int attempt = seen.attempts.incrementAndGet();
    if (attempt == 1) {
      seen.firstFrames = StackWalker.getInstance().walk(frames -> frames
          .map(f -> f.getClassName() + "." + f.getMethodName()).toList());
      seen.bodyGrad = GradMode.isEnabled();
      seen.bodyThread = Thread.currentThread();
      if (failFirst) {
        throw new IllegalStateException("first attempt of " + id);
      }
    }
  }

  /** A batch method ran over {@code items}. */
  public static void batch(String id, List<?> items) {
    seen(id).batches.incrementAndGet();
  }

  /** One lazily produced element, {@code value}, recording the grad mode it is produced in. */
  private static String element(String id, String value) {
    seen(id).elementGrad.add(GradMode.isEnabled());
    return value;
  }

  /** A lazy iterator over the single element {@code value}. */
  public static Iterator<String> iterator(String id, String value) {
    return new Iterator<>() {
      private boolean done;

      @Override
      public boolean hasNext() {
        return !done;
      }

      @Override
      public String next() {
        if (done) {
          throw new NoSuchElementException();
        }
        done = true;
        return element(id, value);
      }
    };
  }

  /** A lazy iterable of the single element {@code value}. */
  public static Iterable<String> iterable(String id, String value) {
    return () -> iterator(id, value);
  }

  /** A lazy stream of the single element {@code value}. */
  public static Stream<String> stream(String id, String value) {
    return Stream.of(value).map(v -> element(id, v));
  }

  /** The list a batch method returns: {@code function} applied to each item. */
  public static <T> List<T> each(String id, List<String> items,
      java.util.function.Function<String, T> function) {
    batch(id, items);
    List<T> out = new ArrayList<>(items.size());
    for (String item : items) {
      out.add(function.apply(item));
    }
    return out;
  }
}
