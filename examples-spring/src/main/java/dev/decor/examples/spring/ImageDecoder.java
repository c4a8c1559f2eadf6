package dev.decor.examples.spring;

import dev.decor.examples.model.Pixels;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.SampleModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.function.Function;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * Decodes request images safely: dimensions are read from the header first and images wider or
 * taller than the limit are refused (422) before a pixel is allocated; decoding reserves the bytes
 * it will allocate from a shared {@link ByteBudget}, computed from the header (width × height ×
 * bytes per pixel, {@link #estimate}), and holds them while the caller uses the image, so a burst
 * of large images waits or gets 503 instead of exhausting the heap; corrupt or truncated data is a
 * 400 with one log line, whatever the decoder throws — except running out of memory, which is a
 * 503 logged as an error with its cause.
 *
 * <p>Gray images are expanded from their stored samples ({@link Pixels#storedRgb}: through
 * {@code getRGB} gray 50 would read as 122). Palette and RGB images go through their colour model
 * as usual. Thread-safe.
 */
public class ImageDecoder {
  private static final Logger log = LoggerFactory.getLogger(ImageDecoder.class);
  /** Bytes a pixel costs at most ({@link #estimate}): 16-bit RGBA samples (8) and one 4-byte working copy. */
  static final int MAX_BYTES_PER_PIXEL = 12;

  private final int maxSide;
  private final ByteBudget budget;
  private final long waitNanos;

  /**
   * @param maxSide largest accepted width or height
   * @param maxImageBytes largest accepted encoded image
   * @param budgetBytes bytes that may be decoding at once; must hold one image of
   *     {@code maxSide}² at 16-bit RGBA ({@link #estimate}) and {@code maxImageBytes}
   * @param waitNanos how long a decode waits for its bytes
   */
  public ImageDecoder(int maxSide, long maxImageBytes, long budgetBytes, long waitNanos) {
    long pixels = (long) maxSide * maxSide * MAX_BYTES_PER_PIXEL;
    long largest = pixels + pixels / 16 + maxImageBytes;
    this.budget = new ByteBudget("sample.decode-budget", budgetBytes);
    if (maxSide < 1 || budget.largest() < largest) {
      throw new IllegalArgumentException("[decor/SampleLimits] sample.decode-budget (" + budgetBytes
          + " bytes) must hold, in its seven eighths for large images, one image of sample.max-image-side² ("
          + maxSide + "²) at " + MAX_BYTES_PER_PIXEL + " bytes a pixel (and a sixteenth) plus sample.max-image-bytes (" + maxImageBytes
          + "): at least " + ByteBudget.capacityFor(largest) + " bytes; raise it or lower those");
    }
    this.maxSide = maxSide;
    this.waitNanos = waitNanos;
  }

  /**
   * {@code use} applied to the image in {@code bytes} (gray samples expanded to equal R, G and B),
   * while the decode's bytes are still reserved: what {@code use} returns must not keep the
   * image.
   *
   * @throws ImageRejectedException 400 if not an image ImageIO reads, corrupt or truncated; 422
   *     if wider or taller than the limit, or too large to decode within the whole budget; 503 if
   *     the budget stays taken or memory ran out
   */
  public <T> T decode(byte[] bytes, Function<BufferedImage, T> use) {
    Decoded decoded = read(bytes);
    try {
      return use.apply(decoded.image());
    } finally {
      budget.release(decoded.reserved());
    }
  }

  /** An image and the bytes reserved for it. */
  private record Decoded(BufferedImage image, long reserved) {}

  /** The image, its bytes reserved; on failure nothing stays reserved. */
  private Decoded read(byte[] bytes) {
    long reserved = 0;
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw rejected(HttpStatus.BAD_REQUEST, "not a PNG, JPEG, GIF or BMP image (" + bytes.length + " bytes)", null);
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width > maxSide || height > maxSide) {
          throw rejected(HttpStatus.UNPROCESSABLE_ENTITY, "image is " + width + "×" + height
              + " pixels; at most " + maxSide + "×" + maxSide + " are accepted — scale it down first", null);
        }
        long estimate = estimate(width, height, reader.getImageTypes(0).next()) + bytes.length;
        if (estimate > budget.largest()) { // more bytes a pixel than 16-bit RGBA (a TIFF of floats): never fits
          throw rejected(HttpStatus.UNPROCESSABLE_ENTITY, "image is " + width + "×" + height + " pixels that would take "
              + estimate + " bytes to decode, more than the " + budget.largest() + " one image may; scale it down or"
              + " use 8 or 16 bits a sample", null);
        }
        if (!budget.tryReserve(estimate, waitNanos)) {
          throw rejected(HttpStatus.SERVICE_UNAVAILABLE, "too many large images are decoding; retry shortly", null);
        }
        reserved = estimate;
        Decoded decoded = new Decoded(directColour(Pixels.storedRgb(reader.read(0))), reserved);
        reserved = 0; // the caller's now
        return decoded;
      } finally {
        reader.dispose();
      }
    } catch (ImageRejectedException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw rejected(HttpStatus.SERVICE_UNAVAILABLE, "interrupted while waiting to decode", null);
    } catch (IOException | RuntimeException e) { // decoders throw more than IOException on bad data
      if (outOfMemory(e)) { // ImageIO's PNG reader wraps whatever it catches, errors included
        log.error("[decor/DecodeOutOfMemory] decoding a {}-byte image ran out of memory; answered 503. {} is too"
            + " large for this heap (-Xmx): lower it", bytes.length, budget, e);
        throw new ImageRejectedException(HttpStatus.SERVICE_UNAVAILABLE, "out of memory decoding the image; retry shortly", e);
      }
      throw rejected(HttpStatus.BAD_REQUEST, "corrupt or truncated image (" + bytes.length + " bytes): " + e, e);
    } finally {
      if (reserved > 0) {
        budget.release(reserved);
      }
    }
  }

  /**
   * The bytes decoding an image of this size and type, then resizing it for the model, allocate
   * at most, from its header: the decoded raster (the bytes a pixel of the reader's destination
   * type takes: 8 for 16-bit RGBA) plus one working copy of 4 bytes a pixel (the reader's
   * intermediate rows for 8-bit colour, the RGB copy of a gray image, the ARGB copy of a 16-bit
   * colour or sub-byte image, {@link #directColour}), and a sixteenth more for per-row buffers.
   * {@code ImageDecoderTest} measures what each kind of image allocates against it.
   */
  static long estimate(int width, int height, ImageTypeSpecifier type) {
    SampleModel model = type.getSampleModel(1, 1);
    int bits = DataBuffer.getDataTypeSize(model.getDataType());
    long raster = (long) model.getNumDataElements() * Math.max(1, bits / 8);
    long bytes = Math.max(1, (long) width * height) * (raster + 4);
    return bytes + bytes / 16;
  }

  /**
   * {@code image} itself, unless Java2D has no direct loop to resize it (16-bit colour, which
   * decodes to a custom type, and images of fewer than 8 bits a pixel): then an 8-bit ARGB copy,
   * made here through {@code getRGB} as Java2D would make it, once — Java2D, left to it, makes one
   * or two such copies while resizing, so the bytes it takes would depend on the run. The model's
   * input is the same either way.
   */
  private static BufferedImage directColour(BufferedImage image) {
    if (image.getType() != BufferedImage.TYPE_CUSTOM && image.getType() != BufferedImage.TYPE_BYTE_BINARY) {
      return image;
    }
    int width = image.getWidth();
    BufferedImage argb = new BufferedImage(width, image.getHeight(), BufferedImage.TYPE_INT_ARGB);
    int[] row = new int[width];
    for (int y = 0; y < image.getHeight(); y++) {
      image.getRGB(0, y, width, 1, row, 0, width);
      argb.setRGB(0, y, width, 1, row, 0, width);
    }
    return argb;
  }

  /** The budget, for tests that hold part of it. */
  ByteBudget budget() {
    return budget;
  }

  private static boolean outOfMemory(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof OutOfMemoryError) {
        return true;
      }
    }
    return false;
  }

  private static ImageRejectedException rejected(HttpStatus status, String detail, Throwable cause) {
    if (status == HttpStatus.BAD_REQUEST) {
      log.warn("[decor/BadImage] rejected request image: {}", detail);
    }
    return new ImageRejectedException(status, detail, cause);
  }
}
