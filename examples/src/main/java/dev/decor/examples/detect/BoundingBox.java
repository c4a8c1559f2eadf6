package dev.decor.examples.detect;

/**
 * One detection as an object: a box ({@code x}, {@code y}, {@code width}, {@code height}), its
 * score and class — a Python {@code @dataclass(slots=True)}. Clear and convenient, but each box is
 * a separate heap object with a header; see {@link Detections} for the compact form.
 */
public record BoundingBox(float x, float y, float width, float height, float score, short label) {
  /** Area of the box. */
  public float area() {
    return width * height;
  }
}
