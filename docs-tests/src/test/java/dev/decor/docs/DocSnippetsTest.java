package dev.decor.docs;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.decor.docs.Markdown.Block;
import dev.decor.docs.Snippet.Kind;
import dev.decor.engine.Decor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Every ```java block of README.md and docs/ compiles against the real modules, through decor's
 * processor (so annotated snippet classes get their generated wrappers, and a misused annotation
 * fails here as it would for a user); statement snippets also run, on a fresh real engine. A
 * block the test cannot compile must say why ({@code <!-- snippet skip: reason -->}), so a new
 * block is never left out silently. Conventions: docs-tests/README.md.
 */
class DocSnippetsTest {
  static final Path ROOT = Path.of(System.getProperty("decor.root", "..")).toAbsolutePath()
      .normalize();
  static final Path OUT = Path.of(System.getProperty("decor.snippets.out", "target/docs-snippets"))
      .toAbsolutePath().normalize();
  static final String FIXTURES = "dev.decor.docs.fixtures.*";
  static final String CONVENTIONS = "see docs-tests/README.md for how snippets are compiled";
  private static final Duration RUN_LIMIT = Duration.ofSeconds(60);

  @TestFactory
  List<DynamicNode> everyJavaSnippetCompilesAndStatementsRun() throws IOException {
    Map<String, List<Block>> blocksByDoc = new LinkedHashMap<>();
    for (Path doc : Markdown.docs(ROOT)) {
      List<Block> blocks = Markdown.blocks(ROOT, doc);
      blocksByDoc.put(ROOT.relativize(doc).toString().replace('\\', '/'), blocks);
    }

    List<Snippet> snippets = new ArrayList<>();
    Map<Block, Snippet> snippetOf = new HashMap<>();
    Map<Block, List<String>> problems = new LinkedHashMap<>();
    Map<String, Snippet> byPath = new HashMap<>();
    for (List<Block> blocks : blocksByDoc.values()) {
      List<String> imports = new ArrayList<>(List.of(FIXTURES));
      Set<String> declared = new LinkedHashSet<>();
      for (Block block : blocks) {
        if (block.isJava() && !block.directives().containsKey("skip")) {
          String pkg = Snippet.declaredPackage(block);
          if (pkg != null) {
            declared.add(pkg + ".*");
          }
        }
      }
      imports.addAll(declared);
      for (Block block : blocks) {
        List<String> wrong = new ArrayList<>(block.problems());
        if (block.isJava() && !block.directives().containsKey("skip")) {
          Snippet snippet = wrong.isEmpty() && checkAs(block, wrong)
              ? Snippet.of(block, imports) : null;
          if (snippet != null) {
            checkDirectives(snippet, wrong);
            for (Snippet.File file : snippet.files) {
              Snippet other = byPath.putIfAbsent(file.path(), snippet);
              if (other != null) {
                wrong.add(block.where() + ": " + file.path() + " is also what "
                    + other.block.where() + " compiles to: rename a type, or give one block a "
                    + "package line");
              }
            }
            if (wrong.isEmpty()) {
              snippets.add(snippet);
              snippetOf.put(block, snippet);
            }
          }
        } else if (block.isJava() && block.directives().get("skip").isBlank()) {
          wrong.add(block.where() + ": <!-- snippet skip: --> needs the reason the block is not "
              + "compiled");
        } else if (block.isJava() && block.directives().size() > 1) {
          wrong.add(block.where() + ": a skipped block takes no other snippet comment");
        }
        if (!wrong.isEmpty()) {
          problems.put(block, wrong);
        }
      }
    }

    SnippetCompiler.Result compiled = SnippetCompiler.compile(snippets, OUT);
    List<DynamicNode> nodes = new ArrayList<>();
    int java = 0;
    int run = 0;
    List<String> skipped = new ArrayList<>();
    for (Map.Entry<String, List<Block>> doc : blocksByDoc.entrySet()) {
      List<DynamicNode> tests = new ArrayList<>();
      for (Block block : doc.getValue()) {
        List<String> wrong = problems.get(block);
        if (wrong != null) {
          tests.add(dynamicTest(block.where() + " is written as the conventions say",
              () -> fail(String.join("\n", wrong) + "\n(" + CONVENTIONS + ")")));
        }
        if (!block.isJava()) {
          continue;
        }
        java++;
        String reason = block.directives().get("skip");
        if (reason != null) {
          skipped.add(block.where() + ": " + reason);
          tests.add(dynamicTest(block.where() + " is not compiled: " + reason, () -> {}));
          continue;
        }
        Snippet snippet = snippetOf.get(block);
        if (snippet == null) {
          continue;
        }
        List<String> errors = compiled.problems().getOrDefault(snippet, List.of());
        tests.add(dynamicTest(block.where() + " compiles (" + kindName(snippet) + ")", () -> {
          if (!errors.isEmpty()) {
            fail(errors.size() + " compile problem(s) in the ```java block at " + block.where()
                + ":\n" + String.join("\n", errors) + "\n(" + CONVENTIONS + "; what javac "
                + "compiled: " + OUT.resolve("src").resolve(snippet.files.get(0).path()) + ")");
          }
        }));
        if (runs(snippet)) {
          run++;
          tests.add(dynamicTest(block.where() + " runs", () -> {
            if (!errors.isEmpty()) {
              fail(block.where() + " does not compile, so it cannot run (see its compile test)");
            }
            runSnippet(snippet, compiled.loader());
          }));
        }
      }
      nodes.add(dynamicContainer(doc.getKey(), tests));
    }
    if (!compiled.unplaced().isEmpty()) {
      nodes.add(dynamicTest("the snippets' compilation", () -> fail(
          String.join("\n", compiled.unplaced()))));
    }

    String summary = String.format("docs snippets: %d ```java blocks in %d files: %d compiled, "
            + "%d of them run; %d not compiled%s", java, blocksByDoc.size(), snippets.size(), run,
        skipped.size(), skipped.isEmpty() ? "" : ":\n  " + String.join("\n  ", skipped));
    System.out.println(summary);
    Files.writeString(OUT.resolve("summary.txt"), summary + "\n");
    return nodes;
  }

  private static boolean checkAs(Block block, List<String> wrong) {
    String as = block.directives().get("as");
    if (as != null && !Set.of("unit", "members", "statements").contains(as)) {
      wrong.add(block.where() + ": <!-- snippet as: " + as + " --> must be unit, members or "
          + "statements");
      return false;
    }
    return true;
  }

  private static void checkDirectives(Snippet snippet, List<String> wrong) {
    Map<String, String> d = snippet.block.directives();
    String where = snippet.block.where();
    if (d.containsKey("compile-only") && d.get("compile-only").isBlank()) {
      wrong.add(where + ": <!-- snippet compile-only: --> needs the reason the block is not run");
    }
    if (snippet.kind != Kind.STATEMENTS) {
      for (String key : List.of("compile-only", "given")) {
        if (d.containsKey(key)) {
          wrong.add(where + ": this block is " + kindName(snippet) + ", which is compiled but "
              + "never run, so '" + key + "' does not apply");
        }
      }
    }
  }

  private static String kindName(Snippet snippet) {
    return switch (snippet.kind) {
      case UNIT -> "a compilation unit";
      case MEMBERS -> "class members";
      case STATEMENTS -> "statements";
    };
  }

  private static boolean runs(Snippet snippet) {
    return snippet.kind == Kind.STATEMENTS
        && !snippet.block.directives().containsKey("compile-only");
  }

  /** Runs a statements snippet on a fresh engine set as the global one, then puts the old one back. */
  private static void runSnippet(Snippet snippet, ClassLoader loader) throws Exception {
    Class<?> type;
    try {
      type = Class.forName(snippet.packageName + "." + snippet.className, true, loader);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(snippet.block.where() + " was not compiled: see the compile "
          + "failures", e);
    }
    SnippetBody body = (SnippetBody) type.getDeclaredConstructor().newInstance();
    try (Decor engine = Decor.builder().build()) {
      Decor previous = Decor.setGlobal(engine);
      try {
        assertTimeoutPreemptively(RUN_LIMIT, body::run,
            () -> snippet.block.where() + " did not finish within " + RUN_LIMIT);
      } catch (Elided e) {
        throw new AssertionError(snippet.block.where() + " reached an elided body ({ ... }): "
            + "give the code it calls a body, or mark the block <!-- snippet compile-only: "
            + "reason --> (" + CONVENTIONS + ")", e);
      } finally {
        Decor.setGlobal(previous);
      }
    }
  }
}
