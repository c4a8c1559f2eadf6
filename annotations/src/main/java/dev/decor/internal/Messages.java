package dev.decor.internal;

import java.util.Locale;

/**
 * Every diagnostic decor prints, in one place: used by the processor (compile errors), by the
 * runtime spec checks (AspectJ mode fails with the same words) and by the tests.
 *
 * <p>Each message starts with a stable ID in brackets, then says the rule, the offender and the
 * remedy.
 */
public final class Messages {
  private Messages() {}

  public static final String DURATION_EXAMPLES =
      "write e.g. \"250ms\", \"1s\", \"2m\", \"1h\", \"500us\", \"100ns\" or ISO-8601 like \"PT0.5S\"";

  public static String retryMaxAttempts(int maxAttempts) {
    return "[decor/RetryMaxAttempts] @Retry(maxAttempts = " + maxAttempts
        + ") must be at least 1; use 1 to call once without retrying.";
  }

  public static String retryMultiplier(double multiplier) {
    return "[decor/RetryMultiplier] @Retry(multiplier = " + num(multiplier)
        + ") must be at least 1.0; use 1.0 for a fixed delay.";
  }

  public static String retryJitter(double jitter) {
    return "[decor/RetryJitter] @Retry(jitter = " + num(jitter)
        + ") must be in [0, 1); use 0.0 for none, or e.g. 0.5 to draw each wait from ±50%.";
  }

  public static String retryOnAndIgnore(String className) {
    return listedTwice("RetryOnAndIgnore", "Retry", "retryOn", className);
  }

  /** A class listed both in {@code attribute} and in {@code ignore} of {@code @annotation}. */
  private static String listedTwice(String id, String annotation, String attribute,
      String className) {
    return "[decor/" + id + "] @" + annotation + " lists " + className + " in both " + attribute
        + " and ignore; remove it from one of them.";
  }

  /** {@code attribute} reads like {@code "@Retry(delay)"}. */
  public static String badDuration(String attribute, String value) {
    return "[decor/Duration] " + attribute + " = \"" + value + "\" is not a duration; "
        + DURATION_EXAMPLES + ".";
  }

  public static String negativeDuration(String attribute, String value) {
    return "[decor/Duration] " + attribute + " = \"" + value + "\" must not be negative.";
  }

  public static String cachedMaxSize(int maxSize) {
    return "[decor/CachedMaxSize] @Cached(maxSize = " + maxSize
        + ") must not be negative; use 0 to disable caching.";
  }

  public static String cachedOnVoid(String method) {
    return "[decor/CachedOnVoid] @Cached cannot be used on void method '" + method
        + "': there is no result to cache. Remove @Cached, or return the value.";
  }

  public static String cachedIdentityKey(String parameter, String type) {
    return "[decor/CachedIdentityKey] @Cached parameter '" + parameter + "' has type " + type
        + ", whose equals is identity, so equal arguments never hit the cache. Pass a value type"
        + " (record, String, boxed primitive, enum), an array or a ByteBuffer, or implement"
        + " equals and hashCode.";
  }

  /** {@code parameter} is a parameter name, or a path into it such as {@code "request.image"}. */
  public static String sharedKey(String method, String parameter, String type) {
    return "[decor/SharedKey] @Cached(shared = true) on '" + method + "': parameter '" + parameter
        + "' has type " + type + ", which has no encoding that means the same in every JVM."
        + " Shared keys take primitives, boxed primitives, String, enums, records of those,"
        + " arrays and ByteBuffers; pass one of those, or keep this cache in-process.";
  }

  public static String sharedNamespace(String method, String receiver) {
    return "[decor/SharedNamespace] @Cached(shared = true) on instance method '" + method
        + "': the receiver's identity means nothing in another JVM, so " + receiver
        + " must implement dev.decor.CacheNamespace (e.g. return the model's name and version)."
        + " Or make the method static, or keep this cache in-process.";
  }

