package dev.decor.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.aspect.Weaving;
import org.junit.jupiter.api.Test;

/**
 * The suite against the processor's generated wrappers. It runs once without any weaver and once
 * in each woven JVM, where the wrapped classes are woven too: then every test of the suite also
 * proves that a call is decorated exactly once (the aspects skip {@code Decorated} receivers).
 */
class GeneratedConformanceTest extends ConformanceSuite {
  @Override
  Mode mode() {
    return Mode.GENERATED;
  }

  @Test
  void fixturesAreWovenExactlyWhenThisJvmRunsAWeaver() {
    boolean weaving = !Mode.weavingInThisJvm().equals("none");

    assertThat(Weaving.isWoven(StackedService.class)).isEqualTo(weaving);
    // The wrapper's own overrides are never woven (the aspect excludes Decorated types).
    assertThat(Weaving.isWoven(create(StackedService.class).getClass())).isFalse();
  }
}
