package dev.decor.examples.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Turns images into the network's input: grayscale, {@code size}×{@code size}, scaled to [-1, 1]. Stateless. */
public final class Pixels {
  private Pixels() {}

  /** Writes {@code image}'s {@code size * size} normalized pixels into {@code out} at {@code offset}. */
  public static void write(BufferedImage image, int size, float[] out, int offset) {
    BufferedImage src = image.getWidth() == size && image.getHeight() == size ? image : resize(image, size);
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