  public static String sharedValue(String method, String type) {
    return "[decor/SharedValue] @Cached(shared = true) on '" + method + "': no codec for its result"
        + " type " + type + ". Return primitives, String, enums, records, arrays or lists of those,"
        + " or register one with Decor.builder().valueCodec(" + type + ".class, codec).";
  }

  public static String sharedEmptyNamespace(String method, String receiver) {
    return "[decor/SharedNamespace] " + receiver + ".cacheNamespace() returned an empty string for '"
        + method + "'; return the model's name and version (or weights digest).";
  }

  public static String sharedTierDown(String cache, String cause, String retryAfter) {
    return "[decor/SharedTierDown] the shared cache tier failed for cache '" + cache + "' (" + cause
        + "); calls compute locally and the tier is tried again in " + retryAfter + ".";
  }

  /** {@code names} reads like {@code "[Classifier.predcit]"}. */
  public static String unknownCacheNames(String names) {
    return "[decor/UnknownCacheName] The configuration names caches that no @Cached method"
        + " registered on this engine: " + names + "; nothing was shared or kept in-process under"
        + " those names. A cache's name is its method's Class.method or its @Cached(name): check"
        + " -Ddecor.cache.shared, -Ddecor.cache.local and Decor.builder().shareCaches/localCaches.";
  }

  /** Two {@code Decorators} functions built under one name, {@code function}, on one engine. */
  public static String cacheNameClashOfOneName(String name, String function) {
    return "[decor/CacheNameClash] @Cached(name = \"" + name + "\") is used by two functions"
        + " both decorated as '" + function + "' on one engine; each Decorators.named(...) function"
        + " is a method of its own, and they would share entries. Build the function once and"
        + " share it (not per call or per instance), or give each its own name.";
  }

  public static String cacheNameClash(String name, String owner, String other) {
    return "[decor/CacheNameClash] @Cached(name = \"" + name + "\") is used by both " + owner
        + " and " + other + "; they would share entries. Give each method its own name.";
  }

  public static String gradConflict(String method) {
    return "[decor/GradConflict] '" + method + "' has both @NoGrad and @InferenceMode;"
        + " @InferenceMode already disables grad, so keep only one of them.";
  }

  public static String privateMethod(String annotation, String method) {
    return notOverridable("PrivateMethod", annotation, "private", method,
        "Make it package-private or wider");
  }

  public static String staticMethod(String annotation, String method) {
    return notOverridable("StaticMethod", annotation, "static", method,
        "Make it an instance method");
  }

  public static String finalMethod(String annotation, String method) {
    return notOverridable("FinalMethod", annotation, "final", method, "Remove final");
  }

  /** A method the generated subclass cannot override; {@code remedy} is the first way out. */
  private static String notOverridable(String id, String annotation, String modifier,
      String method, String remedy) {
    return "[decor/" + id + "] @" + annotation + " cannot decorate " + modifier + " method '"
        + method + "': the generated subclass cannot override it. " + remedy
        + ", or mark the class @Woven and apply decor with AspectJ weaving.";
  }

  public static String abstractMethod(String annotation, String method) {
    return "[decor/AbstractMethod] @" + annotation + " cannot decorate abstract method '" + method
        + "': there is no body for the generated subclass to call. Move the annotation to the"
        + " method that implements it.";
  }

  public static String finalClass(String type) {
    return "[decor/FinalClass] Class '" + type + "' is final, so decor cannot generate a"
        + " subclass for its decorated methods. Remove final, or mark the class @Woven and apply decor"
        + " with AspectJ weaving.";
  }

  public static String notExtendable(String type, String reason) {
    return "[decor/NotExtendable] Class '" + type + "' cannot be extended by the generated"
        + " wrapper: " + reason + ". Fix that, or mark the class @Woven and apply decor"
        + " with AspectJ weaving.";
  }

