package dev.decor.examples.detect;

import java.util.Arrays;

/**
 * Many detections stored column-wise in primitive arrays (struct of arrays) — Java's answer to
 * Python's {@code __slots__} (and to a NumPy structured array): no object per box, no header, no
 * pointer; 22 bytes per box (five {@code float}s and a {@code short} label) against about 44 for
 * an array of {@link BoundingBox} records.
 *
 * <pre>{@code
 * Detections d = new Detections(1_000);
 * d.add(10, 20, 32, 32, 0.97f, (short) 1);
 * BoundingBox first = d.get(0);     // a view as a record, when convenient
 * }</pre>
 *
 * <p>Grows like {@code ArrayList}; {@link #trimToSize()} drops spare capacity. Not thread-safe.
 */
public final class Detections {
  private float[] x;
  private float[] y;
  private float[] width;
  private float[] height;
  private float[] score;
  private short[] label;
  private int size;

  /** @throws IllegalArgumentException if {@code capacity} is negative */
  public Detections(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be at least 0, was " + capacity);
    }
    x = new float[capacity];
    y = new float[capacity];
    width = new float[capacity];
    height = new float[capacity];
    score = new float[capacity];
    label = new short[capacity];
  }

  /** Appends one box. */
  public void add(float x, float y, float width, float height, float score, short label) {
    if (size == this.x.length) {
      resize(Math.max(8, size + (size >> 1)));
    }
    this.x[size] = x;
    this.y[size] = y;
    this.width[size] = width;
    this.height[size] = height;
    this.score[size] = score;
    this.label[size] = label;
    size++;
  }

  /** Appends {@code box}. */
  public void add(BoundingBox box) {
    add(box.x(), box.y(), box.width(), box.height(), box.score(), box.label());
  }

  public int size() {
    return size;
  }

  /** Box {@code i} as a record (allocates one). */
  public BoundingBox get(int i) {
    java.util.Objects.checkIndex(i, size);
    return new BoundingBox(x[i], y[i], width[i], height[i], score[i], label[i]);
  }

  /** Score of box {@code i}, without allocating. */
  public float score(int i) {
    java.util.Objects.checkIndex(i, size);
    return score[i];
  }

  /** How many boxes score at least {@code threshold} — a column scan, cache-friendly. */
  public int countAbove(float threshold) {
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (score[i] >= threshold) {
        n++;
      }
    }
    return n;
  }

  /** Shrinks the columns to exactly {@link #size()} entries. */
  public void trimToSize() {
    if (size != x.length) {
      resize(size);
    }
  }

  private void resize(int capacity) {
    x = Arrays.copyOf(x, capacity);
    y = Arrays.copyOf(y, capacity);
    width = Arrays.copyOf(width, capacity);
    height = Arrays.copyOf(height, capacity);
    score = Arrays.copyOf(score, capacity);
    label = Arrays.copyOf(label, capacity);
  }
}
