package dev.decor.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SlidingWindowTest {
  @Test
  void keepsTheLastCapacityElementsOldestFirst() {
    SlidingWindow<Integer> window = new SlidingWindow<>(3);
    assertThat(window.add(1)).isNull();
    window.add(2);
    window.add(3);
    assertThat(window.isFull()).isTrue();
    assertThat(window.add(4)).isEqualTo(1);
    assertThat(window.toList()).containsExactly(2, 3, 4);
    assertThat(window.size()).isEqualTo(3);
  }

  @Test
  void countsMatches() {
    SlidingWindow<Boolean> window = new SlidingWindow<>(4);
    for (boolean b : new boolean[] {true, false, true, true, false}) {
      window.add(b);
    }
    assertThat(window.count(b -> b)).isEqualTo(2); // false, true, true, false
  }

  @Test
  void snapshotIsImmutableAndDetached() {
    SlidingWindow<String> window = new SlidingWindow<>(2);
    window.add("a");
    var snapshot = window.toList();
    window.add("b");
    assertThat(snapshot).containsExactly("a");
    assertThatThrownBy(() -> snapshot.add("c")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rejectsNonPositiveCapacity() {
    assertThatThrownBy(() -> new SlidingWindow<>(0)).hasMessage("capacity must be at least 1, was 0");
  }
}