  /**
   * The Spring starter's start-up check: bean {@code bean} of {@code type} carries decor
   * annotations on {@code methods} but is neither woven nor a generated wrapper.
   */
  public static String beanNotDecorated(String bean, String type, String methods,
      String wrapper) {
    return "[decor/BeanNotDecorated] bean '" + bean + "' (" + type + ") has decor annotations on "
        + methods + " but is neither woven nor a generated wrapper, so they would do nothing."
        + " Weave it (decor-maven-plugin's weave goal, or -javaagent:aspectjweaver.jar), or run"
        + " decor's processor so the context creates " + wrapper + " in its place (a @Bean method"
        + " must return new " + wrapper + "(...) itself); see docs/spring-boot.md.";
  }

  /** {@code methods} reads like {@code "Service.predict(float[]), Service.load()"}. */
  public static String notWoven(String methods) {
    return "[decor/NotWoven] decor annotations on " + methods + " were not woven, so they do"
        + " nothing. Weave decor-aspectj into these classes: add decor-maven-plugin's weave goal"
        + " (compile-time weaving), or start the JVM with -javaagent:aspectjweaver.jar (load-time"
        + " weaving); see docs/aspectj.md.";
  }

  /**
   * decor:check's verdict on methods no mode decorates; {@code methods} reads like
   * {@code "Service.predict(float[]), Store.load()"}.
   */
  public static String notDecorated(String methods) {
    return "[decor/NotDecorated] decor annotations on " + methods + " are neither woven nor"
        + " covered by a generated wrapper, so they do nothing. Weave these classes"
        + " (decor-maven-plugin's weave goal), or let decor-processor generate their wrappers"
        + " (maven-compiler-plugin 3.5 or newer, decor-processor under annotationProcessorPaths) and"
        + " construct the Decorated class; see docs/maven-plugin.md.";
  }

  public static String gradScopeOutOfOrder() {
    return "[decor/GradScopeOrder] A grad scope was closed while a scope opened after it was still"
        + " open; both are now closed and the state saved by the outer one is restored. Close"
        + " scopes innermost first (use try-with-resources).";
  }

  public static String gradScopeWrongThread(String owner) {
    return "[decor/GradScopeThread] A grad scope opened on thread '" + owner
        + "' was closed on another thread; grad mode is per thread, so close it where it opened.";
  }

  public static String processorError(String type, String stackTrace) {
    return "[decor/ProcessorError] decor's processor failed on '" + type + "' and generated no"
        + " wrapper for it. Please report this with the source of the type:\n" + stackTrace;
  }

  public static String retryOnError(String className) {
    return "[decor/RetryOnError] @Retry lists " + className + " in retryOn, but an Error is never"
        + " retried, so listing it does nothing. Remove it; to retry, throw an Exception instead.";
  }

  /** {@code annotation} reads like {@code "Retry"}; {@code type} like {@code "MyFuture"}. */
  public static String asyncReturnType(String annotation, String method, String type) {
    return "[decor/AsyncReturnType] @" + annotation + " cannot decorate '" + method
        + "': it returns " + type + ", but decor completes its own CompletableFuture for an"
        + " asynchronous call. Declare the return type as CompletableFuture or CompletionStage.";
  }

  public static String wrappersOption(String value) {
    return "[decor/WrappersOption] -Adecor.wrappers=" + value + " is neither true nor false;"
        + " use -Adecor.wrappers=false to generate no wrappers (the module's classes are woven),"
        + " or leave the option out to generate them.";
  }

  public static String recordClass(String type) {
    return "[decor/RecordClass] Record '" + type + "' cannot be extended by the generated"
        + " wrapper (records are final). Annotate the methods in an interface the record"
        + " implements (decor wraps interfaces), or mark the record @Woven and apply decor with"
        + " AspectJ weaving.";
  }

  /** {@code what} reads like {@code "parameter 'key' has type p.S.Key"}. */
  public static String inaccessibleType(String method, String what, String reason) {
    return "[decor/InaccessibleType] '" + method + "' cannot be overridden by the generated"
        + " wrapper: its " + what + ", which " + reason + ". Make that type package-private or"
        + " wider, or mark the class @Woven and apply decor with AspectJ weaving.";
  }

