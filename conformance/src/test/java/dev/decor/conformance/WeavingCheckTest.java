package dev.decor.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.Timed;
import dev.decor.aspect.Weaving;
import dev.decor.conformance.woven.WovenOnlyService;
import dev.decor.internal.Messages;
import org.junit.jupiter.api.Test;

/**
 * The startup check a user runs to catch a misconfigured weaver. Test classes are never woven at
 * build time (ajc weaves target/classes only), so {@link NotWoven} plays the misconfigured case
 * in the compile-time module.
 */
class WeavingCheckTest {
  /** Annotated, but outside the weaver's reach in the compile-time module. */
  static class NotWoven {
    @Timed
    public String ping() {
      return "pong";
    }

    @Timed
    public String ping(int times) {
      return "pong".repeat(times);
    }
  }

  @Test
  void wovenClassesPassTheCheck() {
    Weaving.requireWoven(FlakyService.class, StackedService.class, WovenOnlyService.class);

    assertThat(Weaving.isWoven(TinyModel.class)).isTrue();
  }

  @Test
  void unwovenClassFailsTheCheckNamingEveryMethodAndTheFix() {
    assertThat(Weaving.isWoven(NotWoven.class)).isFalse();
    assertThatThrownBy(() -> Weaving.requireWoven(FlakyService.class, NotWoven.class))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage(Messages.notWoven("NotWoven.ping(), NotWoven.ping(int)"));
  }

  @Test
  void classWithoutDecorAnnotationsIsNotReportedAsWoven() {
    assertThat(Weaving.isWoven(String.class)).isFalse();
    Weaving.requireWoven(String.class);
  }
}
