package dev.decor.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.docs.Markdown.Block;
import dev.decor.docs.Snippet.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules of docs-tests/README.md: how blocks are found, classified and wrapped. */
class SnippetRulesTest {
  @TempDir
  Path root;

  private List<Block> blocks(String markdown) throws IOException {
    Path doc = root.resolve("doc.md");
    Files.writeString(doc, markdown);
    return Markdown.blocks(root, doc);
  }

  private static Snippet snippet(String... lines) {
    return Snippet.of(new Block("doc.md", 10, "java", List.of(lines), Map.of(), List.of()),
        List.of(DocSnippetsTest.FIXTURES));
  }

  @Test
  void blocksAreClassifiedByTheirFirstCodeLine() {
    assertThat(snippet("package com.acme;", "class A {}").kind).isEqualTo(Kind.UNIT);
    assertThat(snippet("import dev.decor.cache.Caches;").kind).isEqualTo(Kind.UNIT);
    assertThat(snippet("// a comment", "@Woven", "public final class A {}").kind)
        .isEqualTo(Kind.UNIT);
    assertThat(snippet("import dev.decor.Cached;", "", "record R(int x) {}").kind)
        .isEqualTo(Kind.UNIT);
    assertThat(snippet("@Cached(maxSize = 1)", "public float[] embed(String t) { ... }").kind)
        .isEqualTo(Kind.MEMBERS);
    assertThat(snippet("private static final int N = 1;").kind).isEqualTo(Kind.MEMBERS);
    assertThat(snippet("Object intercept(Callable<Object> body) throws Exception {", "}").kind)
        .isEqualTo(Kind.MEMBERS);
    assertThat(snippet("import dev.decor.grad.GradMode;", "",
        "try (GradScope s = GradMode.noGrad()) {", "}").kind).isEqualTo(Kind.STATEMENTS);
    assertThat(snippet("Decor engine = Decor.builder().build();").kind)
        .isEqualTo(Kind.STATEMENTS);
  }

  @Test
  void anAsCommentOverridesTheGuess() {
    Block block = new Block("doc.md", 1, "java", List.of("int x = 1;"), Map.of("as", "members"),
        List.of());
    assertThat(Snippet.of(block, List.of()).kind).isEqualTo(Kind.MEMBERS);
  }

  @Test
  void elidedBodiesThrowAndVarargsStay() {
    assertThat(Snippet.elide("  public float[] embed(String text) { ... }"))
        .isEqualTo("  public float[] embed(String text) { " + Snippet.ELIDED + " }");
    assertThat(Snippet.elide("  List<Label> all(List<Image> i) { ... one forward pass ... }"))
        .isEqualTo("  List<Label> all(List<Image> i) { " + Snippet.ELIDED + " }");
    assertThat(Snippet.elide("try { … } finally {")).isEqualTo("try { " + Snippet.ELIDED
        + " } finally {");
    assertThat(Snippet.elide("    ...")).isEqualTo("    " + Snippet.ELIDED);
    assertThat(Snippet.elide("void main(String... args) {")).isEqualTo(
        "void main(String... args) {");
  }

  @Test
  void statementsKeepTheirLinesAndImportsAndRunAfterTheirGivenDeclarations() {
    Block block = new Block("doc.md", 10, "java",
        List.of("import dev.decor.cache.Caches;", "", "Caches.clear(name);"),
        Map.of("given", "String name = \"x\";"), List.of());
    Snippet s = Snippet.of(block, List.of(DocSnippetsTest.FIXTURES));
    String[] lines = s.files.get(0).source().split("\n", -1);
    assertThat(lines[0]).isEqualTo("package snippets.doc_md; import dev.decor.docs.fixtures.*;");
    assertThat(lines[s.headerLines]).startsWith("import dev.decor.cache.Caches; public class "
        + "Snippet_L10 implements dev.decor.docs.SnippetBody {").endsWith("String name = \"x\";");
    assertThat(lines[s.headerLines + 2]).isEqualTo("Caches.clear(name);");
    assertThat(s.docLine(s.headerLines + 1)).isEqualTo(11);   // the import, first line after the fence
    assertThat(s.docLine(s.headerLines + 3)).isEqualTo(13);
    assertThat(s.docLine(1)).isZero();

    Snippet bare = snippet("int x = 1;");
    assertThat(bare.files.get(0).source().split("\n")[bare.headerLines]).isEqualTo("int x = 1;");
    assertThat(bare.docLine(bare.headerLines + 1)).isEqualTo(11);
  }

  @Test
  void aUnitWithTwoPublicTypesBecomesOneFilePerTypeOnTheSameLines() {
    Snippet s = snippet("import java.io.IOException;", "", "public class A {", "}", "",
        "// the store", "public class B {", "  void f() throws IOException {}", "}");
    assertThat(s.files).extracting(Snippet.File::path)
        .containsExactly("snippets/doc_md/A.java", "snippets/doc_md/B.java");
    String[] a = s.files.get(0).source().split("\n", -1);
    String[] b = s.files.get(1).source().split("\n", -1);
    assertThat(a).hasSameSizeAs(b);
    assertThat(a[s.headerLines]).isEqualTo("import java.io.IOException;");
    assertThat(b[s.headerLines]).isEqualTo("import java.io.IOException;");
    assertThat(a[s.headerLines + 2]).isEqualTo("public class A {");
    assertThat(b[s.headerLines + 2]).isEmpty();
    assertThat(a[s.headerLines + 6]).isEmpty();
    assertThat(b[s.headerLines + 6]).isEqualTo("public class B {");
  }

  @Test
  void snippetCommentsBelongToTheNextBlock() throws IOException {
    List<Block> blocks = blocks("""
        Text.

        <!-- snippet given: int x = 1; -->
        <!-- snippet imports: java.util.List -->

        ```java
        int y = x;
        ```

        - a list item:

          ```java
          int z = 2;
          ```
        """);
    assertThat(blocks).hasSize(2);
    assertThat(blocks.get(0).line()).isEqualTo(6);
    assertThat(blocks.get(0).directives())
        .containsExactlyInAnyOrderEntriesOf(Map.of("given", "int x = 1;", "imports", "java.util.List"));
    assertThat(blocks.get(0).problems()).isEmpty();
    assertThat(blocks.get(1).lines()).containsExactly("int z = 2;");
    assertThat(blocks.get(1).directives()).isEmpty();
  }

  @Test
  void aJavaFenceInsideALongerFenceIsNoBlock() throws IOException {
    List<Block> blocks = blocks("""
        ````markdown
        ```java
        not java
        ```
        ````
        """);
    assertThat(blocks).singleElement().extracting(Block::language).isEqualTo("markdown");
  }

  @Test
  void misplacedUnknownOrRepeatedSnippetCommentsAreProblems() throws IOException {
    List<Block> blocks = blocks("""
        <!-- snippet skip: a reason -->
        A paragraph in between.

        <!-- snippet compile-only: x -->
        ```xml
        <a/>
        ```

        <!-- snippet run: please -->
        <!-- snippet given: int a; -->
        <!-- snippet given: int b; -->
        ```java
        int c = 1;
        ```
        """);
    assertThat(blocks).flatExtracting(Block::problems).satisfiesExactly(
        p -> assertThat(p).contains("doc.md:1").contains("must be followed by its ```java block"),
        p -> assertThat(p).contains("doc.md:4").contains("not a ```xml one"),
        p -> assertThat(p).contains("doc.md:9").contains("unknown snippet comment 'run'"),
        p -> assertThat(p).contains("doc.md:11").contains("'given' given twice"));
  }
}
