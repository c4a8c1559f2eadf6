package dev.decor.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.aspect.Weaving;
import dev.decor.conformance.unwoven.NotWoven;
import dev.decor.conformance.woven.WovenOnlyService;
import dev.decor.internal.Messages;
import org.junit.jupiter.api.Test;

/** The startup check a user runs to catch a misconfigured weaver. */
class WeavingCheckTest {
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
