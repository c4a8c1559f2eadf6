package dev.decor.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * Renders one JMH run as the Markdown tables of BENCHMARKS.md: per-call costs with ratios to the
 * direct call and to the hand-written equivalent, contention, digest throughput, compile cost, and
 * the issue's targets computed from the same numbers.
 */
final class Report {
  /** decor's front ends, best first: the targets are judged on the first one present. */
  private static final List<String> MODES = List.of("generated", "woven", "engine");

  private static final Map<String, String> LABELS = Map.ofEntries(
      Map.entry("direct", "direct call (baseline)"),
      Map.entry("engine", "decor engine (hand-rolled wrapper)"),
      Map.entry("generated", "decor generated wrapper (processor)"),
      Map.entry("woven", "decor compile-time woven (ajc)"),
      Map.entry("generatedManyMethods",
          "decor generated, after the other decorated methods ran (shared JIT profile)"),
      Map.entry("wovenManyMethods",
          "decor woven, after the other decorated methods ran (shared JIT profile)"),
      Map.entry("timed_hand", "hand-written: nanoTime + Micrometer Timer.record"),
      Map.entry("timed_springTimedAspect", "Micrometer TimedAspect via Spring AOP proxy"),
      Map.entry("timed_observed", "decor engine with an ObservationRegistry (timing hooks; a handler that does nothing)"),
      Map.entry("timed_springObservedAspect", "Micrometer @Observed (ObservedAspect) via Spring AOP proxy, same registry"),
      Map.entry("retry_hand", "hand-written: try/catch loop"),
      Map.entry("retry_r4jDecorateSupplier", "resilience4j Retry.decorateSupplier"),
      Map.entry("retry_spring7Retryable", "Spring 7 core @Retryable via Spring AOP proxy"),
      Map.entry("timeout_hand", "hand-written: ScheduledThreadPoolExecutor interrupt, cancelled per call"),
      Map.entry("timeout_r4jTimeLimiter", "resilience4j TimeLimiter (the call on a pool thread, Future.get)"),
      Map.entry("limit_hand", "hand-written: fair Semaphore tryAcquire(20 ms) / release"),
      Map.entry("limit_r4jBulkhead", "resilience4j Bulkhead.decorateSupplier (fair, 20 ms)"),
      Map.entry("limit_spring7ConcurrencyLimit", "Spring 7 core @ConcurrencyLimit via Spring AOP proxy"),
      Map.entry("retryIf_hand", "hand-written: try/catch loop judging the result"),
      Map.entry("retryIf_r4jDecorateSupplier", "resilience4j Retry.decorateSupplier, retryOnResult"),
      Map.entry("breaker_hand", "hand-written: tryAcquirePermission / onSuccess, no clock (decor's calls)"),
      Map.entry("breaker_r4jExecuteSupplier", "resilience4j CircuitBreaker.executeSupplier at the call site"),
      Map.entry("breaker_r4jDecorateSupplier", "resilience4j CircuitBreaker.decorateSupplier, called per op"),
      Map.entry("breaker_r4jDecorators", "resilience4j Decorators.ofSupplier(…).withCircuitBreaker"),
      Map.entry("fallback_hand", "hand-written: try/catch calling the fallback"),
      Map.entry("fallback_r4jDecorators", "resilience4j Decorators.ofSupplier(…).withFallback"),
      Map.entry("cachedInt_hand", "hand-written: Caffeine get(k, fn), receiver in key"),
      Map.entry("cachedInt_handGetIfPresent", "hand-written: Caffeine getIfPresent, receiver in key"),
      Map.entry("cachedInt_springCacheable", "Spring @Cacheable + CaffeineCacheManager via proxy"),
      Map.entry("cachedInt_synchronizedLru", "synchronized LinkedHashMap LRU"),
      Map.entry("cachedImage_hand", "hand-written: XXH3-128 digest + Caffeine get(k, fn)"),
      Map.entry("noGrad_hand", "hand-written: ThreadLocal flag flip in try/finally"),
      Map.entry("noGrad_decorScopeApi", "decor API: try (GradScope s = GradMode.noGrad())"),
      Map.entry("inference_hand", "hand-written: ThreadLocal flag + training flag flip"),
      Map.entry("inference_handShared", "hand-written, safe for a shared model: ThreadLocal flag"
          + " + a region count under the model's monitor (first saves, last restores the flag)"),
      Map.entry("inference_decorScopeApi",
          "decor API: try (GradScope s = GradMode.inference(model)) (counts the model's regions)"),
      Map.entry("contended_hand", "hand-written: Caffeine get(k, fn)"),
      Map.entry("contended_synchronizedLru", "synchronized LinkedHashMap LRU"),
      Map.entry("digest_decor", "decor @Cached hit keyed by the image (XXH3-128 digest + lookup)"),
      Map.entry("digest_xxh3Library", "hash4j XXH3-128 (the library call decor makes)"),
      Map.entry("digest_md5", "MessageDigest MD5"),
      Map.entry("digest_sha256", "MessageDigest SHA-256"),
      Map.entry("digest_arraysHashCode", "Arrays.hashCode(byte[])"),
      Map.entry("digest_arraysCopyOf", "Arrays.copyOf (allocating copy)"),
      Map.entry("digest_systemArraycopy", "System.arraycopy into a preallocated array"));

