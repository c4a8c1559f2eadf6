package dev.decor.config;

import dev.decor.internal.Messages;
import dev.decor.internal.TypeRef;
import dev.decor.internal.describe.Attribute;
import dev.decor.internal.describe.Description;
import dev.decor.spec.BatchedSpec;
import dev.decor.spec.CachedSpec;
import dev.decor.spec.CircuitBreakerSpec;
import dev.decor.spec.ConcurrencyLimitSpec;
import dev.decor.spec.GradSpec;
import dev.decor.spec.Order;
import dev.decor.spec.RetrySpec;
import dev.decor.spec.Spec;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * An engine's configuration overrides: every {@code decor.methods.…}, {@code decor.caches.…},
 * {@code decor.batches.…}, {@code decor.limits.…} and {@code decor.breakers.…} key from the
 * builder, the environment ({@code DECOR_METHODS_…}) and the system properties, read and
 * validated once when the engine is built — a bad key or value fails the build, naming the key,
 * with the messages the processor reports for the same value in an annotation — and applied to a
 * method's specs when its chain is built on the engine ({@link #plan}), never on a call. It also
 * keeps what {@code Decor.methods()} reports, and parses and records live changes
 * ({@link #tuning}).
 *
 * <p>Precedence, lowest first: the annotation (or the spec the code built), the builder, the
 * environment, a system property, a live change ({@link Source}); within one source a method's key
 * beats its group's. Names match ignoring case and punctuation ({@code Service.predict} is
 * {@code SERVICE_PREDICT} in an environment variable); attribute and decorator names match
 * ignoring case, {@code -} and {@code _} ({@code maxAttempts}, {@code max-attempts}), as Spring's
 * relaxed binding writes them.
 *
 * <p>Engine-facing (the assembly consults it); not for application code. Thread-safe.
 */
public final class Overrides {
  /** The attribute every decorator has in configuration: false builds the chain without it. */
  public static final String ENABLED = "enabled";

  /** Where every override key starts: one prefix per scope. */
  public static final List<String> PREFIXES = List.of("decor.methods", "decor.caches",
      "decor.batches", "decor.limits", "decor.breakers");

  private static final String PREFIX = "decor.";
  private static final String ENV_PREFIX = "DECOR_";
  private static final String SCHEME = "decor.methods.<name>.<decorator>.<attribute> or"
      + " decor.<caches|batches|limits|breakers>.<name>.<attribute>";
  private static final String ENV_SCHEME = "DECOR_METHODS_<NAME>_<DECORATOR>_<ATTRIBUTE> or"
      + " DECOR_<CACHES|BATCHES|LIMITS|BREAKERS>_<NAME>_<ATTRIBUTE>";

  /** Where a key's name points: a method, or a group of one decorator. */
  private enum Scope {
    METHODS("methods", null, null, Set.of()),
    CACHES("caches", Order.CACHED, "name", Set.of()),
    BATCHES("batches", Order.BATCHED, null,
        Set.of("maxSize", "maxWait", "queueTimeout", "preferredSizes", "maxCost", "adaptive")),
    LIMITS("limits", Order.CONCURRENCY_LIMIT, "group", Set.of("value")),
    BREAKERS("breakers", Order.CIRCUIT_BREAKER, "name", Set.of("failureRate", "window",
        "openFor", "halfOpenCalls", "slowCall", "slowCallRate"));

    final String word;
    /** The decorator a group key configures; null for methods. */
    final Order order;
    /** The attribute holding the group's name, which a group key cannot set. */
    final String naming;
    /** What {@code Decor.tune} may change while running. */
    final Set<String> live;

    Scope(String word, Order order, String naming, Set<String> live) {
      this.word = word;
      this.order = order;
      this.naming = naming;
      this.live = live;
    }

    static Scope of(String word) {
      for (Scope s : values()) {
        if (s.word.equalsIgnoreCase(word)) {
          return s;
        }
      }
      return null;
    }

    static Scope of(Order order) {
      for (Scope s : values()) {
        if (s.order == order) {
          return s;
        }
      }
      return null;
    }
  }

  /** One valid override. */
  private record Entry(Scope scope, String name, Description<?, ?> decorator, String attribute,
      Object value, Source source, String key) {
    String target() {
      return target(scope, match(name), decorator, attribute);
    }

    static String target(Scope scope, String match, Description<?, ?> decorator,
        String attribute) {
      return scope + "|" + match + "|" + decorator + "|" + attribute;
    }
  }

  /** A key taken apart: names as written, not yet checked against the descriptions. */
  private record Parsed(Scope scope, String name, String decorator, String attribute) {}

  /** A live change, validated: what {@code Decor.tune} applies to the engine's wing. */
  public record Tuning(Order order, String group, String attribute, Object value, String key) {}

  private final List<Entry> entries;
  /** By {@link Entry#target()}, highest precedence first. */
  private final Map<String, List<Entry>> index = new HashMap<>();
  /** Every plan built on the engine, by method, for {@code Decor.methods()}. */
  private final Map<String, Plan> plans = new ConcurrentHashMap<>();
  /** Live changes: order|group|attribute → value. */
  private final Map<String, Object> live = new ConcurrentHashMap<>();

  private Overrides(List<Entry> entries) {
    this.entries = List.copyOf(entries);
    for (Entry e : entries) {
      index.computeIfAbsent(e.target(), t -> new ArrayList<>()).add(e);
    }
    index.values().forEach(l -> l.sort(Comparator.comparing(Entry::source).reversed()));
  }

  /** No overrides. */
  public static Overrides none() {
    return new Overrides(List.of());
  }

  /**
   * The overrides in {@code builder} (keys as the system properties write them), the environment
   * variables in {@code environment} that start with {@code DECOR_METHODS_}, {@code DECOR_CACHES_},
   * … and the system properties in {@code properties} that start with {@code decor.methods.},
   * {@code decor.caches.}, …; other {@code decor.*} properties are the engine's own settings and
   * left alone. Every builder key must be an override key. Class-valued attributes name classes
   * of the calling thread's context class loader (else decor's).
   *
   * @throws IllegalArgumentException {@code [decor/Overrides]}, listing every bad key with the
   *     reason
   */
  public static Overrides read(Map<String, ?> builder, Map<String, String> environment,
      Map<String, String> properties) {
    ClassLoader loader = loader();
    List<String> errors = new ArrayList<>();
    List<Entry> entries = new ArrayList<>();
    builder.forEach((key, value) ->
        add(entries, errors, key, value, Source.BUILDER, () -> parseKey(key), loader));
    new TreeMap<>(environment).forEach((key, value) -> {
      if (isEnvKey(key)) {
        add(entries, errors, key, value, Source.ENVIRONMENT, () -> parseEnv(key), loader);
      }
    });
    new TreeMap<>(properties).forEach((key, value) -> {
      if (propertyScope(key) != null) {
        add(entries, errors, key, value, Source.SYSTEM_PROPERTY, () -> parseKey(key), loader);
      }
    });
    List<Entry> kept = withoutConflicts(entries, errors);
    checkCombinations(kept, errors);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          Messages.badOverrides(errors.size(), String.join("\n", errors)));
    }
    return kept.isEmpty() ? none() : new Overrides(kept);
  }

  /** The scope of a {@code decor.<scope>.…} or {@code decor.<scope>[…} key, or null. */
  private static Scope propertyScope(String key) {
    if (!key.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return null;
    }
    int end = PREFIX.length();
    while (end < key.length() && Character.isLetter(key.charAt(end))) {
      end++;
    }
    return end < key.length() && (key.charAt(end) == '.' || key.charAt(end) == '[')
        ? Scope.of(key.substring(PREFIX.length(), end)) : null;
  }

  /** Where the classes that class-valued attributes name are loaded from. */
  private static ClassLoader loader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : Overrides.class.getClassLoader();
  }

  private static boolean isEnvKey(String key) {
    if (!key.startsWith(ENV_PREFIX)) {
      return false;
    }
    int end = key.indexOf('_', ENV_PREFIX.length());
    return end > 0 && Scope.of(key.substring(ENV_PREFIX.length(), end)) != null;
  }

  private interface KeyParser {
    Parsed parse();
  }

  private static void add(List<Entry> entries, List<String> errors, String key, Object value,
      Source source, KeyParser parser, ClassLoader loader) {
    try {
      Parsed p = parser.parse();
      entries.add(entry(p, value, source, key, loader));
    } catch (IllegalArgumentException e) {
      errors.add(Messages.forKey(key, e.getMessage()));
    }
  }

  /** {@code decor.methods.Service.predict.retry.maxAttempts}, {@code decor.methods[Service.predict].…}. */
  private static Parsed parseKey(String key) {
    Scope scope = propertyScope(key);
    if (scope == null) {
      throw new IllegalArgumentException(Messages.overrideKey(
          "'" + key + "' does not start with decor.methods, decor.caches, decor.batches,"
              + " decor.limits or decor.breakers", SCHEME));
    }
    String tail = key.substring(PREFIX.length() + scope.word.length());
    if (tail.startsWith(".")) {
      tail = tail.substring(1);
    }
    int segments = scope == Scope.METHODS ? 2 : 1;
    String name;
    List<String> parts;
    if (tail.startsWith("[")) {
      int close = tail.indexOf(']');
      if (close < 0 || !tail.startsWith(".", close + 1)) {
        throw new IllegalArgumentException(Messages.overrideKey(
            "'" + key + "' opens a [name] it does not close before a '.'", SCHEME));
      }
      name = tail.substring(1, close);
      parts = Arrays.asList(tail.substring(close + 2).split("\\.", -1));
      if (parts.size() != segments) {
        throw new IllegalArgumentException(Messages.overrideKey("'" + key + "' has "
            + parts.size() + " segments after its name instead of " + segments, SCHEME));
      }
    } else {
      List<String> all = Arrays.asList(tail.split("\\.", -1));
      if (all.size() <= segments) {
        throw new IllegalArgumentException(Messages.overrideKey(
            "'" + key + "' is too short", SCHEME));
      }
      name = String.join(".", all.subList(0, all.size() - segments));
      parts = all.subList(all.size() - segments, all.size());
    }
    if (name.isEmpty() || parts.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException(Messages.overrideKey(
          "'" + key + "' has an empty segment", SCHEME));
    }
    return scope == Scope.METHODS
        ? new Parsed(scope, name, parts.get(0), parts.get(1))
        : new Parsed(scope, name, null, parts.get(0));
  }

  /**
   * {@code DECOR_METHODS_SERVICE_PREDICT_RETRY_MAXATTEMPTS}: the decorator and attribute are
   * found from the right (the attribute with or without underscores, {@code MAX_ATTEMPTS}).
   */
  private static Parsed parseEnv(String key) {
    String[] t = key.substring(ENV_PREFIX.length()).split("_", -1);
    Scope scope = Scope.of(t[0]);
    if (scope == Scope.METHODS) {
      for (int d = t.length - 2; d >= 2; d--) {
        for (int e = d + 1; e <= Math.min(d + 2, t.length - 1); e++) {
          Description<?, ?> decorator = decorator(join(t, d, e));
          if (decorator != null && attributeName(decorator, join(t, e, t.length)) != null) {
            return new Parsed(scope, join(t, 1, d), join(t, d, e), join(t, e, t.length));
          }
        }
      }
    } else {
      Description<?, ?> decorator = description(scope.order, null);
      for (int s = t.length - 1; s >= 2; s--) {
        if (attributeName(decorator, join(t, s, t.length)) != null) {
          return new Parsed(scope, join(t, 1, s), null, join(t, s, t.length));
        }
      }
    }
    throw new IllegalArgumentException(Messages.overrideKey(
        "'" + key + "' ends in no decorator and attribute decor knows", ENV_SCHEME));
  }

  private static String join(String[] t, int from, int to) {
    return String.join("_", Arrays.asList(t).subList(from, to));
  }

  private static Entry entry(Parsed p, Object raw, Source source, String key,
      ClassLoader loader) {
    Description<?, ?> decorator;
    if (p.scope() == Scope.METHODS) {
      decorator = decorator(p.decorator());
      if (decorator == null) {
        StringJoiner names = new StringJoiner(", ");
        Description.all().forEach(d -> names.add(configName(d)));
        throw new IllegalArgumentException(
            Messages.overrideDecorator(p.decorator(), names.toString()));
      }
    } else {
      decorator = description(p.scope().order, null);
    }
    String annotation = decorator.annotationType().getSimpleName();
    String attribute = attributeName(decorator, p.attribute());
    if (attribute == null) {
      StringJoiner names = new StringJoiner(", ");
      decorator.attributes().forEach(a -> names.add(a.name()));
      names.add(ENABLED);
      throw new IllegalArgumentException(
          Messages.overrideAttribute(p.attribute(), annotation, names.toString()));
    }
    String shown = "@" + annotation + "(" + attribute + ")";
    if (attribute.equals(ENABLED)) {
      if (decorator.order() == Order.BATCHED) {
        throw new IllegalArgumentException(Messages.overrideFixed(shown, "a @Batched method's"
            + " own body never runs, its batch method does; set maxSize = 1 to dispatch each"
            + " item alone."));
      }
      return new Entry(p.scope(), p.name(), decorator, attribute, Values.flag(raw, shown), source,
          key);
    }
    Attribute<?, ?> a = decorator.attribute(attribute);
    if (!a.configurable()) {
      throw new IllegalArgumentException(Messages.overrideFixed(shown, "it names a method the"
          + " front end binds when the code is compiled or woven; change it in the code."));
    }
    if (attribute.equals(p.scope().naming)) {
      throw new IllegalArgumentException(Messages.overrideFixed(shown, "it is the name this key"
          + " is under; move one method with decor.methods.<name>." + configName(decorator)
          + "." + attribute + "."));
    }
    Object value = Values.of(raw, decorator.member(attribute), shown, loader);
    String problem = a.check(value);
    if (problem == null && value != null && value.getClass().isArray()
        && value.getClass().getComponentType() == Class.class) {
      for (int i = 0; i < Array.getLength(value) && problem == null; i++) {
        problem = a.checkElement(TypeRef.of((Class<?>) Array.get(value, i)));
      }
    }
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return new Entry(p.scope(), p.name(), decorator, attribute, value, source, key);
  }

  /** Two keys of one source for one attribute must agree; the later one is dropped. */
  private static List<Entry> withoutConflicts(List<Entry> entries, List<String> errors) {
    Map<String, Entry> seen = new LinkedHashMap<>();
    for (Entry e : entries) {
      Entry other = seen.putIfAbsent(e.source() + "|" + e.target(), e);
      if (other != null && !Objects.deepEquals(other.value(), e.value())) {
        errors.add(Messages.forKey(e.key(), Messages.overrideConflict(other.key(),
            Values.format(e.value()), Values.format(other.value()))));
      }
    }
    return new ArrayList<>(seen.values());
  }

  /**
   * The overrides one source gives one method's or group's decorator must make a valid spec
   * together (from the annotation's defaults): the spec's own rules ({@code retryOn} and
   * {@code ignore} disjoint, …), through the same builder the annotations go through.
   */
  private static void checkCombinations(List<Entry> entries, List<String> errors) {
    Map<String, List<Entry>> bySpec = new LinkedHashMap<>();
    for (Entry e : entries) {
      if (!e.attribute().equals(ENABLED)) {
        bySpec.computeIfAbsent(e.source() + "|" + e.scope() + "|" + match(e.name()) + "|"
            + e.decorator(), k -> new ArrayList<>()).add(e);
      }
    }
    for (List<Entry> group : bySpec.values()) {
      Description<?, ?> d = group.get(0).decorator();
      Map<String, Object> values = new HashMap<>();
      StringJoiner keys = new StringJoiner(", ");
      group.forEach(e -> {
        values.put(e.attribute(), e.value());
        keys.add(e.key());
      });
      Spec defaults;
      try {
        defaults = d.defaults();
      } catch (IllegalArgumentException required) {
        continue; // an attribute without a default (@ConcurrencyLimit(value)): checked alone
      }
      try {
        d.rebuild(defaults, values);
      } catch (IllegalArgumentException e) {
        errors.add(Messages.forKey(keys.toString(), e.getMessage()));
      }
    }
  }

  // ---- names ----

  /** How keys and reports name a decorator: {@code circuit-breaker}, {@code no-grad}. */
  public static String configName(Description<?, ?> d) {
    String simple = d.annotationType().getSimpleName();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < simple.length(); i++) {
      char c = simple.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        sb.append('-');
      }
      sb.append(Character.toLowerCase(c));
    }
    return sb.toString();
  }

  private static String relaxed(String s) {
    return s.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }

  /** A name as matching compares it: upper case, anything but letters and digits an underscore. */
  static String match(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      sb.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
    }
    return sb.toString();
  }

  private static Description<?, ?> decorator(String segment) {
    for (Description<?, ?> d : Description.all()) {
      if (relaxed(configName(d)).equals(relaxed(segment))) {
        return d;
      }
    }
    return null;
  }

  /** The attribute of {@code d} that {@code segment} names, as the annotation spells it; or null. */
  private static String attributeName(Description<?, ?> d, String segment) {
    String r = relaxed(segment);
    if (r.equals(ENABLED)) {
      return ENABLED;
    }
    for (Attribute<?, ?> a : d.attributes()) {
      if (relaxed(a.name()).equals(r)) {
        return a.name();
      }
    }
    return null;
  }

  /** The description of {@code spec}'s decorator ({@code @NoGrad} or {@code @InferenceMode} for grad). */
  private static Description<?, ?> description(Order order, Spec spec) {
    for (Description<?, ?> d : Description.all()) {
      if (d.order() == order && (d.constant() == null || spec == null
          || d.constant().equals(((GradSpec) spec).name()))) {
        return d;
      }
    }
    throw new IllegalStateException("No description for " + order);
  }

  /** The name a decorator shares state under (cache, batcher, limit, breaker), or "". */
  static String group(Spec spec, String method) {
    String named;
    if (spec instanceof CachedSpec c) {
      named = c.name();
    } else if (spec instanceof CircuitBreakerSpec b) {
      named = b.name();
    } else if (spec instanceof ConcurrencyLimitSpec l) {
      named = l.group();
    } else if (spec instanceof BatchedSpec) {
      named = "";
    } else {
      return "";
    }
    return named.isEmpty() ? method : named;
  }

  // ---- applying ----

  /**
   * What {@code name}'s chain runs with on this engine: each of {@code specs} with its
   * overrides applied and validated (a combination that does not fit the method is refused and
   * reported, the annotation's values kept), or left out when configuration disables it.
   *
   * @param retryLoop whether the front end runs a lone {@code @Retry}'s attempts itself
   *     ({@code Shape.RETRY_ONLY}), so overrides cannot make it judge results
   */
  public Plan plan(FrontEnd frontEnd, String name, String declaringClass, String method,
      Spec[] specs, boolean retryLoop) {
    return new Plan(frontEnd, name, declaringClass, method, specs, retryLoop);
  }

  /** Records {@code plan}, whose chain has been built, for {@code Decor.methods()}. */
  public void record(Plan plan) {
    plans.put(plan.frontEnd + "|" + plan.name + "|" + plan.declaringClass + "|" + plan.method,
        plan);
  }

  /** Every method planned on this engine, by name. */
  public List<DecoratedMethod> methods() {
    List<Plan> all = new ArrayList<>(plans.values());
    all.sort(Comparator.comparing((Plan p) -> p.name).thenComparing(p -> p.frontEnd)
        .thenComparing(p -> p.declaringClass).thenComparing(p -> p.method));
    List<DecoratedMethod> out = new ArrayList<>(all.size());
    all.forEach(p -> out.add(p.report()));
    return out;
  }

  /**
   * The keys naming a method or group no chain built on this engine has (so far), sorted: a
   * typo, or a class not initialised yet.
   */
  public List<String> unmatched() {
    Set<String> known = new HashSet<>();
    for (Plan plan : plans.values()) {
      known.add(Scope.METHODS + "|" + match(plan.name));
      for (Spec spec : plan.configured) {
        Scope scope = Scope.of(spec.order());
        if (scope != null) {
          known.add(scope + "|" + match(group(spec, plan.name)));
        }
      }
    }
    return entries.stream().filter(e -> !known.contains(e.scope() + "|" + match(e.name())))
        .map(Entry::key).sorted().toList();
  }

  /** The best override of {@code attribute} for a decorator, or null. */
  private Entry best(String name, String group, Description<?, ?> d, String attribute) {
    if (index.isEmpty()) {
      return null;
    }
    Entry method = first(Entry.target(Scope.METHODS, match(name), d, attribute));
    Scope scope = Scope.of(d.order());
    Entry grouped = scope == null || group.isEmpty()
        ? null : first(Entry.target(scope, match(group), d, attribute));
    if (method == null || grouped == null) {
      return method != null ? method : grouped;
    }
    return grouped.source().compareTo(method.source()) > 0 ? grouped : method;
  }

  private Entry first(String target) {
    List<Entry> l = index.get(target);
    return l == null ? null : l.get(0);
  }

  /**
   * One method's decorators on an engine: the effective spec of each, and what
   * {@code Decor.methods()} reports. Thread-safe once built (the assembly builds it under the
   * chain's lock or before publishing the chain).
   */
  public final class Plan {
    private final FrontEnd frontEnd;
    private final String name;
    private final String declaringClass;
    private final String method;
    private final Spec[] specs;
    /** Per spec: with the overrides applied, whether or not it is enabled. */
    private final Spec[] configured;
    /** Per spec: the override chosen for each attribute it applies. */
    private final List<Map<String, Entry>> applied = new ArrayList<>();
    private final List<Entry> enabledBy = new ArrayList<>();
    private final List<List<String>> refused = new ArrayList<>();

    private Plan(FrontEnd frontEnd, String name, String declaringClass, String method,
        Spec[] specs, boolean retryLoop) {
      this.frontEnd = frontEnd;
      this.name = name;
      this.declaringClass = declaringClass;
      this.method = method;
      this.specs = specs;
      this.configured = specs.clone();
      for (int i = 0; i < specs.length; i++) {
        Spec spec = specs[i];
        Description<?, ?> d = description(spec.order(), spec);
        Map<String, Entry> chosen = new LinkedHashMap<>();
        List<String> refusals = new ArrayList<>();
        applied.add(chosen);
        refused.add(refusals);
        // A method key may move the method to another group; group keys follow it there.
        Scope scope = Scope.of(spec.order());
        Entry rename = scope == null || scope.naming == null ? null
            : best(name, "", d, scope.naming);
        String group = group(spec, name);
        if (rename != null) {
          String moved = (String) rename.value();
          group = moved.isEmpty() ? name : moved;
        }
        for (Attribute<?, ?> a : d.attributes()) {
          Entry e = best(name, group, d, a.name());
          if (e != null) {
            chosen.put(a.name(), e);
          }
        }
        enabledBy.add(best(name, group, d, ENABLED));
        if (!chosen.isEmpty()) {
          Map<String, Object> values = new HashMap<>();
          chosen.forEach((attribute, e) -> values.put(attribute, e.value()));
          try {
            Spec rebuilt = d.rebuild(spec, values);
            if (retryLoop && rebuilt instanceof RetrySpec r && r.needsEachResult()) {
              refuse(i, Messages.overrideRetryShape());
            } else {
              configured[i] = rebuilt;
            }
          } catch (IllegalArgumentException e) {
            refuse(i, e.getMessage());
          }
        }
      }
    }

    /** What the chain runs with for spec {@code i}, or null where configuration disabled it. */
    private Spec effective(int i) {
      Entry enabled = enabledBy.get(i);
      return enabled != null && !(Boolean) enabled.value() ? null : configured[i];
    }

    /** The index of {@code spec}, one of the {@link #effective()} ones, or -1. */
    private int indexOf(Spec spec) {
      for (int i = 0; i < specs.length; i++) {
        if (effective(i) == spec) {
          return i;
        }
      }
      return -1;
    }

    private void refuse(int i, String problem) {
      StringJoiner keys = new StringJoiner(", ");
      applied.get(i).values().forEach(e -> keys.add(e.key()));
      refused.get(i).add(Messages.overrideRefused(name,
          description(specs[i].order(), specs[i]).annotationType().getSimpleName(),
          keys.toString(), problem));
      applied.get(i).clear();
      configured[i] = specs[i];
    }

    /** The specs the chain runs with, in the given order; a disabled decorator's is absent. */
    public Spec[] effective() {
      return IntStream.range(0, specs.length).mapToObj(this::effective).filter(Objects::nonNull)
          .toArray(Spec[]::new);
    }

    /** Whether overrides changed {@code spec} (one of the effective ones). */
    public boolean changed(Spec spec) {
      int i = indexOf(spec);
      return i >= 0 && specs[i] != spec;
    }

    /**
     * The decorator built from {@code spec} (changed by overrides) failed with {@code problem}:
     * it runs with the annotation's spec, returned, and the report says why.
     */
    public Spec refused(Spec spec, String problem) {
      int i = indexOf(spec);
      if (i < 0) {
        throw new IllegalArgumentException(spec + " is not planned here");
      }
      refuse(i, problem);
      return specs[i];
    }

    /** What {@code Decor.methods()} shows for this method. */
    DecoratedMethod report() {
      List<DecoratedMethod.Decorator> decorators = new ArrayList<>();
      for (int i = 0; i < specs.length; i++) {
        Spec spec = configured[i];
        Description<?, ?> d = description(spec.order(), spec);
        String group = group(spec, name);
        List<DecoratedMethod.Setting> settings = new ArrayList<>();
        for (Attribute<?, ?> a : d.attributes()) {
          Object value = d.valueOf(spec, a.name());
          Entry e = applied.get(i).get(a.name());
          Object now = live.get(spec.order() + "|" + group + "|" + a.name());
          if (now != null) {
            settings.add(new DecoratedMethod.Setting(a.name(), Values.format(now), Source.LIVE,
                ""));
          } else if (e != null) {
            settings.add(new DecoratedMethod.Setting(a.name(), Values.format(value), e.source(),
                e.key()));
          } else {
            Object def = d.member(a.name()).getDefaultValue();
            boolean isDefault = def != null && Objects.deepEquals(def, value);
            settings.add(new DecoratedMethod.Setting(a.name(), Values.format(value),
                isDefault ? Source.DEFAULT : Source.ANNOTATION, ""));
          }
        }
        Entry enabled = enabledBy.get(i);
        decorators.add(new DecoratedMethod.Decorator(spec.order(), configName(d), group,
            effective(i) != null, enabled == null ? Source.DEFAULT : enabled.source(),
            settings, refused.get(i)));
      }
      return new DecoratedMethod(name, declaringClass, method, frontEnd, decorators);
    }
  }

  // ---- live changes ----

  /**
   * {@code key} ({@code decor.batches.<name>.maxSize}, {@code decor.limits.<name>.value},
   * {@code decor.breakers.<name>.failureRate}, …) and {@code value}, validated as a
   * configuration value is; the group's name as the engine knows it.
   *
   * @throws IllegalArgumentException {@code [decor/Tune]} for an attribute that is not live or a
   *     group the engine has not built, {@code [decor/OverrideKey]} or
   *     {@code [decor/OverrideValue]} for a bad key or value
   */
  public Tuning tuning(String key, Object value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Parsed p = parseKey(key);
    Scope scope = p.scope();
    StringJoiner liveNames = new StringJoiner(", ");
    for (Scope s : Scope.values()) {
      new TreeSet<>(s.live).forEach(a -> liveNames.add("decor." + s.word + ".<name>." + a));
    }
    Description<?, ?> d = scope.order == null ? null : description(scope.order, null);
    String attribute = d == null ? null : attributeName(d, p.attribute());
    if (attribute == null || !scope.live.contains(attribute)) {
      throw new IllegalArgumentException(Messages.tuneAttribute(key, liveNames.toString()));
    }
    Entry e = entry(p, value, Source.LIVE, key, loader());
    Set<String> names = new TreeSet<>();
    String found = null;
    Spec foundSpec = null;
    for (Plan plan : plans.values()) {
      for (int i = 0; i < plan.specs.length; i++) {
        Spec spec = plan.effective(i);
        if (spec != null && spec.order() == scope.order) {
          String group = group(spec, plan.name);
          names.add(group);
          if (match(group).equals(match(p.name()))) {
            found = group;
            foundSpec = spec;
          }
        }
      }
    }
    if (found == null) {
      throw new IllegalArgumentException(Messages.tuneUnknown(
          scope.word.substring(0, scope.word.length() - (scope == Scope.BATCHES ? 2 : 1)),
          p.name(), names.isEmpty() ? "none" : String.join(", ", names)));
    }
    Tuning tuning = new Tuning(scope.order, found, attribute, e.value(), key);
    checkTogether(foundSpec, tuning);
    return tuning;
  }

  /**
   * The spec {@code tuning} would leave — {@code spec} with the live changes made so far and
   * this one — must be valid as a whole, by the annotation's own rules (a batcher's
   * {@code preferredSizes} within its {@code maxSize}, either changed).
   */
  private void checkTogether(Spec spec, Tuning tuning) {
    Map<String, Object> values = new HashMap<>();
    String prefix = tuning.order() + "|" + tuning.group() + "|";
    live.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        values.put(k.substring(prefix.length()), v);
      }
    });
    values.put(tuning.attribute(), tuning.value());
    Description<?, ?> d = description(spec.order(), spec);
    try {
      d.rebuild(spec, values);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(Messages.forKey(tuning.key(), e.getMessage()), e);
    }
  }

  /** {@code current} with {@code tuning}'s attribute changed, validated as an annotation is. */
  public static Spec retuned(Spec current, Tuning tuning) {
    Description<?, ?> d = description(current.order(), current);
    try {
      return d.rebuild(current, Map.of(tuning.attribute(), tuning.value()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(Messages.forKey(tuning.key(), e.getMessage()), e);
    }
  }

  /** Records a live change applied to the engine, for {@code Decor.methods()}. */
  public void tuned(Tuning tuning) {
    live.put(tuning.order() + "|" + tuning.group() + "|" + tuning.attribute(), tuning.value());
  }
}
