package dev.decor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.config.DecoratedMethod;
import dev.decor.internal.Messages;
import dev.decor.spec.Order;
import dev.decor.engine.ChildJvm.Run;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Environment variables, which a JVM cannot set for itself: each case starts a fresh JVM (this
 * test class path, {@link Child} as its main class) with the variables given, and reads what the
 * engine there reports or why it failed to start.
 */
class EnvironmentOverridesTest {

  /** Builds an engine (builder: maxAttempts 3), decorates Env.fetch, prints its retry settings. */
  public static final class Child {
    public static void main(String[] args) {
      try {
        Decor engine = Decor.builder().instantRetries()
            .override("decor.methods.Env.fetch.retry.maxAttempts", 3).build();
        engine.decorate("Env.fetch").retry(1, "0ms", 1.0).cached(16).supplier(() -> 0);
        DecoratedMethod fetch = engine.methods().get(0);
        for (DecoratedMethod.Decorator d : fetch.decorators()) {
          for (DecoratedMethod.Setting s : d.settings()) {
            if (s.source() != dev.decor.config.Source.DEFAULT
                && s.source() != dev.decor.config.Source.ANNOTATION) {
              System.out.println(d.name() + "." + s.attribute() + "=" + s.value() + " "
                  + s.source() + " " + s.key());
            }
          }
          System.out.println(d.name() + ".enabled=" + d.enabled() + " " + d.enabledBy());
        }
        System.exit(0);
      } catch (IllegalArgumentException e) {
        System.out.println("FAILED " + e.getMessage());
        System.exit(2);
      }
    }
  }

  private static Run run(Map<String, String> environment, String... properties)
      throws Exception {
    return ChildJvm.run(Child.class, environment, properties);
  }

  @Test
  void anEnvironmentVariableOverridesTheBuilderAndASystemPropertyOverridesBoth()
      throws Exception {
    Run env = run(Map.of(
        "DECOR_METHODS_ENV_FETCH_RETRY_MAXATTEMPTS", "4",
        "DECOR_CACHES_ENV_FETCH_MAX_SIZE", "77",
        "DECOR_METHODS_ENV_FETCH_CACHED_ENABLED", "false"));
    assertThat(env.exit()).as(env.out() + env.err()).isZero();
    assertThat(env.out()).contains(
        "retry.maxAttempts=4 ENVIRONMENT DECOR_METHODS_ENV_FETCH_RETRY_MAXATTEMPTS",
        "cached.maxSize=77 ENVIRONMENT DECOR_CACHES_ENV_FETCH_MAX_SIZE",
        "cached.enabled=false ENVIRONMENT");

    Run property = run(Map.of("DECOR_METHODS_ENV_FETCH_RETRY_MAXATTEMPTS", "4"),
        "-Ddecor.methods.Env.fetch.retry.maxAttempts=6");
    assertThat(property.out()).contains(
        "retry.maxAttempts=6 SYSTEM_PROPERTY decor.methods.Env.fetch.retry.maxAttempts");

    Run builder = run(Map.of());
    assertThat(builder.out()).contains(
        "retry.maxAttempts=3 BUILDER decor.methods.Env.fetch.retry.maxAttempts",
        "cached.enabled=true DEFAULT");
  }

  @Test
  void aBadEnvironmentVariableFailsStartUpNamingIt() throws Exception {
    Run bad = run(Map.of(
        "DECOR_METHODS_ENV_FETCH_RETRY_JITTER", "1.5",
        "DECOR_BATCHES_MODEL_PREDICT_SIZE", "3"));

    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.out()).contains("FAILED [decor/Overrides]",
        Messages.forKey("DECOR_METHODS_ENV_FETCH_RETRY_JITTER",
            dev.decor.spec.RetrySpec.checkJitter(1.5)),
        "DECOR_BATCHES_MODEL_PREDICT_SIZE: [decor/OverrideKey]");
  }
}