  public static String wrapClash(String type, String method) {
    return "[decor/WrapClash] Interface '" + type + "' declares '" + method + "', which clashes"
        + " with the static wrap(delegate) of its generated wrapper. Rename the method.";
  }

  public static String wrapperNameTaken(String type, String wrapper) {
    return "[decor/WrapperNameTaken] decor names the wrapper of '" + type + "' '" + wrapper
        + "', but a class of that name is already compiled with it. Rename that class, or mark '"
        + type + "' @Woven and apply decor with AspectJ weaving.";
  }

  /** Throws {@link IllegalArgumentException} with {@code error}, unless it is null (valid). */
  public static void requireValid(String error) {
    if (error != null) {
      throw new IllegalArgumentException(error);
    }
  }

  private static String num(double d) {
    if (d == Math.rint(d) && !Double.isInfinite(d)) {
      return String.format(Locale.ROOT, "%.1f", d);
    }
    return Double.toString(d);
  }

  public static String cachedCyclicArgument(String method) {
    return "[decor/CachedCyclicArgument] @Cached method '" + method + "' got an Object[] argument"
        + " that contains itself (directly or through nested arrays), so it has no finite cache"
        + " key. Pass an argument without the cycle, or remove @Cached.";
  }

  // ---- @Batched ----

  public static String batchedAtLeastOne(String attribute, int value) {
    return "[decor/BatchedValue] @Batched(" + attribute + " = " + value + ") must be at least 1.";
  }

  public static String batchedAtLeastZero(String attribute, long value) {
    return "[decor/BatchedValue] @Batched(" + attribute + " = " + value + ") must be at least 0"
        + " (0: no limit).";
  }

  public static String batchedPreferredSizes(String sizes, String problem) {
    return "[decor/BatchedValue] @Batched(preferredSizes = \"" + sizes + "\") " + problem
        + "; write ascending sizes from 1 to maxSize, comma-separated, e.g. \"8, 16, 32\".";
  }

  public static String batchCost(String method, String problem) {
    return "[decor/BatchCost] @Batched on '" + method + "' " + problem + ": maxCost needs a cost"
        + " method of the same class, e.g. @Batched(maxCost = 4096, cost = \"tokens\") with"
        + " 'long tokens(In item)'.";
  }

  /** {@link #batchCost}: {@code maxCost} set, no {@code cost} method named. */
  public static String batchCostMissing(String method) {
    return batchCost(method, "sets maxCost without a cost method");
  }

  /** {@link #batchCost}: a {@code cost} method named, {@code maxCost} left at 0. */
  public static String batchCostWithoutMaxCost(String method, String cost) {
    return batchCost(method, "names cost method '" + cost + "' without maxCost");
  }

  /**
   * {@link #batchCost}: no method {@code cost} of the shape it must have; {@code in}: the item type.
   */
  public static String batchCostNotFound(String method, String cost, String in) {
    return batchCost(method, "names cost method '" + cost + "', which is not a non-private method"
        + " 'long " + cost + "(" + in + ")' (or int) of the same class, static as the batched"
        + " method is");
  }

  public static String batchQueueTimeout(String name, String limit) {
    return "[decor/BatchQueueTimeout] An item of '" + name + "' was not dispatched within " + limit
        + "; it was dropped unprocessed. Raise the limit, or let batches drain faster"
        + " (maxSize, maxConcurrency, a cheaper batch).";
  }

  public static String batchedMethodName(String method) {
    return "[decor/BatchMethod] @Batched(method = \"" + method + "\") must name the batch method"
        + " of the same class, e.g. @Batched(method = \"predictAll\").";
  }

  /** {@code problem} reads like {@code "does not exist"}. */
  public static String batchMethod(String method, String batchMethod, String problem,
      String expected) {
    return "[decor/BatchMethod] @Batched on '" + method + "' names batch method '" + batchMethod
        + "', which " + problem + ". Declare " + expected + " in the same class.";
  }

