package dev.decor.examples.data;

import java.awt.Graphics2D;
import java.awt.Polygon;
import java.util.Locale;

/** The classes of the synthetic dataset, each able to draw itself with Java2D. */
public enum ShapeKind {
  CIRCLE {
    @Override
    void draw(Graphics2D g, int cx, int cy, int r) {
      g.fillOval(cx - r, cy - r, 2 * r, 2 * r);
    }
  },
  SQUARE {
    @Override
    void draw(Graphics2D g, int cx, int cy, int r) {
      int half = (int) Math.round(r * 0.85);
      g.fillRect(cx - half, cy - half, 2 * half, 2 * half);
    }
  },
  TRIANGLE {
    @Override
    void draw(Graphics2D g, int cx, int cy, int r) {
      Polygon p = new Polygon();
      for (int i = 0; i < 3; i++) {
        double angle = -Math.PI / 2 + i * 2 * Math.PI / 3;
        p.addPoint(cx + (int) Math.round(r * Math.cos(angle)), cy + (int) Math.round(r * Math.sin(angle)));
      }
      g.fillPolygon(p);
    }
  };

  /** Fills the shape centred at ({@code cx}, {@code cy}) with radius about {@code r}. */
  abstract void draw(Graphics2D g, int cx, int cy, int r);

  /**
   * The shape called {@code label} (case-insensitive).
   *
   * @throws IllegalArgumentException if no shape has that name
   */
  public static ShapeKind of(String label) {
    for (ShapeKind kind : values()) {
      if (kind.label().equalsIgnoreCase(label)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("no shape is called '" + label + "'; known: " + java.util.Arrays.toString(values()));
  }

  /** The folder and label name, e.g. {@code circle}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
