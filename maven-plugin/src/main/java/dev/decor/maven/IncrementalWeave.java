package dev.decor.maven;

import dev.decor.maven.WeaveState.Entry;
import dev.decor.maven.Weaver.WeaveException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;

/**
 * Weaves a classes directory in place, handing the weaver only the classes that need it.
 *
 * <h2>What "needs it" means</h2>
 * Weaving rewrites class files where javac wrote them, so the plugin keeps a record
 * ({@link WeaveState}) of every class it handed the weaver: the digest of javac's bytes (input),
 * of the bytes it left (output), and the files the weave added (ajc's {@code $AjcClosure}
 * classes). On the next build each selected class file is one of:
 * <ul>
 *   <li><b>up to date</b>: it still holds the output, its added files are in place, and the
 *       classes its weave depended on are unchanged — nothing to do;
 *   <li><b>restored</b>: javac wrote it again with the same bytes as last time (maven-compiler-plugin
 *       recompiles a whole module when one source changes) — the previous output and added files
 *       are copied back from {@code cache/}, no weaving;
 *   <li><b>woven</b>: anything else — new, edited, or one of its dependencies changed.
 * </ul>
 * A weave depends on the class itself, its supertypes (decor's pointcuts test
 * {@code within(Decorated+)}) and the types of its methods' parameters and results with theirs
 * ({@code CompletionStage+} results) — the dependencies are the module's classes among those,
 * transitively through supertypes; classes from jars count through the fingerprint. Anything else
 * (the aspect, the class path, the JDK, the settings) is in the fingerprint: when it changes the
 * previous weave is undone (each class the plugin changed gets javac's bytes back from the cache)
 * and every class is woven again.
 *
 * <p>{@code module-info.class} is never woven. A class that is no longer selected (deleted, or
 * newly excluded) loses its added files and, if still on disk as woven, gets its input back.
 * Files are only written after the weaver succeeded, and the record last, so a failed or
 * interrupted build leaves the next one to redo the work (a woven class handed to ajc again is
 * rewoven from the original bytes ajc keeps in it).
 *
 * <p>Not thread-safe: one per goal execution.
 */
final class IncrementalWeave {
  private final Path classes;
  private final PathPatterns patterns;
  private final Path work;
  private final String fingerprint;

  /**
   * @param classes the directory to weave in place
   * @param work this goal's own directory (state, cache, staging)
   * @param fingerprint digest of the aspect, class path and settings
   */
  IncrementalWeave(Path classes, PathPatterns patterns, Path work, String fingerprint) {
    this.classes = classes;
    this.patterns = patterns;
    this.work = work;
    this.fingerprint = fingerprint;
  }

  /** What a run did, for the log and the tests. */
  record Summary(int selected, int upToDate, int restored, List<String> woven, int removed,
      boolean full, long nanos) {
    /** One line for the build log. */
    String describe() {
      String time = String.format(java.util.Locale.ROOT, "%.3f s", nanos / 1e9);
      if (woven.isEmpty() && restored == 0 && removed == 0) {
        return "decor:weave: " + selected + " classes up to date, nothing to weave (" + time + ")";
      }
      return "decor:weave: wove " + woven.size() + " of " + selected + " classes"
          + (full ? " (full weave)" : "") + ", " + upToDate + " up to date, " + restored
          + " restored from the previous weave" + (removed > 0 ? ", " + removed + " removed" : "")
          + " (" + time + ")";
    }
  }

  /** A selected class file as found on disk. */
  private record Found(byte[] bytes, String digest, Entry entry, boolean holdsOutput,
      String input, List<String> dependencies) {}