  /** {@code exception} reads like {@code "IOException"}. */
  public static String batchThrows(String method, String batchMethod, String exception) {
    return "[decor/BatchThrows] @Batched on '" + method + "' names batch method '" + batchMethod
        + "', which throws " + exception + ", but '" + method + "' does not declare it, so its"
        + " callers could not get it. Declare it on '" + method + "', return a CompletableFuture"
        + " (which carries any exception), or handle it in '" + batchMethod + "'.";
  }

  public static String batchedSignature(String method) {
    return "[decor/BatchedSignature] @Batched cannot decorate '" + method + "': a batched method"
        + " takes exactly one parameter (the item) and returns a value or a CompletableFuture of"
        + " one. Wrap several arguments in a record.";
  }

  /** {@code other} reads like {@code "Retry"}. */
  public static String batchedCombination(String method, String other) {
    return "[decor/BatchedCombination] @" + other + " on '" + method + "' has no effect with"
        + " @Batched, whose body never runs: put @" + other + " on the batch method, where it"
        + " applies around each batch.";
  }

  public static String batchQueueFull(String name, int capacity) {
    return "[decor/BatchQueueFull] The batch queue of '" + name + "' is full (" + capacity
        + " items waiting); the item was rejected. Retry later, raise"
        + " @Batched(queueCapacity), or add maxConcurrency/maxSize so batches drain faster.";
  }

  public static String batchResultSize(String name, int expected, String actual) {
    return "[decor/BatchResultSize] The batch method of '" + name + "' returned " + actual
        + " for a batch of " + expected + " items; it must return one result per item, in order.";
  }

  /** {@code type} reads like {@code "int"}. */
  public static String batchNullResult(String name, int index, String type) {
    return "[decor/BatchNullResult] The batch method of '" + name + "' returned null for item "
        + index + ", but '" + name + "' returns " + type + ", which cannot be null; every item of"
        + " the batch failed. Return a value for each item, or fail the item with"
        + " PartialBatchFailure.";
  }

  public static String batchFailureIndex(String name, int index, int size) {
    return "[decor/BatchFailureIndex] The batch method of '" + name + "' threw a"
        + " PartialBatchFailure naming item " + index + " of a batch of " + size + " items"
        + " (indexes 0 to " + (size - 1) + "); every item of the batch failed. Name each failed"
        + " item by its index in the batch method's list.";
  }

  public static String batchShutdown(String name) {
    return "[decor/BatchShutdown] The engine running the batches of '" + name + "' was closed"
        + " before this item was answered. Close the engine (Decor.close) only after its callers.";
  }

  public static String batchInterrupted(String name) {
    return "[decor/BatchInterrupted] The caller of '" + name + "' was interrupted while waiting"
        + " for its batch; the item was cancelled (dropped if not yet dispatched).";
  }

  // ---- @CircuitBreaker ----

  /** {@code attribute} reads like {@code "failureRate"}. */
  public static String circuitBreakerPercent(String attribute, int value) {
    return "[decor/CircuitBreakerValue] @CircuitBreaker(" + attribute + " = " + value
        + ") must be from 1 to 100: a percentage of the window's calls.";
  }

  public static String circuitBreakerAtLeastOne(String attribute, int value) {
    return "[decor/CircuitBreakerValue] @CircuitBreaker(" + attribute + " = " + value
        + ") must be at least 1.";
  }

  public static String circuitBreakerOpenFor(String value) {
    return "[decor/CircuitBreakerValue] @CircuitBreaker(openFor = \"" + value
        + "\") must be at least 1ms (the breaker waits in whole milliseconds).";
  }

  public static String circuitBreakerSlowCall(String value) {
    return "[decor/CircuitBreakerValue] @CircuitBreaker(slowCall = \"" + value
        + "\") must be positive; leave it empty to track no slow calls.";
  }

  public static String circuitBreakerRecordOnAndIgnore(String className) {
    return listedTwice("CircuitBreakerRecordOnAndIgnore", "CircuitBreaker", "recordOn", className);
  }

