package dev.decor.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the fenced code blocks of the docs, and the {@code <!-- snippet key: value -->} comments
 * written right above a block (see docs-tests/README.md). Fences follow CommonMark: a run of at
 * least three backticks or tildes, closed by a run of the same character at least as long, so a
 * {@code ```java} shown inside a longer fence is not a block of its own.
 */
final class Markdown {
  /** The directive keys a {@code <!-- snippet … -->} comment may carry. */
  static final Set<String> KEYS = Set.of("skip", "compile-only", "given", "imports", "as");

  private static final Pattern FENCE = Pattern.compile("^(\\s*)(`{3,}|~{3,})\\s*([^`\\s]*).*$");
  private static final Pattern DIRECTIVE =
      Pattern.compile("^\\s*<!--\\s*snippet\\b(.*?)(-->\\s*)?$", Pattern.DOTALL);

  private Markdown() {}

  /**
   * A fenced block: {@code line} is the 1-based line of its opening fence, {@code lines} its
   * content with the fence's indentation removed, {@code directives} the snippet comments above
   * it, {@code problems} what is wrong with how they are written.
   */
  record Block(String doc, int line, String language, List<String> lines,
      Map<String, String> directives, List<String> problems) {
    /** {@code README.md:27}, the place to look. */
    String where() {
      return doc + ":" + line;
    }

    boolean isJava() {
      return language.equals("java");
    }
  }

  /**
   * The docs the snippet test covers: README.md first, the other .md files of the root
   * (CONTRIBUTING.md, ARCHITECTURE.md, …) and every .md under docs/.
   */
  static List<Path> docs(Path root) throws IOException {
    List<Path> docs = new ArrayList<>();
    docs.add(root.resolve("README.md"));
    try (Stream<Path> files = Files.list(root)) {
      files.filter(f -> f.toString().endsWith(".md") && !f.getFileName().toString()
          .equals("README.md")).sorted().forEach(docs::add);
    }
    try (Stream<Path> files = Files.walk(root.resolve("docs"))) {
      files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }

  /** The fenced blocks of {@code file}, named by its path relative to {@code root}. */
  static List<Block> blocks(Path root, Path file) throws IOException {
    String doc = root.relativize(file).toString().replace('\\', '/');
    List<String> lines = Files.readAllLines(file);
    List<Block> blocks = new ArrayList<>();
    Map<String, String> pending = new LinkedHashMap<>();
    List<String> pendingProblems = new ArrayList<>();
    int pendingLine = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher directive = DIRECTIVE.matcher(line);
      if (directive.matches()) {
        StringBuilder text = new StringBuilder(directive.group(1));
        int start = i;
        while (directive.group(2) == null && !text.toString().contains("-->")) {
          if (++i == lines.size()) {
            pendingProblems.add(doc + ":" + (start + 1) + ": snippet comment is never closed");
            break;
          }
          text.append('\n').append(lines.get(i));
        }
        String body = text.toString().replaceFirst("-->\\s*$", "").trim();
        addDirective(doc + ":" + (start + 1), body, pending, pendingProblems);
        pendingLine = pendingLine == 0 ? start + 1 : pendingLine;
        continue;
      }
      Matcher fence = FENCE.matcher(line);
      if (fence.matches()) {
        String indent = fence.group(1);
        String marker = fence.group(2);
        String language = fence.group(3).toLowerCase(Locale.ROOT);
        List<String> content = new ArrayList<>();
        int open = i;
        boolean closed = false;
        while (++i < lines.size()) {
          String inner = lines.get(i);
          String trimmed = inner.strip();
          if (trimmed.startsWith(marker) && trimmed.chars().allMatch(c -> c == marker.charAt(0))) {
            closed = true;
            break;
          }
          content.add(inner.startsWith(indent) ? inner.substring(indent.length()) : inner.strip());
        }
        List<String> problems = new ArrayList<>(pendingProblems);
        if (!closed) {
          problems.add(doc + ":" + (open + 1) + ": this ``` block is never closed");
        }
        if (!pending.isEmpty() && !language.equals("java")) {
          problems.add(doc + ":" + pendingLine + ": a snippet comment belongs above a ```java "
              + "block, not a ```" + language + " one");
        }
        blocks.add(new Block(doc, open + 1, language, List.copyOf(content),
            Map.copyOf(pending), List.copyOf(problems)));
        pending.clear();
        pendingProblems.clear();
        pendingLine = 0;
        continue;
      }
      if (!line.isBlank() && (!pending.isEmpty() || !pendingProblems.isEmpty())) {
        blocks.add(new Block(doc, pendingLine, "", List.of(), Map.of(), List.of(
            doc + ":" + pendingLine + ": a snippet comment must be followed by its ```java block "
                + "(only blank lines or other snippet comments between)")));
        pending.clear();
        pendingProblems.clear();
        pendingLine = 0;
      }
    }
    if (!pending.isEmpty()) {
      blocks.add(new Block(doc, pendingLine, "", List.of(), Map.of(), List.of(
          doc + ":" + pendingLine + ": a snippet comment at the end of the file has no block")));
    }
    return blocks;
  }

  private static void addDirective(String where, String body, Map<String, String> pending,
      List<String> problems) {
    int colon = body.indexOf(':');
    String key = (colon < 0 ? body : body.substring(0, colon)).trim();
    String value = colon < 0 ? "" : body.substring(colon + 1).trim();
    if (!KEYS.contains(key)) {
      problems.add(where + ": unknown snippet comment '" + key + "'; known: " + KEYS
          + " (write <!-- snippet key: value -->)");
    } else if (pending.putIfAbsent(key, value) != null) {
      problems.add(where + ": snippet '" + key + "' given twice for one block");
    }
  }
}
