package dev.decor.examples.model;

import dev.decor.examples.data.ImageFolder;
import dev.decor.examples.data.LabeledImage;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A training set packed into one primitive array, {@code size * size} floats per image — what a
 * Python loop would stack into one tensor. Small by design (hundreds of images); held-out data is
 * streamed instead. Immutable after {@link #load}; safe to read from many threads.
 */
public final class TrainingSet {
  private final float[] pixels;
  private final int[] targets;
  private final int size;

  private TrainingSet(float[] pixels, int[] targets, int size) {
    this.pixels = pixels;
    this.targets = targets;
    this.size = size;
  }

  /**
   * Decodes every image in {@code folder}, one at a time, into the packed arrays.
   *
   * @throws IllegalArgumentException if an image's folder is not one of {@code labels}
   */
  public static TrainingSet load(ImageFolder folder, List<String> labels, int size) {
    int count;
    try (Stream<?> files = folder.files()) {
      count = Math.toIntExact(files.count());
    }
    float[] pixels = new float[count * size * size];
    int[] targets = new int[count];
    int i = 0;
    try (Stream<LabeledImage> images = folder.stream()) {
      for (Iterator<LabeledImage> it = images.iterator(); it.hasNext() && i < count; i++) {
        LabeledImage image = it.next();
        targets[i] = labelIndex(labels, image.label());
        Pixels.write(image.image(), size, pixels, i * size * size);
      }
    }
    if (i != count) {
      throw new IllegalStateException(folder.root() + " changed while it was loaded: " + i + " of " + count + " images");
    }
    return new TrainingSet(pixels, targets, size);
  }

  static int labelIndex(List<String> labels, String label) {
    int index = labels.indexOf(label);
    if (index < 0) {
      throw new IllegalArgumentException("image label '" + label + "' is not one of " + labels);
    }
    return index;
  }

  public int count() {
    return targets.length;
  }

  public int imageSize() {
    return size;
  }

  /** The class index of image {@code i}. */
  public int target(int i) {
    return targets[i];
  }

  /** Copies image {@code i}'s pixels into {@code out} at {@code offset}. */
  public void copyPixels(int i, float[] out, int offset) {
    int n = size * size;
    System.arraycopy(pixels, i * n, out, offset, n);
  }
}
