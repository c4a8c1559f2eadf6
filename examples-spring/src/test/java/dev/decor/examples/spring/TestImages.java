package dev.decor.examples.spring;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;

/** PNGs for the tests: gray and palette copies of RGB images, and hand-made headers. */
final class TestImages {
  private TestImages() {}

  static byte[] png(BufferedImage image) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(image, "png", out)) {
        throw new IllegalStateException("no PNG writer for " + image);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static BufferedImage read(byte[] png) {
    try {
      return ImageIO.read(new java.io.ByteArrayInputStream(png));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The mean of R, G and B of {@code rgb}'s pixel, rounded down — what the model computes, times 255. */
  static int mean(int rgb) {
    return (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)) / 3;
  }

  /** An RGB image with R = G = B = {@code image}'s RGB means: the same gray, stored as colour. */
  static BufferedImage grayAsRgb(BufferedImage image) {
    BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int v = mean(image.getRGB(x, y));
        out.setRGB(x, y, v << 16 | v << 8 | v);
      }
    }
    return out;
  }

  /** An 8-bit gray ({@code TYPE_BYTE_GRAY}) image whose stored samples are {@code image}'s RGB means. */
  static BufferedImage gray(BufferedImage image) {
    BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster raster = out.getRaster();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        raster.setSample(x, y, 0, mean(image.getRGB(x, y)));
      }
    }
    return out;
  }

  /** A palette image with 256 gray entries, index = {@code image}'s RGB mean. */
  static BufferedImage grayPalette(BufferedImage image) {
    byte[] levels = new byte[256];
    for (int i = 0; i < 256; i++) {
      levels[i] = (byte) i;
    }
    IndexColorModel palette = new IndexColorModel(8, 256, levels, levels, levels);
    BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_INDEXED, palette);
    WritableRaster raster = out.getRaster();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        raster.setSample(x, y, 0, mean(image.getRGB(x, y)));
      }
    }
    return out;
  }

  /**
   * A PNG that declares {@code width}×{@code height} 8-bit gray pixels but carries almost no data:
   * what a decompression bomb looks like from its header.
   */
  static byte[] pngHeaderOnly(int width, int height) {
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0)
        .put((byte) 0).put((byte) 0).put((byte) 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IDAT", new byte[] {0x78, 0x01}); // a zlib header and nothing else
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /**
   * A {@code side}×{@code side} PNG of 16-bit RGBA samples (8 bytes a pixel decoded), written row
   * by row so the test never holds the pixels: a horizontal gradient, every row after the first
   * filtered "Up" (all zeros), so a 4096×4096 image is about 100 KB on the wire and 128 MiB
   * decoded.
   */
  static byte[] rgba16Png(int side) {
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(side).putInt(side).put((byte) 16).put((byte) 6)
        .put((byte) 0).put((byte) 0).put((byte) 0);
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_SPEED), 1 << 16)) {
      byte[] row = new byte[1 + side * 8];
      for (int x = 0; x < side; x++) {
        int v = x * 65535 / Math.max(1, side - 1);
        for (int band = 0; band < 4; band++) {
          row[1 + x * 8 + band * 2] = (byte) (band == 3 ? 0xff : v >> 8);
          row[2 + x * 8 + band * 2] = (byte) (band == 3 ? 0xff : v);
        }
      }
      z.write(row); // filter 0 (None)
      byte[] up = new byte[row.length];
      up[0] = 2; // filter 2 (Up): every sample equals the one above
      for (int y = 1; y < side; y++) {
        z.write(up);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IDAT", idat.toByteArray());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /** {@code png} with a {@code tEXt} chunk before IEND: other bytes (a cache miss), same pixels. */
  static byte[] withText(byte[] png, String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(png.length + 32);
    out.write(png, 0, png.length - 12);
    chunk(out, "tEXt", ("n\0" + text).getBytes(StandardCharsets.ISO_8859_1));
    out.write(png, png.length - 12, 12);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
