package dev.decor.examples.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DetectionsTest {
  @Test
  void structOfArraysStaysAtOrBelow24BytesPerBoxForAMillionBoxes() {
    int boxes = 1_000_000;
    Detections detections = Footprint.columns(boxes, 1);
    assertThat(detections.size()).isEqualTo(boxes);
    assertThat(Footprint.bytesPerBox(detections, boxes)).isLessThanOrEqualTo(24.0);
  }

  @Test
  void recordsCostAtLeastHalfAsMuchAgainPerBox() {
    Footprint.Result result = Footprint.measure(100_000);
    assertThat(result.structOfArraysBytesPerBox()).isLessThanOrEqualTo(24.0);
    assertThat(result.recordsBytesPerBox()).isGreaterThan(1.5 * result.structOfArraysBytesPerBox());
  }

  @Test
  void growsAndReadsBackBoxesAsRecords() {
    Detections d = new Detections(0);
    for (int i = 0; i < 20; i++) {
      d.add(i, 2 * i, 10, 5, i / 20f, (short) (i % 3));
    }
    d.trimToSize();
    assertThat(d.size()).isEqualTo(20);
    assertThat(d.get(7)).isEqualTo(new BoundingBox(7, 14, 10, 5, 7 / 20f, (short) 1));
    assertThat(d.get(7).area()).isEqualTo(50f);
    assertThat(d.countAbove(0.5f)).isEqualTo(10);
    d.add(d.get(0));
    assertThat(d.score(20)).isZero();
    assertThatThrownBy(() -> d.get(21)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