  private static final List<String> GROUPS = List.of("timed", "retry", "cachedInt",
      "cachedImage", "noGrad", "inference", "timeout", "limit", "retryIf", "breaker", "fallback");

  /** One benchmark's result: primary score (ns/op or ms/op) and allocation per op. */
  record Row(String method, String params, double score, double error, double bytes, String unit) {
    String group() {
      int i = method.indexOf('_');
      return i < 0 ? method : method.substring(0, i);
    }

    String variant() {
      int i = method.indexOf('_');
      return i < 0 ? method : method.substring(i + 1);
    }
  }

  private final Map<String, Row> rows = new LinkedHashMap<>();
  private final StringBuilder out = new StringBuilder();

  private Report(Collection<RunResult> results) {
    for (RunResult r : results) {
      BenchmarkParams p = r.getParams();
      String benchmark = p.getBenchmark();
      String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      StringBuilder params = new StringBuilder();
      for (String key : p.getParamsKeys()) {
        params.append(params.length() == 0 ? "" : ", ").append(key).append('=').append(p.getParam(key));
      }
      Result<?> primary = r.getPrimaryResult();
      Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
      Row row = new Row(method, params.toString(), primary.getScore(), primary.getScoreError(),
          alloc == null ? Double.NaN : alloc.getScore(), primary.getScoreUnit());
      rows.put(params.length() == 0 ? method : method + "[" + params + "]", row);
    }
  }

  static String render(Collection<RunResult> results) {
    Report report = new Report(results);
    report.perCall();
    report.contended();
    report.digests();
    report.compileCost();
    report.targets();
    return report.out.toString();
  }

  private void perCall() {
    Row direct = rows.get("direct");
    if (direct == null) {
      return;
    }
    out.append("### Per call (one thread; AverageTime, ns/op; `-prof gc` B/op)\n\n")
        .append("| benchmark | variant | ns/op | ± | B/op | over direct (ns) | × direct | × hand-written "
            + "| overhead ÷ hand-written's (— if that is under 1 ns) |\n")
        .append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    line(direct, direct, null);
    for (String group : GROUPS) {
      Row hand = rows.get(group + "_hand");
      for (Row row : select(r -> r.group().equals(group))) {
        line(row, direct, hand);
      }
    }
    out.append('\n');
  }

