package dev.decor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.Timed;
import dev.decor.config.DecoratedMethod;
import dev.decor.config.DecoratedMethod.Decorator;
import dev.decor.config.DecoratedMethod.Setting;
import dev.decor.config.FrontEnd;
import dev.decor.config.Source;
import dev.decor.engine.internal.Chain;
import dev.decor.engine.internal.Chains;
import dev.decor.internal.Durations;
import dev.decor.internal.Messages;
import dev.decor.kernel.MethodKey;
import dev.decor.spec.BatchedSpec;
import dev.decor.spec.ConcurrencyLimitSpec;
import dev.decor.grad.GradMode;
import dev.decor.spec.GradSpec;
import dev.decor.spec.Order;
import dev.decor.spec.RetrySpec;
import dev.decor.spec.TimedSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Configuration overrides as an operator uses them: a builder key, a system property over it, a
 * method's key over its group's, {@code enabled = false}, bad keys and values failing the engine's
 * build with the processor's messages naming the key, overrides a method refuses, and what
 * {@link Decor#methods()} reports for each front end. Environment variables: in a child JVM,
 * {@link EnvironmentOverridesTest}. Isolated: it sets system properties, which every engine built
 * meanwhile would read (a bad one fails it), and swaps the global engine.
 */
@Isolated
class ConfigurationOverridesTest {
  private final List<String> properties = new ArrayList<>();
  private final List<Decor> engines = new ArrayList<>();

  @AfterEach
  void clean() {
    properties.forEach(System::clearProperty);
    engines.forEach(Decor::close);
  }

  private void property(String key, String value) {
    properties.add(key);
    System.setProperty(key, value);
  }

  private Decor engine(Map<String, ?> overrides) {
    Decor engine = Decor.builder().instantRetries().meterRegistry(new SimpleMeterRegistry())
        .overrides(overrides).build();
    engines.add(engine);
    return engine;
  }

  /** Fails its first {@code failures} calls, then answers how many calls it took. */
  private static Supplier<Integer> flaky(Decor engine, String name, int maxAttempts,
      AtomicInteger calls, int failures) {
    return engine.decorate(name).retry(maxAttempts, "0ms", 1.0).supplier(() -> {
      if (calls.incrementAndGet() <= failures) {
        throw new IllegalStateException("attempt " + calls.get());
      }
      return calls.get();
    });
  }

  private static Decorator decorator(Decor engine, String name, FrontEnd frontEnd, Order order) {
    return engine.methods().stream()
        .filter(m -> m.name().equals(name) && m.frontEnd() == frontEnd)
        .findFirst().orElseThrow(() -> new AssertionError(name + " is not reported"))
        .decorator(order).orElseThrow();
  }

  private static Setting setting(Decorator d, String attribute) {
    return d.setting(attribute).orElseThrow();
  }

  @Test
  void aBuilderOverrideChangesTheAttemptsAndTheReportNamesItsKey() {
    Decor engine = engine(Map.of("decor.methods.Config.fetch.retry.maxAttempts", 4));
    AtomicInteger calls = new AtomicInteger();

    assertThat(flaky(engine, "Config.fetch", 2, calls, 3).get()).isEqualTo(4);

    Decorator retry = decorator(engine, "Config.fetch", FrontEnd.DECORATORS, Order.RETRY);
    assertThat(retry.name()).isEqualTo("retry");
    assertThat(setting(retry, "maxAttempts")).isEqualTo(new Setting("maxAttempts", "4",
        Source.BUILDER, "decor.methods.Config.fetch.retry.maxAttempts"));
    assertThat(setting(retry, "log").source()).isEqualTo(Source.DEFAULT);
    assertThat(retry.enabled()).isTrue();
    assertThat(retry.enabledBy()).isEqualTo(Source.DEFAULT);
  }

  @Test
  void theSpecTheCodeBuiltReportsAsTheAnnotationsValue() {
    Decor engine = engine(Map.of());
    flaky(engine, "Config.plain", 2, new AtomicInteger(), 0).get();

    Decorator retry = decorator(engine, "Config.plain", FrontEnd.DECORATORS, Order.RETRY);
    assertThat(setting(retry, "maxAttempts"))
        .isEqualTo(new Setting("maxAttempts", "2", Source.ANNOTATION, ""));
    assertThat(setting(retry, "delay").source()).isEqualTo(Source.DEFAULT);
  }

  @Test
  void aSystemPropertyOverridesTheBuilder() {
    property("decor.methods.Config.sys.retry.maxAttempts", "5");
    Decor engine = engine(Map.of("decor.methods.Config.sys.retry.maxAttempts", 3));
    AtomicInteger calls = new AtomicInteger();

    assertThat(flaky(engine, "Config.sys", 1, calls, 4).get()).isEqualTo(5);
    assertThat(setting(decorator(engine, "Config.sys", FrontEnd.DECORATORS, Order.RETRY),
        "maxAttempts")).isEqualTo(new Setting("maxAttempts", "5", Source.SYSTEM_PROPERTY,
            "decor.methods.Config.sys.retry.maxAttempts"));
  }

  @Test
  void aMethodsKeyBeatsItsGroupsKeyInOneSourceAndAHigherSourceBeatsBoth() {
    Decor engine = engine(Map.of(
        "decor.methods.Config.lookup.cached.maxSize", "5",
        "decor.caches.Config.lookup.maxSize", "9",
        "decor.caches.shared-lookups.expire-after-write", "10m"));
    engine.decorate("Config.lookup").cached(100).function(String::length).apply("a");
    engine.decorate("Config.other").cached(c -> c.name("shared-lookups")).function(String::length)
        .apply("b");

    Decorator own = decorator(engine, "Config.lookup", FrontEnd.DECORATORS, Order.CACHED);
    assertThat(setting(own, "maxSize")).isEqualTo(new Setting("maxSize", "5", Source.BUILDER,
        "decor.methods.Config.lookup.cached.maxSize"));
    assertThat(own.group()).isEqualTo("Config.lookup");
    Decorator grouped = decorator(engine, "Config.other", FrontEnd.DECORATORS, Order.CACHED);
    assertThat(grouped.group()).isEqualTo("shared-lookups");
    assertThat(setting(grouped, "expireAfterWrite")).isEqualTo(new Setting("expireAfterWrite",
        "10m", Source.BUILDER, "decor.caches.shared-lookups.expire-after-write"));

    property("decor.caches.Config.lookup.maxSize", "7");
    Decor withProperty = engine(Map.of("decor.methods.Config.lookup.cached.maxSize", "5"));
    withProperty.decorate("Config.lookup").cached(100).function(String::length).apply("a");
    assertThat(setting(decorator(withProperty, "Config.lookup", FrontEnd.DECORATORS,
        Order.CACHED), "maxSize")).isEqualTo(new Setting("maxSize", "7",
            Source.SYSTEM_PROPERTY, "decor.caches.Config.lookup.maxSize"));
  }

  @Test
  void relaxedKeysAsSpringWritesThemMatch() {
    Decor engine = engine(Map.of(
        "decor.methods[Config.relaxed(String)].RETRY.max-attempts", "4",
        "decor.methods.config.relaxed(string).timed.enabled", "false"));
    AtomicInteger calls = new AtomicInteger();

    assertThat(flaky(engine, "Config.relaxed(String)", 1, calls, 3).get()).isEqualTo(4);
  }

  @Test
  void enabledFalseBuildsTheChainWithoutThatDecorator() {
    Decor engine = engine(Map.of(
        "decor.methods.Config.off.timed.enabled", false,
        "decor.methods.Config.off.retry.enabled", "false"));
    AtomicInteger calls = new AtomicInteger();
    Supplier<Integer> off = engine.decorate("Config.off").timed().retry(3, "0ms", 1.0)
        .supplier(() -> {
          if (calls.incrementAndGet() == 1) {
            throw new IllegalStateException("first");
          }
          return calls.get();
        });

    assertThatThrownBy(off::get).hasMessage("first");
    assertThat(off.get()).isEqualTo(2);
    assertThat(engine.timingStats("Config.off").count()).isZero();
    Decorator timed = decorator(engine, "Config.off", FrontEnd.DECORATORS, Order.TIMED);
    assertThat(timed.enabled()).isFalse();
    assertThat(timed.enabledBy()).isEqualTo(Source.BUILDER);
  }

  @Test
  void aDisabledDecoratorsHooksLetTheFrontEndRunTheBodyAlone() throws Throwable {
    Decor engine = engine(Map.of(
        "decor.methods.Config.timedOnly.timed.enabled", false,
        "decor.methods.Config.retryOnly.retry.enabled", false));
    Chain timed = engine.chain(MethodKey.named("Config.timedOnly", int.class),
        TimedSpec.builder().build());
    long start = timed.timedStart();
    assertThat(timed.timedEnd(start, 42)).isEqualTo(42);
    assertThat(engine.timingStats("Config.timedOnly").count()).isZero();

    Chain retry = engine.chain(MethodKey.named("Config.retryOnly", int.class),
        RetrySpec.builder().maxAttempts(5).build());
    IllegalStateException failure = new IllegalStateException("once");
    assertThatThrownBy(() -> retry.retryFailed(null, failure)).isSameAs(failure);
  }

  @Test
  void aDisabledGradModeSendsTheFrontEndToInvokeWhichRunsTheBodyWithGradOn() throws Throwable {
    Decor engine = engine(Map.of("decor.methods.Config.noGrad.no-grad.enabled", "false"));
    Chain noGrad = engine.chain(MethodKey.named("Config.noGrad", boolean.class),
        GradSpec.NO_GRAD);

    assertThat(noGrad.gradThread()).isNull();
    assertThat(noGrad.invoke(null, GradMode::isEnabled)).isEqualTo(true);
    assertThat(decorator(engine, "Config.noGrad", FrontEnd.CHAIN, Order.GRAD).name())
        .isEqualTo("no-grad");
  }

  @Test
  void everyPrefixAFrameworkPassesIsAnOverrideKey() {
    List<String> keys = List.of(".Config.every.retry.maxAttempts", ".Config.every.maxSize",
        ".Config.every.maxWait", ".Config.every.value", ".Config.every.window");
    Map<String, Object> overrides = new java.util.HashMap<>();
    for (int i = 0; i < Decor.OVERRIDE_PREFIXES.size(); i++) {
      overrides.put(Decor.OVERRIDE_PREFIXES.get(i) + keys.get(i), i == 2 ? "1ms" : 3);
    }
    engine(overrides);
  }

  @Test
  void aBadValueFailsTheBuildNamingItsKeyWithTheProcessorsMessage() {
    assertThatThrownBy(() -> engine(Map.of(
        "decor.methods.Config.bad.retry.maxAttempts", 0,
        "decor.methods.Config.bad.retry.delay", "5 parsecs",
        "decor.batches.Model.predict.maxWait", "soon")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[decor/Overrides]")
        .hasMessageContaining("3 overrides are invalid")
        .hasMessageContaining(Messages.forKey("decor.methods.Config.bad.retry.maxAttempts",
            RetrySpec.checkMaxAttempts(0)))
        .hasMessageContaining(Messages.forKey("decor.methods.Config.bad.retry.delay",
            Durations.check("@Retry(delay)", "5 parsecs")))
        .hasMessageContaining(Messages.forKey("decor.batches.Model.predict.maxWait",
            Durations.check("@Batched(maxWait)", "soon")));
  }

  @Test
  void aBadSystemPropertyFailsEveryEngineBuiltWhileItIsSet() {
    property("decor.limits.gpu.value", "none");

    assertThatThrownBy(() -> engine(Map.of()))
        .hasMessageContaining(Messages.forKey("decor.limits.gpu.value",
            Messages.overrideValue("none", "@ConcurrencyLimit(value)", "a whole number")));
  }

  @Test
  void keysOutsideTheSchemeFailTheBuildSayingWhatIsWrong() {
    assertThatThrownBy(() -> engine(Map.of("decor.methods.Config.m.retries.maxAttempts", 2)))
        .hasMessageContaining("[decor/OverrideKey] 'retries' is not a decorator");
    assertThatThrownBy(() -> engine(Map.of("decor.methods.Config.m.retry.attempts", 2)))
        .hasMessageContaining(Messages.overrideAttribute("attempts", "Retry",
            "maxAttempts, delay, multiplier, maxDelay, jitter, retryOn, ignore, retryIf,"
                + " maxDuration, log, enabled"));
    assertThatThrownBy(() -> engine(Map.of("decor.methods.Config.m.fallback.method", "other")))
        .hasMessageContaining("[decor/OverrideFixed] @Fallback(method)");
    assertThatThrownBy(() -> engine(Map.of("decor.caches.a.name", "b")))
        .hasMessageContaining("[decor/OverrideFixed] @Cached(name)");
    assertThatThrownBy(() -> engine(Map.of("decor.method.Config.m.retry.maxAttempts", 2)))
        .hasMessageContaining("[decor/OverrideKey]");
    assertThatThrownBy(() -> engine(Map.of(
        "decor.methods.Config.m.retry.maxAttempts", 2,
        "decor.methods.Config.m.retry.max-attempts", 3)))
        .hasMessageContaining("[decor/OverrideKey] sets the value");
    assertThatThrownBy(() -> engine(Map.of(
        "decor.methods.Config.m.retry.retryOn", "java.io.IOException",
        "decor.methods.Config.m.retry.ignore", "java.io.IOException")))
        .hasMessageContaining(Messages.retryOnAndIgnore("java.io.IOException"));
    assertThatThrownBy(() -> engine(Map.of("decor.methods.Config.m.retry.retryOn",
        "java.lang.OutOfMemoryError")))
        .hasMessageContaining(RetrySpec.checkRetryOn(
            dev.decor.internal.TypeRef.of(OutOfMemoryError.class)));
  }

  @Test
  void anOverrideTheMethodCannotTakeIsRefusedAndReportedNotThrownOnACall() throws Throwable {
    Decor engine = engine(Map.of(
        "decor.methods.Config.loop.retry.maxDuration", "1s",
        "decor.methods.Config.second.concurrency-limit.value", 3));
    Chain loop = engine.chain(MethodKey.named("Config.loop", int.class),
        RetrySpec.builder().maxAttempts(2).build());
    engine.chain(MethodKey.named("Config.first", int.class),
        ConcurrencyLimitSpec.builder().value(2).group("pool").build());
    Chain second = engine.chain(MethodKey.named("Config.second", int.class),
        ConcurrencyLimitSpec.builder().value(2).group("pool").build());

    Decorator retry = decorator(engine, "Config.loop", FrontEnd.CHAIN, Order.RETRY);
    assertThat(retry.refused()).singleElement().asString()
        .startsWith("[decor/OverrideRefused] 'Config.loop' keeps its annotation's values for @Retry")
        .endsWith(Messages.overrideRetryShape());
    assertThat(setting(retry, "maxDuration").source()).isEqualTo(Source.DEFAULT);
    assertThat(loop.retryFailed(null, new IllegalStateException())).isNotNull();

    Decorator limit = decorator(engine, "Config.second", FrontEnd.CHAIN,
        Order.CONCURRENCY_LIMIT);
    assertThat(limit.refused()).singleElement().asString()
        .contains("[decor/ConcurrencyLimitGroup]");
    assertThat(setting(limit, "value").value()).isEqualTo("2");
    assertThat(second.invoke(null, () -> 7)).isEqualTo(7);
  }

  /** A class the woven front end reads annotations from. */
  static class Annotated {
    @Timed
    int answer() {
      return 42;
    }
  }

  @Test
  void eachFrontEndTellsTheEngineWhichItIs() throws Exception {
    Decor engine = engine(Map.of("decor.batches.Config.batch.maxSize", 8));
    Decor previous = Decor.setGlobal(engine);
    try {
      engine.chain(MethodKey.named("Config.chain", int.class), TimedSpec.builder().build());
      engine.decorate("Config.decorators").timed().supplier(() -> 1);
      engine.batch("Config.batch", BatchedSpec.builder().maxSize(2).build(), items -> items);
      Chains.of(MethodKey.named("Config.generated", int.class), TimedSpec.builder().build());
      Chains.forMethod(Annotated.class.getDeclaredMethod("answer"));
    } finally {
      Decor.setGlobal(previous);
    }

    assertThat(engine.methods()).extracting(DecoratedMethod::name, DecoratedMethod::frontEnd)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Annotated.answer", FrontEnd.WOVEN),
            org.assertj.core.groups.Tuple.tuple("Config.batch", FrontEnd.BATCHER),
            org.assertj.core.groups.Tuple.tuple("Config.chain", FrontEnd.CHAIN),
            org.assertj.core.groups.Tuple.tuple("Config.decorators", FrontEnd.DECORATORS),
            org.assertj.core.groups.Tuple.tuple("Config.generated", FrontEnd.GENERATED));
    DecoratedMethod woven = engine.methods().get(0);
    assertThat(woven.declaringClass()).isEqualTo(Annotated.class.getName());
    assertThat(woven.method()).isEqualTo("answer()");
    assertThat(setting(decorator(engine, "Config.batch", FrontEnd.BATCHER, Order.BATCHED),
        "maxSize").value()).isEqualTo("8");
  }

  @Test
  void verifyOverridesNamesTheKeysNoChainMatches() {
    Decor engine = engine(Map.of(
        "decor.methods.Config.known.retry.maxAttempts", 4,
        "decor.methods.Config.typo.retry.maxAttempts", 4,
        "decor.limits.gpu.value", 2,
        "decor.limits.gpus.value", 2));
    engine.decorate("Config.known").retry(2, "0ms", 1.0).supplier(() -> 1);
    engine.decorate("Config.limited").concurrencyLimit(c -> c.value(1).group("gpu"))
        .supplier(() -> 1);

    assertThatThrownBy(engine::verifyOverrides).isInstanceOf(IllegalStateException.class)
        .hasMessage(Messages.unknownOverrideNames("decor.limits.gpus.value,"
            + " decor.methods.Config.typo.retry.maxAttempts"));
    Decor clean = engine(Map.of("decor.methods.Config.known.retry.maxAttempts", 4));
    clean.decorate("Config.known").retry(2, "0ms", 1.0).supplier(() -> 1);
    clean.verifyOverrides();
  }
}
