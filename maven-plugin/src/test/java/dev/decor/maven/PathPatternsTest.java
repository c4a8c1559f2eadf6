package dev.decor.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PathPatternsTest {
  @Test
  void noIncludesSelectsEverythingNotExcluded() {
    PathPatterns p = new PathPatterns(List.of(), List.of("**/generated/**", "com/acme/*Test.class"));

    assertThat(p.matches("com/acme/Store.class")).isTrue();
    assertThat(p.matches("com/acme/generated/Dto.class")).isFalse();
    assertThat(p.matches("com/acme/StoreTest.class")).isFalse();
    assertThat(p.matches("com/acme/deep/StoreTest.class")).isTrue(); // * stays in one directory
  }

  @Test
  void includesNarrowTheSelectionAndATrailingSlashMeansEverythingBelow() {
    PathPatterns p = new PathPatterns(List.of("com/acme/woven/", "Top?.class"), List.of());

    assertThat(p.matches("com/acme/woven/Service.class")).isTrue();
    assertThat(p.matches("com/acme/woven/deep/Service$1.class")).isTrue();
    assertThat(p.matches("com/acme/Service.class")).isFalse();
    assertThat(p.matches("Top1.class")).isTrue();
    assertThat(p.matches("Top12.class")).isFalse();
  }

  @Test
  void doubleStarAtTheStartMatchesTheTopDirectoryToo() {
    PathPatterns p = new PathPatterns(List.of("**/Store.class"), List.of());

    assertThat(p.matches("Store.class")).isTrue();
    assertThat(p.matches("a/b/Store.class")).isTrue();
    assertThat(p.matches("a/b/MyStore.class")).isFalse();
  }
}
