package dev.decor.examples.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Turns images into the network's input: grayscale, {@code size}×{@code size}, scaled to [-1, 1]. Stateless. */
public final class Pixels {
  private Pixels() {}

  /**
   * Writes {@code image}'s {@code size * size} normalized pixels into {@code out} at {@code offset}.
   * A gray image counts by its stored samples ({@link #storedRgb}), as an RGB image of the same
   * grays would.
   */
  public static void write(BufferedImage image, int size, float[] out, int offset) {
    BufferedImage stored = storedRgb(image);
    BufferedImage src = stored.getWidth() == size && stored.getHeight() == size
        ? stored
        : resize(stored, size);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int rgb = src.getRGB(x, y);
        float gray = (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)) / (3f * 255f);
        out[offset + y * size + x] = gray * 2f - 1f;
      }
    }
  }

  /** One image as a {@code (1, 1, size, size)} array in {@code manager}. */
  public static NDArray tensor(NDManager manager, BufferedImage image, int size) {
    float[] data = new float[size * size];
    write(image, size, data, 0);
    return manager.create(data, new Shape(1, 1, size, size));
  }

  /**
   * Decodes PNG/JPEG bytes.
   *
   * @throws IllegalArgumentException if the bytes are not an image ImageIO can read
   */
  public static BufferedImage decode(byte[] bytes) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
      if (image == null) {
        throw new IllegalArgumentException("not a PNG or JPEG image (" + bytes.length + " bytes)");
      }
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code image} itself unless it is gray (not palette): then an RGB copy whose R, G and B are the
   * stored gray samples, scaled to 8 bits. {@code getRGB} (and drawing the image) on a gray image
   * treats its samples as linear and converts them to sRGB — gray 50 reads as 122 — which is not
   * how gray PNGs are meant. Extra bands (gray + alpha) are ignored, as {@code getRGB}'s colour
   * ignores alpha.
   */
  public static BufferedImage storedRgb(BufferedImage image) {
    ColorModel model = image.getColorModel();
    if (model instanceof IndexColorModel || model.getColorSpace().getType() != ColorSpace.TYPE_GRAY) {
      return image;
    }
    int width = image.getWidth();
    int height = image.getHeight();
    int max = (1 << model.getComponentSize(0)) - 1;
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] rgb = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
    Raster raster = image.getRaster();
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      raster.getSamples(0, y, width, 1, 0, row);
      for (int x = 0; x < width; x++) {
        int v = max == 255 ? row[x] : (row[x] * 255 + max / 2) / max;
        rgb[y * width + x] = v << 16 | v << 8 | v;
      }
    }
    return out;
  }

  private static BufferedImage resize(BufferedImage image, int size) {
    BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(image, 0, 0, size, size, null);
    } finally {
      g.dispose();
    }
    return out;
  }
}