  private void line(Row row, Row direct, Row hand) {
    double over = row.score - direct.score;
    boolean isHand = row == hand;
    out.append("| ").append(row.method).append(" | ").append(label(row)).append(" | ")
        .append(num(row.score)).append(" | ").append(num(row.error)).append(" | ")
        .append(bytes(row.bytes)).append(" | ")
        .append(row == direct ? "—" : signed(over)).append(" | ")
        .append(row == direct ? "1" : ratio(row.score / direct.score)).append(" | ")
        .append(hand == null || isHand ? "—" : ratio(row.score / hand.score)).append(" | ")
        .append(hand == null || isHand || hand.score - direct.score < 1
            ? "—" : ratio(over / (hand.score - direct.score)))
        .append(" |\n");
  }

  private void contended() {
    List<Row> list = select(r -> r.group().equals("contended"));
    if (list.isEmpty()) {
      return;
    }
    Row hand = rows.get("contended_hand");
    out.append("### `@Cached` int-key hit under contention (`@Threads(2)`, one shared instance and key; "
            + "ns/op per thread)\n\n")
        .append("| benchmark | variant | ns/op | ± | B/op | × hand-written |\n")
        .append("|---|---|---:|---:|---:|---:|\n");
    for (Row row : list) {
      out.append("| ").append(row.method).append(" | ").append(label(row)).append(" | ")
          .append(num(row.score)).append(" | ").append(num(row.error)).append(" | ")
          .append(bytes(row.bytes)).append(" | ")
          .append(hand == null || row == hand ? "—" : ratio(row.score / hand.score)).append(" |\n");
    }
    out.append('\n');
  }

  private void digests() {
    List<Row> list = select(r -> r.group().equals("digest"));
    if (list.isEmpty()) {
      return;
    }
    Row md5 = rows.get("digest_md5");
    Row copy = rows.get("digest_arraysCopyOf");
    out.append("### Content digest of a 150,528-byte image (ns/op; bytes/ns = 150,528 / ns/op)\n\n")
        .append("| benchmark | what | ns/op | ± | B/op | bytes/ns | × MD5 throughput "
            + "| × Arrays.copyOf throughput |\n")
        .append("|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (Row row : list) {
      out.append("| ").append(row.method).append(" | ").append(label(row)).append(" | ")
          .append(num(row.score)).append(" | ").append(num(row.error)).append(" | ")
          .append(bytes(row.bytes)).append(" | ").append(String.format(Locale.ROOT, "%.2f",
              Kernel.IMAGE_BYTES / row.score)).append(" | ")
          .append(md5 == null ? "—" : ratio(md5.score / row.score)).append(" | ")
          .append(copy == null ? "—" : ratio(copy.score / row.score)).append(" |\n");
    }
    out.append('\n');
  }

  private void compileCost() {
    List<Row> list = select(r -> r.group().equals("compile"));
    if (list.isEmpty()) {
      return;
    }
    Map<Integer, Row> without = new LinkedHashMap<>();
    for (Row row : list) {
      if (row.params.contains("processor=none")) {
        without.put(classes(row), row);
      }
    }
    out.append("### Compile cost: one in-process javac run over N annotated classes "
            + "(SingleShotTime, ms per full compile)\n\n")
        .append("| benchmark | params | ms/op | ± | ms per class | × without processor |\n")
        .append("|---|---|---:|---:|---:|---:|\n");
    for (Row row : list) {
      out.append("| ").append(row.method).append(" | ").append(row.params).append(" | ")
          .append(num(row.score)).append(" | ").append(num(row.error)).append(" | ")
          .append(String.format(Locale.ROOT, "%.2f", row.score / classes(row)))
          .append(" | ").append(without.containsKey(classes(row))
              ? ratio(row.score / without.get(classes(row)).score) : "—")
          .append(" |\n");
    }
    out.append('\n');
  }

  /** The compile row with {@code processor=setting} at the largest class count, or null. */
  private Row compileRow(String setting) {
    Row found = null;
    for (Row row : select(r -> r.group().equals("compile"))) {
      if (row.params.contains("processor=" + setting)
          && (found == null || classes(row) > classes(found))) {
        found = row;
      }
    }
    return found;
  }

