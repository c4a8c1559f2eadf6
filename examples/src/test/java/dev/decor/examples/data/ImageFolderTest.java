package dev.decor.examples.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.examples.stream.Counter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {
  private static final List<String> LABELS = List.of("triangle", "circle", "square");

  @TempDir Path dir;

  @Test
  void generatesOnceAndStreamsEveryImageWithItsLabel() {
    assertThat(DatasetGenerator.generateIfMissing(dir, LABELS, 4, 16, 1)).isTrue();
    assertThat(DatasetGenerator.generateIfMissing(dir, LABELS, 4, 16, 1)).isFalse();

    ImageFolder folder = new ImageFolder(dir);
    assertThat(folder.labels()).containsExactly("circle", "square", "triangle");
    Counter<String> counts;
    try (Stream<LabeledImage> images = folder.stream()) {
      counts = images.map(LabeledImage::label).collect(Counter.collector());
    }
    assertThat(counts.asSortedMap()).containsEntry("circle", 4L).containsEntry("square", 4L).containsEntry("triangle", 4L);
    assertThat(folder.totalPixels()).isEqualTo(12L * 16 * 16);
  }

  @Test
  void iteratorFollowsTheIteratorProtocol() {
    DatasetGenerator.generateIfMissing(dir, List.of("circle"), 2, 8, 1);
    Iterator<LabeledImage> it = new ImageFolder(dir).iterator();
    assertThat(it.next().image().getWidth()).isEqualTo(8);
    assertThat(it.hasNext()).isTrue();
    assertThat(it.next().label()).isEqualTo("circle");
    assertThat(it.hasNext()).isFalse();
    assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void sameSeedWritesTheSameImages(@TempDir Path other) throws Exception {
    DatasetGenerator.generateIfMissing(dir, List.of("square"), 2, 16, 7);
    DatasetGenerator.generateIfMissing(other, List.of("square"), 2, 16, 7);
    Path name = Path.of("square", "square-00001.png");
    assertThat(Files.readAllBytes(dir.resolve(name))).isEqualTo(Files.readAllBytes(other.resolve(name)));
  }

  @Test
  void unknownShapeIsRejected() {
    assertThatThrownBy(() -> DatasetGenerator.generateIfMissing(dir, List.of("hexagon"), 1, 8, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no shape is called 'hexagon'");
  }

  @Test
  void anImageOutsideTheClassFoldersIsNotAnImageOfTheFolderButAGarbageFileFails() throws Exception {
    Files.createDirectories(dir.resolve("circle"));
    Files.writeString(dir.resolve("circle").resolve("broken.png"), "not a png");
    try (Stream<LabeledImage> images = new ImageFolder(dir).stream()) {
      assertThatThrownBy(images::toList).hasMessageContaining("not an image");
    }
  }
}
