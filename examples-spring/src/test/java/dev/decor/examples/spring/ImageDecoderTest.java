package dev.decor.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** Decoding request images: gray values kept, limits checked before decoding, bad data a 400. */
class ImageDecoderTest {
  private final ImageDecoder decoder = new ImageDecoder(64, 64 * 64 * 2, TimeUnit.MILLISECONDS.toNanos(100));

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

    BufferedImage decoded = decoder.decode(png);
    assertThat(decoded.getRGB(0, 0) & 0xffffff).isEqualTo(50 << 16 | 50 << 8 | 50);
  }

  @Test
  void sixteenBitGrayIsScaledToEightBits() {
    BufferedImage gray = new BufferedImage(2, 2, BufferedImage.TYPE_USHORT_GRAY);
    gray.getRaster().setSample(0, 0, 0, 50 * 257);
    gray.getRaster().setSample(1, 0, 0, 65535);
    BufferedImage decoded = decoder.decode(TestImages.png(gray));
    assertThat(decoded.getRGB(0, 0) & 0xff).isEqualTo(50);
    assertThat(decoded.getRGB(1, 0) & 0xff).isEqualTo(255);
    assertThat(decoded.getRGB(0, 1) & 0xff).isZero();
  }

  @Test
  void paletteImagesReadThroughTheirPalette() {
    BufferedImage rgb = new BufferedImage(3, 1, BufferedImage.TYPE_INT_RGB);
    rgb.setRGB(0, 0, 0x323232);
    rgb.setRGB(1, 0, 0xc8c8c8);
    BufferedImage decoded = decoder.decode(TestImages.png(TestImages.grayPalette(rgb)));
    assertThat(decoded.getRGB(0, 0) & 0xffffff).isEqualTo(0x323232);
    assertThat(decoded.getRGB(1, 0) & 0xffffff).isEqualTo(0xc8c8c8);
    assertThat(decoded.getRGB(2, 0) & 0xffffff).isZero();
  }

  @Test
  void tooWideOrTooTallIsRefusedFromTheHeaderBeforeDecoding() {
    assertRejected(TestImages.pngHeaderOnly(28_000, 28_000), HttpStatus.UNPROCESSABLE_ENTITY, "28000×28000");
    assertRejected(TestImages.pngHeaderOnly(65, 1), HttpStatus.UNPROCESSABLE_ENTITY, "at most 64×64");
    assertThat(decoder.availablePixels()).isEqualTo(decoder.pixelBudget());
  }

  @Test
  void corruptTruncatedAndNonImagesAreBadRequestsAndGiveBackTheirPixels() {
    byte[] png = TestImages.png(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB));
    assertRejected(Arrays.copyOf(png, png.length / 2), HttpStatus.BAD_REQUEST, "corrupt or truncated");
    assertRejected(TestImages.pngHeaderOnly(8, 8), HttpStatus.BAD_REQUEST, "corrupt or truncated");
    assertRejected(new byte[] {1, 2, 3}, HttpStatus.BAD_REQUEST, "not a PNG, JPEG");
    assertRejected(new byte[0], HttpStatus.BAD_REQUEST, "not a PNG, JPEG");
    assertThat(decoder.availablePixels()).isEqualTo(decoder.pixelBudget());
  }

  @Test
  void aDecodeThatCannotGetItsPixelsInTimeIsServiceUnavailable() throws Exception {
    ImageDecoder small = new ImageDecoder(64, 64 * 64, TimeUnit.MILLISECONDS.toNanos(50));
    byte[] big = TestImages.png(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB));
    Semaphore budget = small.budget();
    budget.acquire(1);
    try {
      assertRejected(small, big, HttpStatus.SERVICE_UNAVAILABLE, "retry shortly");
    } finally {
      budget.release(1);
    }
    assertThat(small.decode(big).getWidth()).isEqualTo(64);
  }

  @Test
  void aBudgetSmallerThanOneImageIsAConfigurationError() {
    assertThatThrownBy(() -> new ImageDecoder(4096, 1000, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[decor/SampleLimits]");
  }

  private void assertRejected(byte[] bytes, HttpStatus status, String detail) {
    assertRejected(decoder, bytes, status, detail);
  }

  private static void assertRejected(ImageDecoder decoder, byte[] bytes, HttpStatus status, String detail) {
    assertThatThrownBy(() -> decoder.decode(bytes))
        .isInstanceOfSatisfying(ImageRejectedException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(status);
          assertThat(e.getBody().getDetail()).contains(detail);
        });
  }
}