  private static int classes(Row row) {
    for (String param : row.params.split(", ")) {
      if (param.startsWith("classes=")) {
        return Integer.parseInt(param.substring("classes=".length()));
      }
    }
    throw new IllegalStateException("No classes parameter in " + row);
  }

  private void targets() {
    Row direct = rows.get("direct");
    if (direct == null) {
      return;
    }
    out.append("### Targets (issues 6, 21 and 26), computed from this run\n\n")
        .append("| target | mode | value | met |\n|---|---|---|---|\n");
    for (String mode : MODES) {
      if (has("timed_" + mode, "timed_hand")) {
        Row timed = rows.get("timed_" + mode);
        double ratio = (timed.score - direct.score) / (rows.get("timed_hand").score - direct.score);
        target("@Timed overhead ≤ 1.1× hand-written's, 0 B/op", mode,
            ratio(ratio) + ", " + bytes(timed.bytes) + " B/op", ratio <= 1.1 && timed.bytes < 1);
      }
      for (String group : List.of("retry", "noGrad")) {
        Row row = rows.get(group + "_" + mode);
        if (row != null) {
          double over = row.score - direct.score;
          target("@" + (group.equals("retry") ? "Retry" : "NoGrad") + " ≤ 5 ns over direct, 0 B/op",
              mode, signed(over) + " ns, " + bytes(row.bytes) + " B/op", over <= 5 && row.bytes < 1);
        }
      }
      if (has("inference_" + mode, "inference_decorScopeApi")) {
        double ratio = rows.get("inference_" + mode).score
            / rows.get("inference_decorScopeApi").score;
        target("@InferenceMode ≤ 1.5× GradMode.inference(model) by hand", mode, ratio(ratio),
            ratio <= 1.5);
      }
      if (has("inference_" + mode, "inference_hand", "inference_handShared")) {
        Row row = rows.get("inference_" + mode);
        double flip = row.score / rows.get("inference_hand").score;
        target("@InferenceMode ≤ 1.5× hand-written (a flag flip: unsafe for a shared model)", mode,
            ratio(flip), flip <= 1.5);
        double shared = row.score / rows.get("inference_handShared").score;
        target("@InferenceMode ≤ 1.5× hand-written safe for a shared model (a region count)",
            mode, ratio(shared), shared <= 1.5);
      }
      if (has("cachedInt_" + mode, "cachedInt_hand")) {
        double ratio = rows.get("cachedInt_" + mode).score / rows.get("cachedInt_hand").score;
        target("@Cached int hit ≤ 1.5× Caffeine get(k, fn)", mode, ratio(ratio), ratio <= 1.5);
      }
      peer("timed", "springTimedAspect", mode, direct, true);
      peer("retry", "spring7Retryable", mode, direct, true);
      peer("cachedInt", "springCacheable", mode, direct, false);
      peer("limit", "spring7ConcurrencyLimit", mode, direct, true);
      for (Map.Entry<String, String> resilience : List.of(Map.entry("timeout", "@Timeout"),
          Map.entry("limit", "@ConcurrencyLimit"), Map.entry("retryIf", "@Retry(retryIf)"),
          Map.entry("breaker", "@CircuitBreaker"), Map.entry("fallback", "@Fallback"))) {
        String group = resilience.getKey();
        if (has(group + "_" + mode, group + "_hand")) {
          Row row = rows.get(group + "_" + mode);
          double handOver = rows.get(group + "_hand").score - direct.score;
          double ratio = (row.score - direct.score) / handOver;
          target(resilience.getValue() + " overhead ≤ 1.2× hand-written's, 0 B/op", mode,
              (handOver < 1 ? "hand-written's overhead under 1 ns" : ratio(ratio)) + ", "
                  + bytes(row.bytes) + " B/op",
              (handOver < 1 || ratio <= 1.2) && row.bytes < 1);
        }
      }
    }
    for (String group : GROUPS) {
      if (has(group + "_generated", group + "_woven")) {
        Row g = rows.get(group + "_generated");
        Row w = rows.get(group + "_woven");
        target("woven ≤ 1.5× generated (" + group + ", time per call)", "woven",
            ratio(w.score / g.score) + " (overhead " + signed(w.score - direct.score) + " vs "
                + signed(g.score - direct.score) + " ns)", w.score / g.score <= 1.5);
      }
    }
    Row plain = compileRow("none");
    Row processed = compileRow("decor");
    if (plain != null && processed != null) {
      double times = processed.score / plain.score;
      Row floor = compileRow("wrappersAsSource");
      Row check = compileRow("checkOnly");
      target("javac with the processor ≤ 1.5× plain javac (" + classes(plain) + " classes)",
          "generated", ratio(times)
              + (check == null ? "" : "; checking only " + ratio(check.score / plain.score))
              + (floor == null ? "" : "; plain javac over the classes and their wrappers' source "
                  + ratio(floor.score / plain.score)),
          times <= 1.5);
    }
    Row decor = rows.get("digest_decor");
    if (has("digest_decor", "digest_md5")) {
      double times = rows.get("digest_md5").score / decor.score;
      target("digest ≥ 10× MD5 throughput", "engine", ratio(times), times >= 10);
    }
    if (has("digest_decor", "digest_arraysCopyOf")) {
      double times = rows.get("digest_arraysCopyOf").score / decor.score;
      target("digest ≥ 0.6× Arrays.copyOf throughput", "engine", ratio(times), times >= 0.6);
    }
    out.append('\n');
  }

