package dev.decor.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The starter finds a generated wrapper by the name the processor gives it. */
class DecoratedTypesTest {
  static class Outer {
    static class Inner {}
  }

  @Test
  void aNestedClassesWrapperJoinsTheEnclosingNamesLikeTheProcessor() {
    assertThat(DecoratedTypes.wrapperName(DecoratedTypesTest.class))
        .isEqualTo("dev.decor.spring.boot.DecoratedDecoratedTypesTest");
    assertThat(DecoratedTypes.wrapperName(Outer.Inner.class))
        .isEqualTo("dev.decor.spring.boot.DecoratedDecoratedTypesTest_Outer_Inner");
  }
}