  Summary run(Weaver weaver, List<Path> classPath) throws IOException, WeaveException {
    long start = System.nanoTime();
    Path stateFile = work.resolve("state.txt");
    WeaveState previous = WeaveState.load(stateFile);
    Map<String, Entry> entries = new TreeMap<>(previous == null ? Map.of() : previous.entries());
    boolean full = previous == null || !previous.fingerprint().equals(fingerprint);
    int removed = 0;
    if (full) {
      for (var e : entries.entrySet()) {
        undo(e.getKey(), e.getValue());
      }
      entries.clear();
      deleteTree(work.resolve("cache"));
    }

    // Every class file but the ones a weave added: the selected ones, and the rest as
    // dependencies.
    Set<String> added = new HashSet<>();
    entries.values().forEach(e -> added.addAll(e.generated().keySet()));
    Map<String, String> inputs = new HashMap<>(); // internal name -> input digest
    Map<String, List<String>> supertypes = new HashMap<>();
    Map<String, Found> selected = new LinkedHashMap<>();
    for (String file : ClassIndex.classFiles(classes)) {
      if (added.contains(file) || file.contains(DecorNames.CLOSURE_MARK)
          || file.endsWith("module-info.class")) {
        continue;
      }
      byte[] bytes = Files.readAllBytes(classes.resolve(file));
      String digest = Digests.of(bytes);
      Entry entry = entries.get(file);
      boolean holdsOutput = entry != null && digest.equals(entry.output());
      String input = holdsOutput ? entry.input() : digest;
      ClassReader header = new ClassReader(bytes);
      String name = header.getClassName();
      inputs.put(name, input);
      List<String> supers = new ArrayList<>(List.of(header.getInterfaces()));
      if (header.getSuperName() != null) {
        supers.add(header.getSuperName());
      }
      supertypes.put(name, supers);
      if (patterns.matches(file)) {
        List<String> dependencies = holdsOutput
            ? entry.dependencies() : List.copyOf(ClassInfo.read(bytes).signatureTypes());
        selected.put(file, new Found(bytes, digest, entry, holdsOutput, input, dependencies));
      }
    }

    // Classes no longer selected: undo their weave.
    for (var it = entries.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (!selected.containsKey(e.getKey())) {
        undo(e.getKey(), e.getValue());
        it.remove();
        removed++;
      }
    }

    int upToDate = 0;
    int restored = 0;
    Map<String, Found> toWeave = new TreeMap<>();
    Map<String, String> keys = new HashMap<>();
    for (var s : selected.entrySet()) {
      String file = s.getKey();
      Found found = s.getValue();
      String key = dependencyKey(found.dependencies(), inputs, supertypes);
      keys.put(file, key);
      Entry e = found.entry();
      boolean sameWeave = e != null && e.dependencyKey().equals(key);
      if (sameWeave && found.holdsOutput() && generatedInPlace(e)) {
        upToDate++;
      } else if (sameWeave && found.digest().equals(e.input()) && restore(file, e)) {
        restored++;
      } else {
        toWeave.put(file, found);
      }
    }

    if (!toWeave.isEmpty()) {
      weave(weaver, classPath, toWeave, entries, keys);
    }
    new WeaveState(fingerprint, entries).save(stateFile);
    return new Summary(selected.size(), upToDate, restored, List.copyOf(toWeave.keySet()),
        removed, full && !toWeave.isEmpty(), System.nanoTime() - start);
  }

  private void weave(Weaver weaver, List<Path> classPath, Map<String, Found> toWeave,
      Map<String, Entry> entries, Map<String, String> keys) throws IOException, WeaveException {
    Path in = work.resolve("in");
    Path out = work.resolve("out");
    deleteTree(in);
    deleteTree(out);
    for (var w : toWeave.entrySet()) {
      write(in.resolve(w.getKey()), inputBytes(w.getKey(), w.getValue()));
    }
    List<Path> fullClassPath = new ArrayList<>();
    fullClassPath.add(classes);
    fullClassPath.addAll(classPath);
    weaver.weave(in, out, fullClassPath);

    // Attribute each added file to the woven class it was named after (Foo$AjcClosure1 -> Foo).
    Map<String, Map<String, byte[]>> generated = new HashMap<>();
    Map<String, byte[]> wovenBytes = new HashMap<>();
    for (String file : ClassIndex.classFiles(out)) {
      byte[] bytes = Files.readAllBytes(out.resolve(file));
      if (toWeave.containsKey(file)) {
        wovenBytes.put(file, bytes);
      } else {
        generated.computeIfAbsent(owner(file, toWeave.keySet()), k -> new TreeMap<>())
            .put(file, bytes);
      }
    }
    List<String> orphans = new ArrayList<>(generated.keySet());
    orphans.removeAll(toWeave.keySet());
    if (!orphans.isEmpty()) {
      throw new IOException("decor:weave: the weaver wrote files for no input class: " + orphans);
    }
    for (var w : toWeave.entrySet()) {
      String file = w.getKey();
      Found found = w.getValue();
      Entry old = entries.get(file);
      if (old != null) {
        for (String g : old.generated().keySet()) {
          Files.deleteIfExists(classes.resolve(g));
        }
      }
      byte[] input = inputBytes(file, found);
      byte[] output = wovenBytes.getOrDefault(file, input);
      Map<String, byte[]> files = generated.getOrDefault(file, Map.of());
      Map<String, String> digests = new TreeMap<>();
      for (var g : files.entrySet()) {
        write(classes.resolve(g.getKey()), g.getValue());
        digests.put(g.getKey(), Digests.of(g.getValue()));
      }
      write(classes.resolve(file), output);
      Entry entry = new Entry(found.input(), Digests.of(output), found.dependencies(),
          keys.get(file), digests);
      entries.put(file, entry);
      cache(file, entry, input, output, files);
    }
  }