  /** {@code owner} and {@code other} read like {@code "Store.get(String)"}. */
  public static String circuitBreakerNameClash(String name, String owner, String other) {
    return "[decor/CircuitBreakerName] @CircuitBreaker(name = \"" + name + "\") is shared by "
        + owner + " and " + other + " with different settings, but one breaker has one set of"
        + " settings. Give both the same settings, or give each its own name.";
  }

  // ---- @Fallback ----

  public static String fallbackMethodName(String method) {
    return "[decor/FallbackSignature] @Fallback(method = \"" + method + "\") must name a method"
        + " of the same class, e.g. @Fallback(method = \"predictOnCpu\").";
  }

  public static String fallbackOnError(String className) {
    return "[decor/FallbackOnError] @Fallback lists " + className + " in on, but an Error never"
        + " falls back (it means the JVM or the program is broken), so listing it does nothing."
        + " Remove it.";
  }

  public static String fallbackOnAndIgnore(String className) {
    return listedTwice("FallbackOnAndIgnore", "Fallback", "on", className);
  }

  /**
   * {@code method} reads like {@code "predict(float[])"}; {@code problem} like
   * {@code "does not exist"}; {@code remedy} is a sentence, often {@link #fallbackDeclare}.
   */
  public static String fallbackSignature(String method, String fallback, String problem,
      String remedy) {
    return "[decor/FallbackSignature] @Fallback on '" + method + "' names '" + fallback
        + "', which " + problem + ". " + remedy;
  }

  /** The usual remedy: {@code expected} reads like {@code "'float[] f(float[])' or …"}. */
  public static String fallbackDeclare(String expected) {
    return "Declare " + expected + " in the same class.";
  }

  /** {@code method} reads like {@code "Service.predict(float[])"}. */
  public static String fallbackMissing(String method) {
    return "[decor/FallbackSignature] @Fallback on '" + method + "' has no fallback method to"
        + " call: pass one with the spec (Decor.chain(key, fallback, specs), or"
        + " Decorators' fallback(...)).";
  }

  // ---- @Timeout ----

  public static String timeoutValue(String value) {
    return "[decor/TimeoutValue] @Timeout(\"" + value + "\") must be positive; remove @Timeout to"
        + " let calls take as long as they take.";
  }

  /** {@code name} is the method's decor name, {@code limit} the annotation's text. */
  public static String timeout(String name, String limit) {
    return "[decor/Timeout] '" + name + "' did not finish within @Timeout(\"" + limit + "\"): it was"
        + " interrupted (an asynchronous one's stage cancelled) and a late result is discarded.";
  }

  public static String timeoutOverrun(String name, String limit, String late) {
    return "[decor/TimeoutOverrun] '" + name + "' ignored the interrupt of its @Timeout(\"" + limit
        + "\") and returned " + late + " late; its thread stayed busy and its result was discarded."
        + " Let the body stop when interrupted (blocking calls that throw InterruptedException, or"
        + " Thread.interrupted() checks in loops). Logged once per method; decor.timeout.overruns"
        + " counts every overrun.";
  }

  // ---- @ConcurrencyLimit ----

  public static String concurrencyLimitValue(int value) {
    return "[decor/ConcurrencyLimitValue] @ConcurrencyLimit(value = " + value
        + ") must be at least 1; remove @ConcurrencyLimit for no limit.";
  }

  /** {@code limit} reads like {@code "group 'gpu'"} or {@code "'Service.forward'"}. */
  public static String concurrencyLimitRejected(String name, String limit, int value,
      String maxWait) {
    return "[decor/ConcurrencyLimit] '" + name + "' was rejected: the " + value
        + " permit(s) of " + limit + " stayed taken for maxWait = \"" + maxWait + "\". Retry later,"
        + " or raise @ConcurrencyLimit(value) or maxWait if the work fits.";
  }

  public static String concurrencyLimitInterrupted(String name, String limit) {
    return "[decor/ConcurrencyLimit] '" + name + "' was interrupted while waiting for a permit of "
        + limit + "; it did not run (the interrupt flag is set).";
  }

