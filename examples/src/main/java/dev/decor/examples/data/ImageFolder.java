package dev.decor.examples.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A folder of images in class sub-folders ({@code root/<label>/*.png}), read lazily — Python's
 * generator {@code (load(p) for p in root.rglob("*.png"))} or torchvision's {@code ImageFolder}.
 *
 * <pre>{@code
 * try (Stream<LabeledImage> images = new ImageFolder(root).stream()) {   // closes the directory walk
 *   long pixels = images.mapToLong(LabeledImage::pixels).sum();           // one image in memory at a time
 * }
 * }</pre>
 *
 * <p>Nothing is listed or decoded up front: {@link #stream()} walks the tree with
 * {@link Files#walk} and decodes each file with ImageIO only when the consumer asks for it, so
 * memory stays flat however many images there are. Immutable and thread-safe; each stream or
 * iterator belongs to one consumer.
 */
public final class ImageFolder implements Iterable<LabeledImage> {
  private final Path root;

  public ImageFolder(Path root) {
    this.root = Objects.requireNonNull(root, "root");
  }

  public Path root() {
    return root;
  }

  /** The class names: the sub-folder names, sorted. */
  public List<String> labels() {
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The image files, lazily; close the stream (try-with-resources) to release the directory walk. */
  public Stream<Path> files() {
    try {
      return Files.walk(root).filter(ImageFolder::isImage);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The decoded images, lazily, one at a time; close the stream to release the directory walk. */
  public Stream<LabeledImage> stream() {
    return files().map(ImageFolder::read);
  }

  /** The number of pixels in all images, as a stream reduction ({@code sum(w * h for img in folder)}). */
  public long totalPixels() {
    try (Stream<LabeledImage> images = stream()) {
      return images.mapToLong(LabeledImage::pixels).sum();
    }
  }

  /**
   * The iterator protocol spelled out ({@code __iter__}/{@code __next__}): decodes one file per
   * {@code next()}. The directory walk is released when the iterator is exhausted; use
   * {@link #stream()} in try-with-resources when you may stop early.
   */
  @Override
  public Iterator<LabeledImage> iterator() {
    Stream<Path> paths = files();
    Iterator<Path> it = paths.iterator();
    return new Iterator<>() {
      private boolean open = true;

      @Override
      public boolean hasNext() {
        if (open && !it.hasNext()) {
          paths.close();
          open = false;
        }
        return open;
      }

      @Override
      public LabeledImage next() {
        if (!hasNext()) {
          throw new NoSuchElementException(); // StopIteration
        }
        return read(it.next());
      }
    };
  }

  /** Decodes one file; its label is its folder's name. */
  public static LabeledImage read(Path file) {
    try {
      BufferedImage image = ImageIO.read(file.toFile());
      if (image == null) {
        throw new IOException("not an image: " + file);
      }
      return new LabeledImage(file, file.getParent().getFileName().toString(), image);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isImage(Path p) {
    String name = p.getFileName().toString();
    return Files.isRegularFile(p) && (name.endsWith(".png") || name.endsWith(".jpg"));
  }
}
