package dev.decor.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class path part of decor:weave's fingerprint: content, not timestamps, decides. */
class DigestsTest {
  @TempDir Path dir;

  private String fingerprint(List<Path> classPath) throws IOException {
    Path memo = dir.resolve("memo.txt");
    Digests.Known known = Digests.Known.load(memo);
    String hex = new Digests().addClassPath(classPath, known).hex();
    known.save(memo);
    return hex;
  }

  private static void jar(Path file, long time, String content) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      ZipEntry entry = new ZipEntry("a/A.class");
      entry.setTime(time);
      zip.putNextEntry(entry);
      zip.write(content.getBytes());
      zip.closeEntry();
    }
  }

  @Test
  void jarRebuiltFromTheSameClassesDigestsTheSameAndAChangedOneDoesNot() throws IOException {
    Path jar = dir.resolve("lib.jar");
    jar(jar, 1_000_000L, "v1");
    String first = fingerprint(List.of(jar));

    jar(jar, 9_000_000L, "v1");
    Files.setLastModifiedTime(jar, FileTime.fromMillis(123_456_000L));
    assertThat(fingerprint(List.of(jar))).isEqualTo(first);

    jar(jar, 9_000_000L, "v2");
    Files.setLastModifiedTime(jar, FileTime.fromMillis(223_456_000L));
    assertThat(fingerprint(List.of(jar))).isNotEqualTo(first);
  }

  @Test
  void classRewrittenWithTheSameBytesDigestsTheSameAndAnEditedOneDoesNot() throws IOException {
    Path classes = dir.resolve("classes");
    Path file = classes.resolve("a/A.class");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "v1");
    String first = fingerprint(List.of(classes));
    assertThat(fingerprint(List.of(classes))).isEqualTo(first); // from the memo

    Files.writeString(file, "v1");
    Files.setLastModifiedTime(file, FileTime.fromMillis(123_456_000L));
    assertThat(fingerprint(List.of(classes))).isEqualTo(first);

    Files.writeString(file, "v2");
    Files.setLastModifiedTime(file, FileTime.fromMillis(223_456_000L));
    assertThat(fingerprint(List.of(classes))).isNotEqualTo(first);
  }
}