  /** Spring peer's overhead (or, for a cache hit, time) ÷ decor's, target ≥ 4. */
  private void peer(String group, String peer, String mode, Row direct, boolean overhead) {
    Row mine = rows.get(group + "_" + mode);
    Row theirs = rows.get(group + "_" + peer);
    if (mine == null || theirs == null) {
      return;
    }
    double base = overhead ? direct.score : 0;
    String what = group + ": ≥ 4× less " + (overhead ? "overhead" : "time per hit") + " than " + peer;
    if (mine.score - base <= 0) {
      // decor's overhead is below the baseline's own noise: no ratio to take, nothing to beat.
      target(what, mode, "decor's overhead within the noise of direct", true);
      return;
    }
    double factor = (theirs.score - base) / (mine.score - base);
    target(what, mode, ratio(factor) + " less", factor >= 4);
  }

  private void target(String what, String mode, String value, boolean met) {
    out.append("| ").append(what).append(" | ").append(mode).append(" | ").append(value)
        .append(" | ").append(met ? "yes" : "**no**").append(" |\n");
  }

  private boolean has(String... names) {
    for (String name : names) {
      if (!rows.containsKey(name)) {
        return false;
      }
    }
    return true;
  }

  private List<Row> select(Predicate<Row> filter) {
    List<Row> list = new ArrayList<>();
    for (Row row : rows.values()) {
      if (filter.test(row)) {
        list.add(row);
      }
    }
    list.sort((a, b) -> Integer.compare(rank(a), rank(b)));
    return list;
  }

  /** Modes first (generated, woven, engine), then hand-written, then peers. */
  private static int rank(Row row) {
    int mode = MODES.indexOf(row.variant());
    if (mode >= 0) {
      return mode;
    }
    return row.variant().startsWith("hand") ? 10 : 20;
  }

  private static String label(Row row) {
    String label = LABELS.get(row.method);
    if (label == null) {
      label = LABELS.getOrDefault(row.variant(), row.variant());
    }
    return label;
  }

  private static String num(double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    return Math.abs(v) < 100 ? String.format(Locale.ROOT, "%.1f", v)
        : String.format(Locale.ROOT, "%,.0f", v);
  }

  private static String signed(double v) {
    return (v >= 0 ? "+" : "") + num(v);
  }

  private static String bytes(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.0f", Math.abs(v) < 0.5 ? 0.0 : v);
  }

  private static String ratio(double v) {
    return String.format(Locale.ROOT, "%.2f×", v);
  }
}
