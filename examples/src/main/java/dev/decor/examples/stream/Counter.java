package dev.decor.examples.stream;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collector;
import java.util.stream.Collectors;

/**
 * Counts of hashable things — Python's {@code collections.Counter}; its {@code defaultdict(int)}
 * idiom is {@link Map#merge} here.
 *
 * <pre>{@code
 * Counter<String> labels = images.map(LabeledImage::label).collect(Counter.collector());
 * labels.mostCommon(1);   // [circle=200]
 * }</pre>
 *
 * <p>Not thread-safe; use {@link #collector()} (which merges per-thread counters) for parallel
 * streams.
 */
public final class Counter<K> {
  private final Map<K, Long> counts = new HashMap<>();

  /** Adds one to {@code key}'s count ({@code counter[key] += 1}). */
  public void add(K key) {
    add(key, 1);
  }

  /** Adds {@code n} to {@code key}'s count. */
  public void add(K key, long n) {
    counts.merge(Objects.requireNonNull(key, "key"), n, Long::sum);
  }

  /** {@code key}'s count; 0 for a key never seen (no {@code KeyError}, like Python's Counter). */
  public long get(K key) {
    return counts.getOrDefault(key, 0L);
  }

  /** The sum of all counts ({@code counter.total()}). */
  public long total() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The {@code n} largest counts, largest first; ties in first-seen-independent key order. */
  public List<Map.Entry<K, Long>> mostCommon(int n) {
    return counts.entrySet().stream()
        .sorted(Map.Entry.<K, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(e -> String.valueOf(e.getKey())))
        .limit(n)
        .map(e -> Map.entry(e.getKey(), e.getValue()))
        .toList();
  }

  /** An immutable, key-sorted copy of the counts (keys must be {@link Comparable}). */
  public Map<K, Long> asSortedMap() {
    return java.util.Collections.unmodifiableMap(new TreeMap<>(counts));
  }

  /** Collects a stream into a counter ({@code Counter(iterable)}). */
  public static <K> Collector<K, ?, Counter<K>> collector() {
    return Collector.of(Counter::new, Counter::add, (a, b) -> {
      b.counts.forEach(a::add);
      return a;
    });
  }

  /** E.g. {@code Counter{circle=3, square=1}}; the same map {@link Collectors#groupingBy} with {@link Collectors#counting()} gives. */
  @Override
  public String toString() {
    return "Counter" + counts;
  }
}
