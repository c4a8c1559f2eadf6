package dev.decor.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.docs.Markdown.Block;
import dev.decor.internal.describe.Description;
import dev.decor.spec.Order;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Facts the docs repeat from the code, checked against the code: the decor version in the XML a
 * user copies, the decorator order, and the processor's diagnostics table.
 */
class DocsConsistencyTest {
  private static final Path ROOT = DocSnippetsTest.ROOT;
  private static final String VERSION = System.getProperty("decor.version");

  private static final Pattern XML_ELEMENT = Pattern.compile("<(dependency|path|parent|plugin)>");
  private static final Pattern NESTED = Pattern.compile(
      "<(dependencies|configuration|executions|exclusions)>.*?</\\1>", Pattern.DOTALL);
  private static final Pattern PROPERTY = Pattern.compile("^\\$\\{(.+)}$");
  private static final Pattern JAR = Pattern.compile("\\bdecor-[a-z-]+?-(\\d+\\.\\d+\\.\\d+[\\w.-]*?)\\.jar\\b");
  private static final String STEP = "`@\\w+`(?:/`@\\w+`)*";
  private static final Pattern CHAIN = Pattern.compile(STEP + "(?: → " + STEP + ")+");
  private static final Pattern MESSAGE = Pattern.compile(
      "static String (\\w+)\\((?:(?!\\bstatic\\b).)*?\"\\[decor/(\\w+)]", Pattern.DOTALL);
  private static final Pattern MESSAGE_USE = Pattern.compile("Messages(?:\\.|::)(\\w+)");

  @Test
  void theDecorVersionInTheDocsIsTheProjectVersion() throws IOException {
    assertThat(VERSION).as("decor.version, set by the pom").isNotBlank();
    List<String> wrong = new ArrayList<>();
    for (Path doc : Markdown.docs(ROOT)) {
      List<Block> xml = Markdown.blocks(ROOT, doc).stream()
          .filter(b -> b.language().equals("xml")).toList();
      Map<String, String> properties = new HashMap<>();
      for (Block block : xml) {
        Matcher p = Pattern.compile("<([\\w.-]+)>([^<]*)</\\1>").matcher(String.join("\n",
            block.lines()));
        while (p.find()) {
          properties.putIfAbsent(p.group(1), p.group(2).strip());
        }
      }
      for (Block block : xml) {
        String text = String.join("\n", block.lines());
        Matcher open = XML_ELEMENT.matcher(text);
        while (open.find()) {
          int close = text.indexOf("</" + open.group(1) + ">", open.end());
          // The element's own coordinates: nested dependencies and settings left out.
          String body = NESTED.matcher(text.substring(open.end(), close < 0 ? text.length()
              : close)).replaceAll("");
          Matcher version = Pattern.compile("<version>([^<]*)</version>").matcher(body);
          if (!body.contains("<groupId>dev.decor</groupId>") || !version.find()) {
            continue;
          }
          String value = version.group(1).strip();
          Matcher property = PROPERTY.matcher(value);
          String resolved = property.matches() ? properties.get(property.group(1)) : value;
          if (!VERSION.equals(resolved)) {
            wrong.add(block.where() + ": a dev.decor " + open.group(1) + " with version "
                + value + (property.matches() ? " = " + resolved : "") + ", not " + VERSION);
          }
        }
      }
      Matcher jar = JAR.matcher(Files.readString(doc));
      while (jar.find()) {
        if (!jar.group(1).equals(VERSION)) {
          wrong.add(ROOT.relativize(doc) + ": " + jar.group() + " is not version " + VERSION);
        }
      }
    }
    assertThat(wrong).as("decor versions a user would copy from the docs").isEmpty();
  }

  /**
   * Every {@code `@A` → `@B` → …} in the docs follows {@link Order} and skips no decorator
   * between its first and last (batching.md's {@code `@Timed` → `@Cached` → `@Batched`} is fine).
   */
  @Test
  void everyDecoratorOrderTheDocsSpellOutIsTheEngines() throws IOException {
    Map<String, Order> orderOf = new HashMap<>();
    for (Description<?, ?> d : Description.all()) {
      orderOf.put(d.annotationType().getSimpleName(), d.order());
    }
    List<String> wrong = new ArrayList<>();
    int chains = 0;
    for (Path doc : Markdown.docs(ROOT)) {
      String text = Files.readString(doc).replaceAll("\\s+", " ");
      Matcher chain = CHAIN.matcher(text);
      while (chain.find()) {
        chains++;
        List<Order> orders = new ArrayList<>();
        for (String step : chain.group().split(" → ")) {
          Set<Order> same = new TreeSet<>();
          for (String name : step.replace("`", "").replace("@", "").split("/")) {
            Order order = orderOf.get(name);
            if (order == null) {
              wrong.add(ROOT.relativize(doc) + ": '" + chain.group() + "' names @" + name
                  + ", which is not a decorator");
            } else {
              same.add(order);
            }
          }
          if (same.size() == 1) {
            orders.add(same.iterator().next());
          } else if (same.size() > 1) {
            wrong.add(ROOT.relativize(doc) + ": '" + step + "' in '" + chain.group()
                + "' joins decorators of different places in the order");
          }
        }
        for (int i = 1; i < orders.size(); i++) {
          if (orders.get(i).ordinal() != orders.get(i - 1).ordinal() + 1) {
            wrong.add(ROOT.relativize(doc) + ": '" + chain.group() + "' is not the engine's "
                + "order " + List.of(Order.values()) + " (nothing skipped in between)");
            break;
          }
        }
      }
    }
    assertThat(chains).as("orders found in the docs").isPositive();
    assertThat(wrong).isEmpty();
  }

  /**
   * docs/processor.md's table lists every diagnostic the processor can report: the messages
   * the processor and the annotations' value checks build (which woven code reports on the
   * first call too).
   */
  @Test
  void theDiagnosticsTableListsEveryCompileTimeMessage() throws IOException {
    Map<String, String> idOf = new HashMap<>();
    Path messages = find(ROOT.resolve("annotations/src/main/java"), "Messages.java");
    Matcher m = MESSAGE.matcher(Files.readString(messages));
    while (m.find()) {
      idOf.put(m.group(1), m.group(2));
    }
    assertThat(idOf).as("message templates found in " + messages).isNotEmpty();
    Set<String> reported = new TreeSet<>();
    for (Path source : javaFiles(ROOT.resolve("processor/src/main/java"),
        ROOT.resolve("annotations/src/main/java"))) {
      if (source.equals(messages)) {
        continue;
      }
      Matcher use = MESSAGE_USE.matcher(Files.readString(source));
      while (use.find()) {
        if (idOf.containsKey(use.group(1))) {
          reported.add(idOf.get(use.group(1)));
        }
      }
    }
    String table = Files.readString(ROOT.resolve("docs/processor.md"));
    assertThat(reported).as("IDs the processor and the value checks report").isNotEmpty();
    assertThat(reported.stream().filter(id -> !table.contains("| `decor/" + id + "` |")).toList())
        .as("IDs missing from docs/processor.md's diagnostics table").isEmpty();
  }

  private static Path find(Path dir, String name) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.getFileName().toString().equals(name)).findFirst()
          .orElseThrow(() -> new AssertionError("no " + name + " under " + dir));
    }
  }

  private static List<Path> javaFiles(Path... dirs) throws IOException {
    List<Path> all = new ArrayList<>();
    for (Path dir : dirs) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.filter(f -> f.toString().endsWith(".java")).forEach(all::add);
      }
    }
    return all;
  }
}