  public static String concurrencyLimitGroup(String group, String method, int value,
      String other, int otherValue) {
    return "[decor/ConcurrencyLimitGroup] @ConcurrencyLimit(group = \"" + group + "\") on '"
        + method + "' has value = " + value + ", but '" + other + "' gives the same group value = "
        + otherValue + "; a group has one limit. Give every method of the group the same value,"
        + " or name another group.";
  }

  // ---- @Retry on results and within a time budget ----

  /** {@code predicate} and {@code judged} are simple type names as source shows them. */
  public static String retryIfType(String predicate, String judged, String method,
      String result) {
    return "[decor/RetryIfType] @Retry(retryIf = " + predicate + ".class) judges " + judged
        + ", but '" + method + "' " + result + ". Write a Predicate of the method's result type"
        + " (or of a supertype of it).";
  }

  public static String retryIfClass(String predicate, String reason) {
    return "[decor/RetryIfClass] @Retry(retryIf = " + predicate + ".class) must name a class decor"
        + " can create once per method, but it " + reason + ". Give it a public no-argument"
        + " constructor (a top-level or static nested, non-abstract class).";
  }

  public static String retryMaxDuration(String value) {
    return "[decor/RetryMaxDuration] @Retry(maxDuration = \"" + value + "\") must be positive;"
        + " leave it empty for no time budget.";
  }

  // ---- distributions (@Timed, @Batched) and @MetricTag ----

  /** {@code annotation} reads like {@code "@Timed"}. */
  public static String percentile(String annotation, double value) {
    return "[decor/Percentile] " + annotation + "(percentiles) lists " + num(value)
        + ", which is not a quantile in [0, 1]; write e.g. 0.99 for the 99th percentile.";
  }

  /** {@code annotation} reads like {@code "@Timed"}. */
  public static String sloNotPositive(String annotation, String value) {
    return "[decor/Slo] " + annotation + "(slo) lists \"" + value
        + "\", which must be a positive duration: each is a histogram bucket's upper bound,"
        + " e.g. \"50ms\".";
  }

  public static String metricTagWithoutTimed(String parameter, String method) {
    return "[decor/MetricTagWithoutTimed] @MetricTag on parameter '" + parameter + "' of '"
        + method + "' has no timer to tag: the method has no @Timed. Add @Timed, or remove"
        + " @MetricTag.";
  }

  public static String metricTagKey(String key, String parameter, String method) {
    return "[decor/MetricTagKey] @MetricTag(\"" + key + "\") on parameter '" + parameter
        + "' of '" + method + "' must be a non-empty key other than class, method, exception and"
        + " outcome (decor's own tags), used once per method.";
  }

  public static String metricTagCardinality(String parameter, String method, String type) {
    return "[decor/MetricTagCardinality] @MetricTag on parameter '" + parameter + "' of '"
        + method + "': a " + type + " has no bounded set of values, and every distinct tag value"
        + " makes a new time series. Tag a bounded value instead (an enum, a boolean, or a"
        + " mapper that returns one of a few names).";
  }

  public static String metricTagType(String parameter, String method, String type) {
    return "[decor/MetricTagType] @MetricTag on parameter '" + parameter + "' of '" + method
        + "' has type " + type + ", whose values are not bounded: only enums and booleans are"
        + " tagged as they are. Give a mapper that turns the value into one of a few names,"
        + " e.g. @MetricTag(value = \"model\", mapper = ModelNames.class).";
  }

  /** {@code problem} completes "mapper X …", e.g. "is abstract". */
  public static String metricTagMapper(String mapper, String problem) {
    return "[decor/MetricTagMapper] @MetricTag(mapper = " + mapper + ".class) " + problem
        + "; a mapper is a class implementing MetricTag.Mapper<T>, with a public no-argument"
        + " constructor, whose T accepts the parameter's type.";
  }