  /** The bytes javac wrote for {@code file}: on disk, or in the cache when disk holds our output. */
  private byte[] inputBytes(String file, Found found) throws IOException {
    if (found.holdsOutput() && found.entry().changedByWeave()) {
      Path cached = work.resolve("cache/in").resolve(file);
      if (Files.isRegularFile(cached)) {
        return Files.readAllBytes(cached);
      }
    }
    return found.bytes(); // unwoven, or woven with its original bytes inside for ajc to reweave
  }

  /** Keeps what {@link #restore} and {@link #undo} need: javac's bytes and the weave's. */
  private void cache(String file, Entry entry, byte[] input, byte[] output,
      Map<String, byte[]> generated) throws IOException {
    Path cacheIn = work.resolve("cache/in").resolve(file);
    Path cacheOut = work.resolve("cache/out").resolve(file);
    if (!entry.changedByWeave()) {
      Files.deleteIfExists(cacheIn);
      Files.deleteIfExists(cacheOut);
      return;
    }
    write(cacheIn, input);
    write(cacheOut, output);
    for (var g : generated.entrySet()) {
      write(work.resolve("cache/out").resolve(g.getKey()), g.getValue());
    }
  }

  /** Writes the previous weave's output of {@code file} back over javac's identical input. */
  private boolean restore(String file, Entry e) throws IOException {
    List<String> needed = new ArrayList<>(e.generated().keySet());
    if (e.changedByWeave()) {
      needed.add(file);
    }
    Path cache = work.resolve("cache/out");
    for (String n : needed) {
      if (!Files.isRegularFile(cache.resolve(n))) {
        return false;
      }
    }
    for (String n : needed) {
      write(classes.resolve(n), Files.readAllBytes(cache.resolve(n)));
    }
    return true;
  }

  /** Deletes the files the weave of {@code file} added and gives it javac's bytes back. */
  private void undo(String file, Entry e) throws IOException {
    for (String g : e.generated().keySet()) {
      Files.deleteIfExists(classes.resolve(g));
    }
    Path target = classes.resolve(file);
    Path cachedInput = work.resolve("cache/in").resolve(file);
    if (e.changedByWeave() && Files.isRegularFile(target) && Files.isRegularFile(cachedInput)
        && Digests.of(Files.readAllBytes(target)).equals(e.output())) {
      write(target, Files.readAllBytes(cachedInput));
    }
  }

  /** Whether every file the weave of an up-to-date class added is still there, unchanged. */
  private boolean generatedInPlace(Entry e) throws IOException {
    for (var g : e.generated().entrySet()) {
      Path file = classes.resolve(g.getKey());
      if (!Files.isRegularFile(file) || !Digests.of(Files.readAllBytes(file)).equals(g.getValue())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The digest of the inputs of the module's classes a weave depends on: {@code dependencies} and
   * their supertypes, transitively, as far as they are the module's.
   */
  private static String dependencyKey(List<String> dependencies, Map<String, String> inputs,
      Map<String, List<String>> supertypes) {
    Set<String> closure = new TreeSet<>();
    Deque<String> pending = new ArrayDeque<>(dependencies);
    while (!pending.isEmpty()) {
      String name = pending.pop();
      if (inputs.containsKey(name) && closure.add(name)) {
        pending.addAll(supertypes.get(name));
      }
    }
    Digests digest = new Digests();
    closure.forEach(name -> digest.add(name + " " + inputs.get(name)));
    return digest.hex();
  }

  /** The woven class whose name {@code file} extends: {@code a/Foo$AjcClosure1.class} → {@code a/Foo.class}. */
  private static String owner(String file, Set<String> woven) {
    String best = null;
    for (String w : woven) {
      String stem = w.substring(0, w.length() - ".class".length());
      if (file.startsWith(stem + "$") && (best == null || w.length() > best.length())) {
        best = w;
      }
    }
    return best == null ? file : best;
  }

  private static void write(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(p);
      }
    }
  }
}
