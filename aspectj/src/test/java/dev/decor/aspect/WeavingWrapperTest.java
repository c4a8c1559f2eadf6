package dev.decor.aspect;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.Decorated;
import dev.decor.Timed;
import org.junit.jupiter.api.Test;

/**
 * {@link Weaving#requireWoven} does not call a generated wrapper's methods inert: the wrapper
 * decorates them itself (test classes here are compiled by javac alone, so nothing is woven).
 */
class WeavingWrapperTest {
  static class Service {
    @Timed
    public String load() {
      return "";
    }
  }

  /** Shaped like a generated wrapper: a {@link Decorated} subclass with annotated overrides. */
  static class DecoratedService extends Service implements Decorated {
    @Override
    @Timed
    public String load() {
      return super.load();
    }
  }

  @Test
  void aGeneratedWrapperPassesBecauseItDecoratesItsOwnMethods() {
    assertThatCode(() -> Weaving.requireWoven(DecoratedService.class)).doesNotThrowAnyException();
  }

  @Test
  void theUnwovenClassItWrapsStillFails() {
    assertThatThrownBy(() -> Weaving.requireWoven(Service.class, DecoratedService.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("[decor/NotWoven]")
        .hasMessageContaining("Service.load()")
        .hasMessageNotContaining("DecoratedService");
  }
}