  public static String metricTagOverflow(String key, String method, int limit) {
    return "[decor/MetricTagCardinality] @MetricTag(\"" + key + "\") of '" + method
        + "' has produced " + limit + " distinct values; further ones are recorded as \"other\"."
        + " Make its mapper return one of a few names.";
  }

  // ---- configuration overrides and live changes (docs/configuration.md) ----

  /**
   * {@code key: message}: how a bad override names the configuration key it came from, as the
   * engine's start-up failure lists it.
   */
  public static String forKey(String key, String message) {
    return key + ": " + message;
  }

  /** What a start-up failure says before its lines, one {@link #forKey} per bad override. */
  public static String badOverrides(int count, String lines) {
    return "[decor/Overrides] decor cannot start: " + count + (count == 1 ? " override is" : " overrides are")
        + " invalid (docs/configuration.md):\n" + lines;
  }

  /** A key that does not read as decor's scheme; {@code expected} shows the scheme. */
  public static String overrideKey(String problem, String expected) {
    return "[decor/OverrideKey] " + problem + "; write it as " + expected
        + " (docs/configuration.md).";
  }

  /** A decorator segment that names no decorator; {@code decorators} lists them. */
  public static String overrideDecorator(String segment, String decorators) {
    return "[decor/OverrideKey] '" + segment + "' is not a decorator decor can configure; the"
        + " decorators are " + decorators + ".";
  }

  /** An attribute segment that names no attribute of {@code annotation}. */
  public static String overrideAttribute(String segment, String annotation, String attributes) {
    return "[decor/OverrideKey] @" + annotation + " has no attribute '" + segment + "'; its"
        + " attributes are " + attributes + ".";
  }

  /** Two keys of one source giving one attribute different values. */
  public static String overrideConflict(String other, String value, String otherValue) {
    return "[decor/OverrideKey] sets the value " + value + ", and " + other + " sets the same"
        + " attribute to " + otherValue + "; keep one of them.";
  }

  /** {@code attribute} ({@code @Retry(maxAttempts)}) cannot take {@code value}. */
  public static String overrideValue(String value, String attribute, String expected) {
    return "[decor/OverrideValue] " + attribute + " = '" + value + "' must be " + expected + ".";
  }

  /** An attribute configuration cannot change; {@code reason} says why and what to do. */
  public static String overrideFixed(String attribute, String reason) {
    return "[decor/OverrideFixed] " + attribute + " cannot be set by configuration: " + reason;
  }

  /**
   * Overrides that are valid values but do not fit {@code method}'s {@code @annotation}; it runs
   * with its annotation's values for that decorator.
   */
  public static String overrideRefused(String method, String annotation, String keys,
      String problem) {
    return "[decor/OverrideRefused] '" + method + "' keeps its annotation's values for @"
        + annotation + ": " + keys + " do not fit it. " + problem;
  }

  /** What {@code overrideRefused} says for retryIf or maxDuration on a loop-shaped method. */
  public static String overrideRetryShape() {
    return "Its front end runs the attempts itself, seeing neither results nor the first"
        + " attempt's start, because the annotation sets neither retryIf nor maxDuration: set"
        + " them in the annotation (any value), then configuration can change them.";
  }

  /** Overrides, by key, naming a method or group no chain on the engine has used. */
  public static String unknownOverrideNames(String keys) {
    return "[decor/UnknownOverrideName] No decorated method or group on this engine has the name"
        + " these overrides give: " + keys + ". A typo, or a class never initialised; Decor.methods()"
        + " lists the names.";
  }

  /** A live change of something the engine does not have (yet). */
  public static String tuneUnknown(String what, String name, String names) {
    return "[decor/Tune] This engine has no " + what + " named '" + name + "' (it has " + names
        + "); a method's appears when its chain is built.";
  }

  /** A live change of an attribute that is not live. */
  public static String tuneAttribute(String attribute, String live) {
    return "[decor/Tune] '" + attribute + "' cannot change while running; the live settings are "
        + live + ". Configure the others (docs/configuration.md).";
  }
}
