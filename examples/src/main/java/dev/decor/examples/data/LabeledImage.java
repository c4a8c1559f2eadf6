package dev.decor.examples.data;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One decoded image and its class — an element of {@link ImageFolder}'s stream, like the
 * {@code (image, label)} tuple a Python dataset yields.
 */
public record LabeledImage(Path path, String label, BufferedImage image) {
  public LabeledImage {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(image, "image");
  }

  /** Width × height. */
  public long pixels() {
    return (long) image.getWidth() * image.getHeight();
  }
}
