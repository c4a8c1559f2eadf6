package dev.decor.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * SHA-256 digests of class files, and of everything else a weave depends on (the aspect, the
 * class path, the settings), so {@code decor:weave} can tell what changed since it last ran. A
 * jar is digested by its entries' names and CRCs, not its bytes: a jar rebuilt from the same
 * classes (new timestamps) digests the same. Not thread-safe.
 */
final class Digests {
  private final MessageDigest digest = newDigest();

  /** The hex digest of {@code bytes}. */
  static String of(byte[] bytes) {
    return HexFormat.of().formatHex(newDigest().digest(bytes));
  }

  /** Adds a line of text. */
  Digests add(String line) {
    digest.update(line.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) '\n');
    return this;
  }

  /**
   * Adds class path entries: a jar by its entries' names and CRCs, a directory by its class files'
   * names and contents, a missing entry by its name.
   */
  Digests addClassPath(List<Path> entries) throws IOException {
    for (Path entry : entries) {
      add("entry " + entry);
      if (Files.isDirectory(entry)) {
        for (String file : ClassIndex.classFiles(entry)) {
          add(file + " " + of(Files.readAllBytes(entry.resolve(file))));
        }
      } else if (Files.isRegularFile(entry)) {
        try (ZipFile jar = new ZipFile(entry.toFile())) {
          for (Enumeration<? extends ZipEntry> e = jar.entries(); e.hasMoreElements(); ) {
            ZipEntry zip = e.nextElement();
            add(zip.getName() + " " + Long.toHexString(zip.getCrc()) + " " + zip.getSize());
          }
        }
      }
    }
    return this;
  }

  /** The hex digest of everything added. */
  String hex() {
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
