package dev.decor.docs;

import dev.decor.docs.Markdown.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One ```java block as the compilation unit the test compiles: a whole unit as written, or class
 * members or statements inside a class of the test's (see docs-tests/README.md). The snippet's
 * lines keep their order and count, after {@link #headerLines} lines the test adds, so a
 * compiler message maps back to the doc's line.
 */
final class Snippet {
  /** What a block holds, and so how it is compiled (and whether it runs). */
  enum Kind {
    /** A compilation unit: package, imports, types. Compiled as written. */
    UNIT,
    /** Fields, methods, nested types: the body of a class the test adds. */
    MEMBERS,
    /** Statements: the body of {@link SnippetBody#run()}, which the test calls. */
    STATEMENTS
  }

  /** The package every snippet with no package of its own lives in, one per doc. */
  static final String ROOT_PACKAGE = "snippets";
  /** What an elided body ({@code { ... }}, or {@code ...} alone on a line) compiles to. */
  static final String ELIDED = "throw new dev.decor.docs.Elided();";

  private static final Set<String> MODIFIERS = Set.of("public", "protected", "private", "static",
      "final", "abstract", "sealed", "non-sealed", "strictfp", "synchronized", "default",
      "transient", "volatile", "native");
  private static final Set<String> TYPE_KEYWORDS = Set.of("class", "interface", "enum", "record");
  private static final Pattern IMPORT =
      Pattern.compile("^\\s*import\\s+(static\\s+)?[\\w.]+(\\.\\*)?\\s*;\\s*(//.*)?$");
  private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;.*$");
  private static final Pattern ELIDED_BLOCK = Pattern.compile("\\{\\s*(\\.\\.\\.|…)[^{}]*}");
  private static final Pattern METHOD_DECLARATION = Pattern.compile(
      "^[\\w.<>\\[\\]?, ]+\\s+\\w+\\s*\\([^;]*\\)\\s*(throws\\s+[\\w.,\\s]+)?\\{.*$");
  private static final Pattern TYPE_NAME =
      Pattern.compile("(?m)^\\s*[^/*\\s].*?\\b(class|interface|enum|record)\\s+(\\w+)");

  /** A source file, by its path relative to the source root. */
  record File(String path, String source) {}

  final Block block;
  final Kind kind;
  final String packageName;
  /** The class the test adds around members or statements; for a unit, its first type. */
  final String className;
  final int headerLines;
  /** One file, or for a unit declaring several top-level types, one per type. */
  final List<File> files;

  private Snippet(Block block, Kind kind, String packageName, String className, int headerLines,
      List<File> files) {
    this.block = block;
    this.kind = kind;
    this.packageName = packageName;
    this.className = className;
    this.headerLines = headerLines;
    this.files = List.copyOf(files);
  }

  /** The package of a doc's snippets: {@code docs/processor.md} → {@code snippets.docs.processor_md}. */
  static String docPackage(String doc) {
    StringBuilder name = new StringBuilder(ROOT_PACKAGE);
    for (String part : doc.split("/")) {
      String segment = part.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
      name.append('.').append(Character.isDigit(segment.charAt(0)) ? "_" + segment : segment);
    }
    return name.toString();
  }

  /** The package a unit declares, or null. */
  static String declaredPackage(Block block) {
    List<String> code = code(block.lines());
    Matcher m = PACKAGE.matcher(code.isEmpty() ? "" : code.get(0));
    return m.matches() ? m.group(1) : null;
  }

  private static File file(String packageName, String className, String source) {
    return new File(packageName.replace('.', '/') + "/" + className + ".java", source);
  }

  /** The doc line of line {@code generatedLine} (1-based) of a file, or 0 in the test's wrapper. */
  int docLine(long generatedLine) {
    long index = generatedLine - headerLines;
    return index >= 1 && index <= block.lines().size() ? (int) (block.line() + index) : 0;
  }

  /**
   * Builds the source of {@code block}; {@code imports} are the imports every snippet of its doc
   * gets (the fixtures, the packages the doc's own units declare).
   */
  static Snippet of(Block block, List<String> imports) {
    List<String> lines = new ArrayList<>();
    for (String line : block.lines()) {
      lines.add(elide(line));
    }
    List<String> header = new ArrayList<>(imports);
    String extra = block.directives().get("imports");
    if (extra != null) {
      for (String name : extra.split("[,\\s]+")) {
        if (!name.isEmpty()) {
          header.add(name);
        }
      }
    }
    Kind kind = kind(block, lines);
    String docPackage = docPackage(block.doc());
    String className = "Snippet_L" + block.line();
    StringBuilder importLine = new StringBuilder();
    for (String name : header) {
      importLine.append(" import ").append(name).append(';');
    }

    if (kind == Kind.UNIT) {
      String declared = declaredPackage(block);
      String pkg = declared != null ? declared : docPackage;
      int headerLines = 0;
      if (declared != null) {
        int at = packageLine(lines);
        lines.set(at, lines.get(at) + importLine);
      } else {
        lines.add(0, "package " + docPackage + ";" + importLine);
        headerLines = 1;
      }
      List<File> files = new ArrayList<>();
      String first = null;
      for (List<String> part : perType(lines, headerLines)) {
        String name = typeName(part);
        name = name != null ? name : className + (files.isEmpty() ? "" : "_" + files.size());
        first = first != null ? first : name;
        files.add(file(pkg, name, String.join("\n", part) + "\n"));
      }
      return new Snippet(block, kind, pkg, first, headerLines, files);
    }

    // Members and statements may start with imports: they stay on their lines, and the class
    // the test adds opens at the end of the last one (else on a line of its own).
    int lastImport = -1;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (IMPORT.matcher(line).matches()) {
        lastImport = i;
      } else if (!line.isEmpty() && !line.startsWith("//")) {
        break;
      }
    }
    String given = block.directives().getOrDefault("given", "");
    String open = kind == Kind.MEMBERS
        ? "public class " + className + " {"
        : "public class " + className + " implements dev.decor.docs.SnippetBody {"
            + " @Override public void run() throws Throwable { " + given;
    String close = kind == Kind.MEMBERS ? "}" : "}}";
    int headerLines = 1;
    if (lastImport >= 0) {
      lines.set(lastImport, lines.get(lastImport) + " " + open);
    } else {
      lines.add(0, open);
      headerLines = 2;
    }
    lines.add(0, "package " + docPackage + ";" + importLine);
    return new Snippet(block, kind, docPackage, className, headerLines, List.of(file(docPackage,
        className, String.join("\n", lines) + "\n" + close + "\n")));
  }

  /** {@code { ... }}, {@code { … }} and {@code { ... text ... }} on one line, or {@code ...} alone. */
  static String elide(String line) {
    String trimmed = line.strip();
    if (trimmed.equals("...") || trimmed.equals("…")) {
      return line.substring(0, line.indexOf(trimmed)) + ELIDED;
    }
    return ELIDED_BLOCK.matcher(line).replaceAll(Matcher.quoteReplacement("{ " + ELIDED + " }"));
  }

  /**
   * A unit if it starts with {@code package}, only imports, or (after imports, annotations and
   * modifiers) a type declaration; members if annotations or modifiers lead to something else, or
   * the first line declares a method; statements otherwise.
   */
  private static Kind kind(Block block, List<String> lines) {
    String as = block.directives().get("as");
    if (as != null) {
      return Kind.valueOf(as.toUpperCase(Locale.ROOT));
    }
    List<String> code = code(lines);
    if (!code.isEmpty() && PACKAGE.matcher(code.get(0)).matches()) {
      return Kind.UNIT;
    }
    int i = 0;
    while (i < code.size() && IMPORT.matcher(code.get(i)).matches()) {
      i++;
    }
    if (i == code.size()) {
      return Kind.UNIT;   // imports only: says where the types live
    }
    String rest = String.join(" ", code.subList(i, code.size()));
    boolean qualified = false;
    while (true) {
      String stripped = skipAnnotation(rest);
      String word = stripped.split("[^\\w-]", 2)[0];
      if (TYPE_KEYWORDS.contains(word) || stripped.startsWith("@interface")) {
        return Kind.UNIT;
      }
      if (MODIFIERS.contains(word)) {
        stripped = stripped.substring(word.length()).stripLeading();
      }
      if (stripped.equals(rest)) {
        break;
      }
      qualified = true;
      rest = stripped;
    }
    return qualified || METHOD_DECLARATION.matcher(code.get(i)).matches() ? Kind.MEMBERS
        : Kind.STATEMENTS;
  }

  /** Removes one leading annotation ({@code @Name} or {@code @Name(...)}), if any. */
  private static String skipAnnotation(String text) {
    if (!text.startsWith("@") || text.startsWith("@interface")) {
      return text;
    }
    int i = 1;
    while (i < text.length() && (Character.isJavaIdentifierPart(text.charAt(i))
        || text.charAt(i) == '.')) {
      i++;
    }
    String rest = text.substring(i).stripLeading();
    if (rest.startsWith("(")) {
      int depth = 0;
      for (int j = 0; j < rest.length(); j++) {
        char c = rest.charAt(j);
        if (c == '(') {
          depth++;
        } else if (c == ')' && --depth == 0) {
          return rest.substring(j + 1).stripLeading();
        }
      }
    }
    return rest;
  }

  /** The lines that are code: no blank lines, no whole-line comments. */
  private static List<String> code(List<String> lines) {
    List<String> code = new ArrayList<>();
    boolean inComment = false;
    for (String line : lines) {
      String s = line.strip();
      if (inComment) {
        inComment = !s.contains("*/");
        continue;
      }
      if (s.startsWith("/*")) {
        inComment = !s.contains("*/");
        continue;
      }
      if (!s.isEmpty() && !s.startsWith("//")) {
        code.add(s);
      }
    }
    return code;
  }

  private static int packageLine(List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      if (PACKAGE.matcher(lines.get(i)).matches()) {
        return i;
      }
    }
    throw new IllegalStateException("no package line");
  }

  /**
   * A unit's lines once per top-level type, the other types' lines blank (so every file keeps
   * the doc's line numbers): Java allows one public type per file, and a doc often shows two.
   * The package and imports go into every file; text between two types goes with the second.
   */
  private static List<List<String>> perType(List<String> lines, int from) {
    int preamble = from;
    for (int i = from; i < lines.size(); i++) {
      String s = lines.get(i).strip();
      if (PACKAGE.matcher(s).matches() || IMPORT.matcher(s).matches()) {
        preamble = i + 1;
      } else if (!s.isEmpty() && !s.startsWith("//") && !s.startsWith("/*")
          && !s.startsWith("*")) {
        break;
      }
    }
    List<int[]> parts = new ArrayList<>();
    int depth = 0;
    int start = preamble;
    boolean opened = false;
    for (int i = preamble; i < lines.size(); i++) {
      depth += braces(lines.get(i));
      opened |= depth > 0;
      if (opened && depth <= 0) {
        parts.add(new int[] {start, i + 1});
        start = i + 1;
        opened = false;
        depth = 0;
      }
    }
    if (parts.isEmpty()) {
      return List.of(lines);
    }
    parts.get(parts.size() - 1)[1] = lines.size();   // trailing comments stay with the last type
    List<List<String>> files = new ArrayList<>();
    for (int[] part : parts) {
      List<String> file = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        file.add(i < preamble || (i >= part[0] && i < part[1]) ? lines.get(i) : "");
      }
      files.add(file);
    }
    return files;
  }

  /** The name of the first type declared in {@code lines}, or null. */
  private static String typeName(List<String> lines) {
    Matcher m = TYPE_NAME.matcher(String.join("\n", lines));
    return m.find() ? m.group(2) : null;
  }

  /** Opening minus closing braces on a line, outside strings, characters and line comments. */
  private static int braces(String line) {
    int depth = 0;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
        break;
      } else if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
      }
    }
    return depth;
  }
}
