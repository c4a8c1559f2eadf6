package dev.decor.examples.spring;


import dev.decor.examples.model.Pixels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * Decodes request images safely: dimensions are read from the header first and images wider or
 * taller than the limit are refused (422) before a pixel is allocated; decoding draws on a shared
 * pixel budget, so a burst of large images waits or gets 503 instead of exhausting the heap;
 * corrupt or truncated data is a 400 with one log line, whatever the decoder throws.
 *
 * <p>Gray images are expanded from their stored samples ({@link Pixels#storedRgb}: through
 * {@code getRGB} gray 50 would read as 122). Palette and RGB images go through their colour model
 * as usual. Thread-safe.
 */
public class ImageDecoder {
  private static final Logger log = LoggerFactory.getLogger(ImageDecoder.class);

  private final int maxSide;
  private final Semaphore pixelBudget;
  private final int budget;
  private final long waitNanos;

  /**
   * @param maxSide largest accepted width or height
   * @param pixelBudget pixels that may be decoding at once; at least {@code maxSide * maxSide}
   * @param waitNanos how long a decode waits for its pixels
   */
  public ImageDecoder(int maxSide, long pixelBudget, long waitNanos) {
    if (maxSide < 1 || pixelBudget < (long) maxSide * maxSide || pixelBudget > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("[decor/SampleLimits] sample.decode-pixel-budget (" + pixelBudget
          + ") must hold one image of sample.max-image-side² (" + maxSide + "²) and fit in an int; raise or lower it");
    }
    this.maxSide = maxSide;
    this.budget = (int) pixelBudget;
    this.pixelBudget = new Semaphore(budget);
    this.waitNanos = waitNanos;
  }

  /**
   * The image in {@code bytes}, with gray samples expanded to equal R, G and B.
   *
   * @throws ImageRejectedException 400 if not an image ImageIO reads, corrupt or truncated; 422
   *     if wider or taller than the limit; 503 if the pixel budget stays taken
   */
  public BufferedImage decode(byte[] bytes) {
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
        int pixels = Math.max(1, width * height);
        if (!pixelBudget.tryAcquire(pixels, waitNanos, TimeUnit.NANOSECONDS)) {
          throw rejected(HttpStatus.SERVICE_UNAVAILABLE, "too many large images are decoding; retry shortly", null);
        }
        try {
          return Pixels.storedRgb(reader.read(0));
        } finally {
          pixelBudget.release(pixels);
        }
      } finally {
        reader.dispose();
      }
    } catch (ImageRejectedException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw rejected(HttpStatus.SERVICE_UNAVAILABLE, "interrupted while waiting to decode", null);
    } catch (IOException | RuntimeException e) { // decoders throw more than IOException on bad data
      throw rejected(HttpStatus.BAD_REQUEST, "corrupt or truncated image (" + bytes.length + " bytes): " + e, e);
    }
  }

  /** Pixels free in the decode budget now (all of them when nothing is decoding). */
  public int availablePixels() {
    return pixelBudget.availablePermits();
  }

  /** The decode budget in pixels. */
  public int pixelBudget() {
    return budget;
  }

  /** The budget itself, for tests that hold part of it. */
  Semaphore budget() {
    return pixelBudget;
  }

  private static ImageRejectedException rejected(HttpStatus status, String detail, Throwable cause) {
    if (status == HttpStatus.BAD_REQUEST) {
      log.warn("[decor/BadImage] rejected request image: {}", detail);
    }
    return new ImageRejectedException(status, detail, cause);
  }

}
