package dev.decor.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code decor:weave} wrote last time, kept in {@code target/decor/}: the settings' digest,
 * and for each class it passed to the weaver the digest of the bytes javac wrote (input), of the
 * bytes it left in the class file (output), the classes that weave depended on (with a digest of
 * them), and the files the weave added beside it (ajc's closures). Weaving rewrites class files in
 * place, so only this record tells a class the plugin wrote from one javac wrote since.
 *
 * <p>A plain text file, one class per line and one line per added file after it. Immutable.
 *
 * @param fingerprint the digest of the aspect, the class path and the settings
 * @param entries by class file path relative to the classes directory
 */
record WeaveState(String fingerprint, Map<String, Entry> entries) {
  private static final String HEADER = "# decor:weave state, format 1";

  WeaveState {
    entries = new TreeMap<>(entries);
  }

  /**
   * One class handed to the weaver.
   *
   * @param input digest of the class as javac wrote it
   * @param output digest of the class as the weave left it (equal to input: not changed)
   * @param dependencies internal names of the module's classes its weave depends on (read from
   *     the input)
   * @param dependencyKey digest of those classes' inputs when it was woven
   * @param generated files the weave added for it (path → digest)
   */
  record Entry(String input, String output, List<String> dependencies, String dependencyKey,
      Map<String, String> generated) {
    Entry {
      dependencies = List.copyOf(dependencies);
      generated = new TreeMap<>(generated);
    }

    boolean changedByWeave() {
      return !input.equals(output);
    }
  }

  /** The state saved in {@code file}, or null if there is none or it is unreadable. */
  static WeaveState load(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.size() < 2 || !lines.get(0).equals(HEADER) || !lines.get(1).startsWith("fingerprint\t")) {
      return null;
    }
    String fingerprint = lines.get(1).substring("fingerprint\t".length());
    Map<String, Entry> entries = new LinkedHashMap<>();
    String path = null;
    String[] fields = null;
    Map<String, String> generated = new LinkedHashMap<>();
    for (String line : lines.subList(2, lines.size()) ) {
      String[] parts = line.split("\t", -1);
      if (parts[0].equals("class") && parts.length >= 5) {
        if (path != null) {
          entries.put(path, entry(fields, generated));
        }
        path = parts[1];
        fields = parts;
        generated = new LinkedHashMap<>();
      } else if (parts[0].equals("generated") && parts.length == 3 && path != null) {
        generated.put(parts[1], parts[2]);
      } else {
        return null;
      }
    }
    if (path != null) {
      entries.put(path, entry(fields, generated));
    }
    return new WeaveState(fingerprint, entries);
  }

  private static Entry entry(String[] fields, Map<String, String> generated) {
    List<String> dependencies = new ArrayList<>(List.of(fields).subList(5, fields.length));
    return new Entry(fields[2], fields[3], dependencies, fields[4], generated);
  }

  /** Writes this state to {@code file}, replacing it. */
  void save(Path file) throws IOException {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    text.append("fingerprint\t").append(fingerprint).append('\n');
    entries.forEach((path, e) -> {
      text.append("class\t").append(path).append('\t').append(e.input()).append('\t')
          .append(e.output()).append('\t').append(e.dependencyKey());
      e.dependencies().forEach(d -> text.append('\t').append(d));
      text.append('\n');
      e.generated().forEach((g, digest) ->
          text.append("generated\t").append(g).append('\t').append(digest).append('\n'));
    });
    Files.createDirectories(file.getParent());
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temp, text, StandardCharsets.UTF_8);
    Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
