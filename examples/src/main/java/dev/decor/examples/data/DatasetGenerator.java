package dev.decor.examples.data;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Writes a small synthetic image dataset: one folder per {@link ShapeKind}, PNG files of shapes
 * of random size, position and colour on a noisy background, drawn with Java2D.
 *
 * <p>Layout: {@code root/<label>/<label>-00042.png}. The same seed always gives the same files.
 * A {@code .complete} marker is written last, so an interrupted run is redone, not half-used.
 * Stateless; safe from any thread for distinct roots.
 */
public final class DatasetGenerator {
  static final String MARKER = ".complete";

  private DatasetGenerator() {}

  /** Whether {@code root} holds a finished dataset. */
  public static boolean isComplete(Path root) {
    return Files.isRegularFile(root.resolve(MARKER));
  }

  /**
   * Writes {@code perClass} images of {@code size}×{@code size} pixels for each of {@code labels}
   * (names of {@link ShapeKind}s) under {@code root}, unless a finished dataset is already there.
   *
   * @return whether images were written (false: they were already there)
   * @throws UncheckedIOException if a file cannot be written
   * @throws IllegalArgumentException if a label names no shape
   */
  public static boolean generateIfMissing(Path root, List<String> labels, int perClass, int size, long seed) {
    if (isComplete(root)) {
      return false;
    }
    try {
      SplittableRandom random = new SplittableRandom(seed);
      for (String label : labels) {
        ShapeKind kind = ShapeKind.of(label);
        Path dir = Files.createDirectories(root.resolve(kind.label()));
        for (int i = 0; i < perClass; i++) {
          BufferedImage image = draw(kind, size, random);
          ImageIO.write(image, "png", dir.resolve(String.format("%s-%05d.png", kind.label(), i)).toFile());
        }
      }
      Files.writeString(root.resolve(MARKER), perClass + " per class\n");
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Draws one image of {@code kind}. */
  static BufferedImage draw(ShapeKind kind, int size, SplittableRandom random) {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      int background = random.nextInt(20, 90);
      g.setColor(new Color(background, background, background));
      g.fillRect(0, 0, size, size);
      int r = random.nextInt(size / 5, size * 2 / 5);
      int cx = random.nextInt(r, size - r + 1);
      int cy = random.nextInt(r, size - r + 1);
      g.setColor(new Color(random.nextInt(150, 256), random.nextInt(150, 256), random.nextInt(150, 256)));
      kind.draw(g, cx, cy, r);
    } finally {
      g.dispose();
    }
    for (int i = 0; i < size * size / 32; i++) { // salt noise, so the task is not trivially clean
      int gray = random.nextInt(0, 256);
      image.setRGB(random.nextInt(size), random.nextInt(size), new Color(gray, gray, gray).getRGB());
    }
    return image;
  }
}
