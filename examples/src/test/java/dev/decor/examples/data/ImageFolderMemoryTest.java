package dev.decor.examples.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streaming 10× more images must not raise the heap retained while the stream is open. */
class ImageFolderMemoryTest {
  private static final int SIZE = 64;
  private static final List<String> LABELS = List.of("circle", "square", "triangle");

  @Test
  void retainedHeapDoesNotGrowWithTenTimesMoreImages(@TempDir Path small, @TempDir Path large) throws Exception {
    DatasetGenerator.generateIfMissing(small, LABELS, 100, SIZE, 1);
    copyTenTimes(small, large);

    streamAndMeasure(new ImageFolder(small)); // warm up class loading and JIT
    Measurement few = streamAndMeasure(new ImageFolder(small));
    Measurement many = streamAndMeasure(new ImageFolder(large));

    assertThat(few.images()).isEqualTo(300);
    assertThat(many.images()).isEqualTo(3000);
    long decodedBytesOfTheExtraImages = 2700L * SIZE * SIZE * 3; // what a list of them would hold, at least
    assertThat(decodedBytesOfTheExtraImages).isGreaterThan(30L << 20);
    assertThat(many.retainedBytes() - few.retainedBytes())
        .as("retained heap with 3000 images (%,d) vs 300 (%,d)", many.retainedBytes(), few.retainedBytes())
        .isLessThan(4L << 20);
  }

  /** The large folder: each small image ten times under distinct names (cheaper than drawing 3000). */
  private static void copyTenTimes(Path from, Path to) throws IOException {
    try (Stream<Path> files = new ImageFolder(from).files()) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path dir = Files.createDirectories(to.resolve(from.relativize(file.getParent())));
        for (int copy = 0; copy < 10; copy++) {
          Files.copy(file, dir.resolve(copy + "-" + file.getFileName()));
        }
      }
    }
  }

  record Measurement(int images, long retainedBytes) {}

  /** Streams every image; at the last one, while the stream is open, measures the heap after GC. */
  private static Measurement streamAndMeasure(ImageFolder folder) throws InterruptedException {
    int images = 0;
    long retained = 0;
    try (Stream<LabeledImage> stream = folder.stream()) {
      for (Iterator<LabeledImage> it = stream.iterator(); it.hasNext(); ) {
        LabeledImage image = it.next();
        images++;
        if (!it.hasNext()) {
          retained = usedAfterGc();
          assertThat(image.pixels()).isEqualTo((long) SIZE * SIZE); // keeps the last image reachable
        }
      }
    }
    return new Measurement(images, retained);
  }

  private static long usedAfterGc() throws InterruptedException {
    long min = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(50); // lets a concurrent collection finish; the least of four readings counts
      min = Math.min(min, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return min;
  }
}
