package dev.decor.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.List;
import java.util.PrimitiveIterator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ItertoolsTest {
  @Test
  void batchedGroupsInOrderWithShortLastBatch() {
    try (Stream<List<Integer>> batches = Itertools.batched(IntStream.range(0, 7).boxed(), 3)) {
      assertThat(batches).containsExactly(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6));
    }
  }

  @Test
  void batchedPullsOnlyWhatTheConsumerAsksFor() {
    AtomicInteger pulled = new AtomicInteger();
    Stream<Integer> endless = Stream.iterate(0, i -> i + 1).peek(i -> pulled.incrementAndGet());
    List<List<Integer>> firstTwo = Itertools.batched(endless, 4).limit(2).toList();
    assertThat(firstTwo).containsExactly(List.of(0, 1, 2, 3), List.of(4, 5, 6, 7));
    assertThat(pulled.get()).isEqualTo(8);
  }

  @Test
  void batchedOfEmptySourceIsEmptyAndRejectsBadSize() {
    assertThat(Itertools.batched(Stream.empty(), 2)).isEmpty();
    assertThatThrownBy(() -> Itertools.batched(List.of(1).iterator(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("size must be at least 1, was 0");
  }

  @Test
  void closingTheBatchedStreamClosesTheSource() {
    AtomicBoolean closed = new AtomicBoolean();
    try (Stream<List<Integer>> batches = Itertools.batched(Stream.of(1, 2, 3).onClose(() -> closed.set(true)), 2)) {
      assertThat(batches.count()).isEqualTo(2);
    }
    assertThat(closed).isTrue();
  }

  @Test
  void windowedSlidesByOne() {
    assertThat(Itertools.windowed(Stream.of("a", "b", "c", "d"), 3))
        .containsExactly(List.of("a", "b", "c"), List.of("b", "c", "d"));
    assertThat(Itertools.windowed(Stream.of("a", "b"), 3)).isEmpty();
  }

  @Test
  void windowedWorksOnEndlessStreams() {
    Iterator<List<Long>> windows = Itertools.windowed(Stream.iterate(0L, i -> i + 1).iterator(), 2);
    windows.next();
    assertThat(windows.next()).containsExactly(1L, 2L);
  }

  @Test
  void countNeverEnds() {
    PrimitiveIterator.OfLong ids = Itertools.count(5);
    assertThat(ids.nextLong()).isEqualTo(5);
    assertThat(ids.nextLong()).isEqualTo(6);
    for (int i = 0; i < 1000; i++) {
      ids.nextLong();
    }
    assertThat(ids.hasNext()).isTrue();
    assertThat(ids.nextLong()).isEqualTo(1007);
  }
}
