package dev.decor.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.examples.model.Pixels;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * Decoding request images: gray values kept, limits checked before decoding, bad data a 400, and
 * the decode budget counted in the bytes decoding allocates.
 */
class ImageDecoderTest {
  private final ImageDecoder decoder = new ImageDecoder(64, 64 * 1024, 256 * 1024, TimeUnit.MILLISECONDS.toNanos(100));

  @Test
  void eightBitGrayFiftyReadsAsFiftyNotAsGetRgbsGammaCorrectedValue() {
    BufferedImage gray = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster raster = gray.getRaster();
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        raster.setSample(x, y, 0, 50);
      }
    }
    byte[] png = TestImages.png(gray);
    assertThat(TestImages.read(png).getRGB(0, 0) & 0xff).isNotEqualTo(50); // the defect: 122 through getRGB

    BufferedImage decoded = decode(decoder, png);
    assertThat(decoded.getRGB(0, 0) & 0xffffff).isEqualTo(50 << 16 | 50 << 8 | 50);
  }

  @Test
  void sixteenBitGrayIsScaledToEightBits() {
    BufferedImage gray = new BufferedImage(2, 2, BufferedImage.TYPE_USHORT_GRAY);
    gray.getRaster().setSample(0, 0, 0, 50 * 257);
    gray.getRaster().setSample(1, 0, 0, 65535);
    BufferedImage decoded = decode(decoder, TestImages.png(gray));
    assertThat(decoded.getRGB(0, 0) & 0xff).isEqualTo(50);
    assertThat(decoded.getRGB(1, 0) & 0xff).isEqualTo(255);
    assertThat(decoded.getRGB(0, 1) & 0xff).isZero();
  }

  @Test
  void paletteImagesReadThroughTheirPalette() {
    BufferedImage rgb = new BufferedImage(3, 1, BufferedImage.TYPE_INT_RGB);
    rgb.setRGB(0, 0, 0x323232);
    rgb.setRGB(1, 0, 0xc8c8c8);
    BufferedImage decoded = decode(decoder, TestImages.png(TestImages.grayPalette(rgb)));
    assertThat(decoded.getRGB(0, 0) & 0xffffff).isEqualTo(0x323232);
    assertThat(decoded.getRGB(1, 0) & 0xffffff).isEqualTo(0xc8c8c8);
    assertThat(decoded.getRGB(2, 0) & 0xffffff).isZero();
  }

  @Test
  void tooWideOrTooTallIsRefusedFromTheHeaderBeforeDecoding() {
    assertRejected(TestImages.pngHeaderOnly(28_000, 28_000), HttpStatus.UNPROCESSABLE_ENTITY, "28000×28000");
    assertRejected(TestImages.pngHeaderOnly(65, 1), HttpStatus.UNPROCESSABLE_ENTITY, "at most 64×64");
    assertThat(decoder.budget().used()).isZero();
  }

  @Test
  void corruptTruncatedAndNonImagesAreBadRequestsAndGiveBackTheirBytes() {
    byte[] png = TestImages.png(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB));
    assertRejected(Arrays.copyOf(png, png.length / 2), HttpStatus.BAD_REQUEST, "corrupt or truncated");
    assertRejected(TestImages.pngHeaderOnly(8, 8), HttpStatus.BAD_REQUEST, "corrupt or truncated");
    assertRejected(new byte[] {1, 2, 3}, HttpStatus.BAD_REQUEST, "not a PNG, JPEG");
    assertRejected(new byte[0], HttpStatus.BAD_REQUEST, "not a PNG, JPEG");
    assertThat(decoder.budget().used()).isZero();
  }

  @Test
  void aDecodeThatCannotGetItsBytesInTimeIsServiceUnavailableWithRetryAfter() throws Exception {
    byte[] image = TestImages.png(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB));
    ByteBudget budget = decoder.budget();
    long held = budget.largest() - 1_000; // what large images may take, all but 1,000 bytes
    assertThat(budget.tryReserve(held, 0)).isTrue();
    try {
      assertThatThrownBy(() -> decode(decoder, image)).isInstanceOfSatisfying(ImageRejectedException.class, e -> {
        assertThat(e.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(e.getBody().getDetail()).contains("retry shortly");
        assertThat(e.getHeaders().getFirst("Retry-After")).isEqualTo("1");
      });
      // A small image still passes: the last eighth of the budget is kept for small ones.
      assertThat(decode(decoder, TestImages.png(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB))).getWidth()).isEqualTo(8);
    } finally {
      budget.release(held);
    }
    assertThat(decode(decoder, image).getWidth()).isEqualTo(64);
    assertThat(budget.used()).isZero();
  }

  @Test
  void theBudgetCountsBytesSoSixteenBitRgbaNeedsMoreThanEightBitGrayOfTheSameSize() throws Exception {
    byte[] gray = TestImages.png(new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY)); // 5 bytes a pixel
    byte[] rgba16 = TestImages.rgba16Png(64); // 12 bytes a pixel
    ByteBudget budget = decoder.budget();
    long held = budget.largest() - 40_000; // room for 64² at 5 bytes (~22 KB), not at 12 (~52 KB)
    assertThat(budget.tryReserve(held, 0)).isTrue();
    try {
      assertThat(decode(decoder, gray).getWidth()).isEqualTo(64);
      assertRejected(rgba16, HttpStatus.SERVICE_UNAVAILABLE, "retry shortly");
    } finally {
      budget.release(held);
    }
    assertThat(decode(decoder, rgba16).getWidth()).isEqualTo(64);
  }

  @Test
  void anImageThatCouldNeverFitTheBudgetIs422NotRetryShortly() throws Exception {
    // 64×64 at 4 float samples: 16 bytes a pixel, more than the 16-bit RGBA the budget is sized for
    ComponentColorModel floats = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), true, false,
        Transparency.TRANSLUCENT, DataBuffer.TYPE_FLOAT);
    byte[] tiff = encode(new BufferedImage(floats, floats.createCompatibleWritableRaster(64, 64), false, null), "tiff");
    long oneLargest = 64 * 64 * 12 + 64 * 64 * 12 / 16 + 64 * 1024;
    ImageDecoder tight = new ImageDecoder(64, 64 * 1024, ByteBudget.capacityFor(oneLargest), 0);
    assertRejected(tight, tiff, HttpStatus.UNPROCESSABLE_ENTITY, "bytes to decode, more than the");
    assertThat(tight.budget().used()).isZero();
    int width = tight.decode(TestImages.rgba16Png(64), BufferedImage::getWidth); // 12 bytes a pixel: fits
    assertThat(width).isEqualTo(64);
  }

  @Test
  void sixteenBitColourAndOneBitImagesGiveTheModelTheInputJava2dWouldHaveMade() {
    Random random = new Random(19);
    BufferedImage translucent = sixteenBit(ColorSpace.CS_sRGB, true, 64);
    WritableRaster samples = translucent.getRaster();
    BufferedImage oneBit = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_BINARY);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        for (int band = 0; band < 4; band++) {
          samples.setSample(x, y, band, random.nextInt(65536));
        }
        oneBit.setRGB(x, y, random.nextBoolean() ? 0xffffff : 0);
      }
    }
    for (BufferedImage image : new BufferedImage[] {translucent, oneBit}) {
      byte[] png = TestImages.png(image);
      float[] direct = new float[32 * 32]; // what the model computed from ImageIO's image before
      Pixels.write(TestImages.read(png), 32, direct, 0);
      float[] decoded = decoder.decode(png, converted -> {
        float[] input = new float[32 * 32];
        Pixels.write(converted, 32, input, 0);
        return input;
      });
      assertThat(decoded).containsExactly(direct);
    }
  }

  @Test
  void theBytesStayReservedUntilTheCallerIsDoneWithTheImage() {
    byte[] png = TestImages.png(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB));
    long during = decoder.decode(png, image -> decoder.budget().used());
    assertThat(during).isGreaterThanOrEqualTo(32 * 32 * 7); // 8-bit RGB: 3 bytes a pixel, a 4-byte working copy
    assertThat(decoder.budget().used()).isZero();
    assertThatThrownBy(() -> decoder.decode(png, image -> {
      throw new IllegalStateException("the model failed");
    })).isInstanceOf(IllegalStateException.class).hasMessage("the model failed"); // not a 400
    assertThat(decoder.budget().used()).isZero();
  }

  /**
   * What {@link ImageDecoder#estimate} promises: for every kind of image ImageIO reads, the bytes
   * reserved are at least what decoding it and resizing it for the model allocate on this thread.
   */
  @Test
  void theEstimateFromTheHeaderCoversWhatDecodingAndResizingAllocate() throws Exception {
    int side = 1024;
    ImageDecoder large = new ImageDecoder(side, 4 << 20, 64L << 20, 0);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Map<String, byte[]> images = new LinkedHashMap<>();
    images.put("PNG 16-bit RGBA", TestImages.rgba16Png(side));
    images.put("PNG 16-bit RGB", TestImages.png(sixteenBit(ColorSpace.CS_sRGB, false, side)));
    images.put("PNG 16-bit gray", TestImages.png(new BufferedImage(side, side, BufferedImage.TYPE_USHORT_GRAY)));
    images.put("PNG 16-bit gray + alpha", TestImages.png(sixteenBit(ColorSpace.CS_GRAY, true, side)));
    images.put("PNG 8-bit RGBA", TestImages.png(new BufferedImage(side, side, BufferedImage.TYPE_4BYTE_ABGR)));
    images.put("PNG 8-bit RGB", TestImages.png(new BufferedImage(side, side, BufferedImage.TYPE_3BYTE_BGR)));
    images.put("PNG 8-bit gray", TestImages.png(new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY)));
    images.put("PNG palette", TestImages.png(new BufferedImage(side, side, BufferedImage.TYPE_BYTE_INDEXED)));
    images.put("PNG 1-bit", TestImages.png(new BufferedImage(side, side, BufferedImage.TYPE_BYTE_BINARY)));
    images.put("JPEG", encode(new BufferedImage(side, side, BufferedImage.TYPE_3BYTE_BGR), "jpg"));
    images.put("GIF", encode(new BufferedImage(side, side, BufferedImage.TYPE_BYTE_INDEXED), "gif"));
    images.put("BMP", encode(new BufferedImage(side, side, BufferedImage.TYPE_3BYTE_BGR), "bmp"));
    for (Map.Entry<String, byte[]> image : images.entrySet()) {
      byte[] bytes = image.getValue();
      float[] input = new float[32 * 32];
      Function<BufferedImage, Long> decodeAndResize = decoded -> {
        Pixels.write(decoded, 32, input, 0); // what the model does with it
        return large.budget().used();
      };
      large.decode(bytes, decodeAndResize); // loads and links the reader's classes first
      long reserved = 0;
      long allocated = 0; // the most of 5 runs: what Java2D allocates may vary from run to run
      for (int run = 0; run < 5; run++) {
        long before = threads.getCurrentThreadAllocatedBytes();
        reserved = large.decode(bytes, decodeAndResize);
        allocated = Math.max(allocated, threads.getCurrentThreadAllocatedBytes() - before);
      }
      assertThat(reserved).as("%s: bytes reserved, of %d allocated", image.getKey(), allocated)
          .isGreaterThanOrEqualTo(allocated)
          .isLessThan(14L * side * side);
    }
  }

  @Test
  void aBudgetSmallerThanOneLargestImageIsAConfigurationError() {
    assertThatThrownBy(() -> new ImageDecoder(4096, 4 << 20, 200L << 20, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[decor/SampleLimits] sample.decode-budget")
        .hasMessageContaining("at least 249261494 bytes");
    assertThat(new ImageDecoder(4096, 4 << 20, 249_261_494, 0).budget().capacity()).isEqualTo(249_261_494);
    assertThatThrownBy(() -> new ImageDecoder(4096, 4 << 20, 249_261_493, 0))
        .hasMessageContaining("[decor/SampleLimits]");
  }

  private static BufferedImage sixteenBit(int colorSpace, boolean alpha, int side) {
    ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(colorSpace), alpha, false,
        alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
    return new BufferedImage(model, model.createCompatibleWritableRaster(side, side), false, null);
  }

  private static byte[] encode(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(image, format, out)).as(format).isTrue();
    return out.toByteArray();
  }

  private static BufferedImage decode(ImageDecoder decoder, byte[] bytes) {
    return decoder.decode(bytes, image -> image);
  }

  private void assertRejected(byte[] bytes, HttpStatus status, String detail) {
    assertRejected(decoder, bytes, status, detail);
  }

  private static void assertRejected(ImageDecoder decoder, byte[] bytes, HttpStatus status, String detail) {
    assertThatThrownBy(() -> decode(decoder, bytes))
        .isInstanceOfSatisfying(ImageRejectedException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(status);
          assertThat(e.getBody().getDetail()).contains(detail);
        });
  }
}
