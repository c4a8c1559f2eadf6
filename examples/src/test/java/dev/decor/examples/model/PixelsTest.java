package dev.decor.examples.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The network's input from an image: a gray PNG counts by its stored grays, like RGB of them. */
class PixelsTest {
  @Test
  void aGrayPngGivesTheInputOfTheSameGraysInRgb() throws IOException {
    BufferedImage gray = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
    BufferedImage rgb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        int v = 50 + 40 * x + 5 * y;
        gray.getRaster().setSample(x, y, 0, v);
        rgb.setRGB(x, y, v << 16 | v << 8 | v);
      }
    }
    float[] fromGray = new float[16];
    float[] fromRgb = new float[16];
    Pixels.write(Pixels.decode(png(gray)), 4, fromGray, 0);
    Pixels.write(Pixels.decode(png(rgb)), 4, fromRgb, 0);

    assertThat(fromGray).containsExactly(fromRgb);
    assertThat(fromGray[0]).isEqualTo(50 / 255f * 2f - 1f);
  }

  @Test
  void aGrayImageOfAnotherSizeIsResizedFromItsStoredGrays() {
    BufferedImage gray = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        gray.getRaster().setSample(x, y, 0, 50);
      }
    }
    float[] out = new float[16];
    Pixels.write(gray, 4, out, 0);
    for (float v : out) {
      assertThat(v).isEqualTo(50 / 255f * 2f - 1f);
    }
  }

  private static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
