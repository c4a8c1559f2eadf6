package dev.decor.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * SHA-256 digests of class files, and of everything else a weave depends on (the aspect, the
 * class path, the settings), so {@code decor:weave} can tell what changed since it last ran. A
 * jar is digested by its entries' names and CRCs, not its bytes: a jar rebuilt from the same
 * classes (new timestamps) digests the same; so does a directory whose class files were rewritten
 * with the same bytes. Not thread-safe.
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
   * names and contents, a missing entry by its name. {@code known} spares digesting a file again
   * whose size and modification time are unchanged.
   */
  Digests addClassPath(List<Path> entries, Known known) throws IOException {
    for (Path entry : entries) {
      add("entry " + entry);
      if (Files.isDirectory(entry)) {
        for (String file : ClassIndex.classFiles(entry)) {
          add(file + " " + known.digest(entry.resolve(file),
              f -> of(Files.readAllBytes(f))));
        }
      } else if (Files.isRegularFile(entry)) {
        add(known.digest(entry, Digests::ofJar));
      }
    }
    return this;
  }

  private static String ofJar(Path jar) throws IOException {
    Digests digest = new Digests();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        ZipEntry z = e.nextElement();
        digest.add(z.getName() + " " + Long.toHexString(z.getCrc()) + " " + z.getSize());
      }
    }
    return digest.hex();
  }

  /**
   * Digests of files from an earlier build, by path, size and modification time: a no-change build
   * then reads no class path file, only their attributes. Not thread-safe.
   */
  static final class Known {
    private final Map<String, String> earlier;
    private final Map<String, String> now = new TreeMap<>();

    private Known(Map<String, String> earlier) {
      this.earlier = earlier;
    }

    /** Nothing known: every file is digested. */
    static Known none() {
      return new Known(Map.of());
    }

    /** The digests saved in {@code file}, if any. */
    static Known load(Path file) throws IOException {
      Map<String, String> earlier = new HashMap<>();
      if (Files.isRegularFile(file)) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          int tab = line.lastIndexOf('\t');
          if (tab > 0) {
            earlier.put(line.substring(0, tab), line.substring(tab + 1));
          }
        }
      }
      return new Known(earlier);
    }

    interface Compute {
      String digest(Path file) throws IOException;
    }

    String digest(Path file, Compute compute) throws IOException {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      String key = file.toAbsolutePath() + "\t" + attributes.size() + "\t"
          + attributes.lastModifiedTime().toMillis();
      String digest = earlier.get(key);
      if (digest == null) {
        digest = compute.digest(file);
      }
      now.put(key, digest);
      return digest;
    }

    /** Saves the digests of this build's files to {@code file}, if they differ from those loaded. */
    void save(Path file) throws IOException {
      if (now.equals(earlier)) {
        return;
      }
      StringBuilder text = new StringBuilder();
      now.forEach((key, digest) -> text.append(key).append('\t').append(digest).append('\n'));
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    }
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
