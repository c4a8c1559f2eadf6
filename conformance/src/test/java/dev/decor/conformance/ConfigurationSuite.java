package dev.decor.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.config.DecoratedMethod;
import dev.decor.config.DecoratedMethod.Decorator;
import dev.decor.config.DecoratedMethod.Setting;
import dev.decor.config.FrontEnd;
import dev.decor.config.Source;
import dev.decor.engine.Decor;
import dev.decor.engine.Decorators;
import dev.decor.spec.Order;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Configuration overrides in every {@link Mode}: a system property read when the engine is built
 * changes an annotated method (generated or woven) exactly as it changes a {@link Decorators}
 * function; {@code enabled = false} builds the chain without the decorator; and
 * {@link Decor#methods()} tells which front end built each chain. Each test makes an engine of
 * its own global, so chains built earlier re-bind to it, with its overrides, on their next call.
 */
abstract class ConfigurationSuite {
  abstract Mode mode();

  private final List<String> properties = new ArrayList<>();
  private Decor previous;
  private Decor engine;

  private Decor start(String... keyValues) {
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.add(keyValues[i]);
      System.setProperty(keyValues[i], keyValues[i + 1]);
    }
    engine = Decor.builder().instantRetries().meterRegistry(new SimpleMeterRegistry()).build();
    previous = Decor.setGlobal(engine);
    return engine;
  }

  @AfterEach
  void restore() {
    properties.forEach(System::clearProperty);
    if (previous != null) {
      Decor.setGlobal(previous).close();
    }
  }

  private FrontEnd frontEnd() {
    return mode() == Mode.GENERATED ? FrontEnd.GENERATED : FrontEnd.WOVEN;
  }

  private Decorator reported(String name, FrontEnd frontEnd, Order order) {
    DecoratedMethod method = engine.methods().stream()
        .filter(m -> m.name().equals(name) && m.frontEnd() == frontEnd).findFirst()
        .orElseThrow(() -> new AssertionError(name + " (" + frontEnd + ") not in "
            + engine.methods()));
    return method.decorator(order).orElseThrow();
  }

  @Test
  void aSystemPropertyRaisesTheAttemptsOfAnAnnotatedMethodAndOfADecoratorsFunctionAlike() {
    start("decor.methods.ConfiguredService.flaky.retry.maxAttempts", "4",
        "decor.methods.Configured.function.retry.max-attempts", "4");
    ConfiguredService service = mode().create(ConfiguredService.class).failFirst(3);
    AtomicInteger calls = new AtomicInteger();
    Supplier<Integer> function = Decorators.named("Configured.function").retry(2, "0ms", 1.0)
        .supplier(() -> {
          if (calls.incrementAndGet() <= 3) {
            throw new IllegalStateException("attempt " + calls.get());
          }
          return calls.get();
        });

    assertThat(service.flaky()).isEqualTo(4);
    assertThat(function.get()).isEqualTo(4);

    assertThat(reported("ConfiguredService.flaky", frontEnd(), Order.RETRY)
        .setting("maxAttempts")).contains(new Setting("maxAttempts", "4",
            Source.SYSTEM_PROPERTY, "decor.methods.ConfiguredService.flaky.retry.maxAttempts"));
    assertThat(reported("Configured.function", FrontEnd.DECORATORS, Order.RETRY)
        .setting("maxAttempts").orElseThrow().source()).isEqualTo(Source.SYSTEM_PROPERTY);
  }

  @Test
  void withoutAnOverrideTheAnnotationsValuesRunAndAreReported() {
    start();
    ConfiguredService service = mode().create(ConfiguredService.class).failFirst(3);

    org.assertj.core.api.Assertions.assertThatThrownBy(service::flaky)
        .hasMessage("attempt 2 failed");
    assertThat(reported("ConfiguredService.flaky", frontEnd(), Order.RETRY)
        .setting("maxAttempts")).contains(new Setting("maxAttempts", "2", Source.ANNOTATION, ""));
  }

  @Test
  void enabledFalseRunsTheMethodWithoutThatDecorator() {
    start("decor.methods.ConfiguredService.timed.timed.enabled", "false",
        "decor.methods.ConfiguredService.square.cached.enabled", "false",
        "decor.limits.ConfiguredService.square.value", "5");
    ConfiguredService service = mode().create(ConfiguredService.class);

    assertThat(service.timed()).isEqualTo(1);
    assertThat(engine.timingStats("ConfiguredService.timed").count()).isZero();
    assertThat(service.square(3)).isEqualTo("9");
    assertThat(service.square(3)).isEqualTo("9");
    assertThat(service.computed).hasValue(2);

    Decorator timed = reported("ConfiguredService.timed", frontEnd(), Order.TIMED);
    assertThat(timed.enabled()).isFalse();
    assertThat(timed.enabledBy()).isEqualTo(Source.SYSTEM_PROPERTY);
    Decorator limit = reported("ConfiguredService.square", frontEnd(), Order.CONCURRENCY_LIMIT);
    assertThat(limit.group()).isEqualTo("ConfiguredService.square");
    assertThat(engine.limitStats("ConfiguredService.square").orElseThrow().limit()).isEqualTo(5);
    engine.verifyOverrides(); // every key named a method or group these calls built
  }
}
