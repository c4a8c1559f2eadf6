package dev.decor.conformance;

/** The {@code @Batched} scheduler suite against classes woven at build time by the AspectJ Maven plugin. */
class CompileTimeWovenSchedulingTest extends SchedulingSuite {
  @Override
  Mode mode() {
    return Mode.WOVEN_CTW;
  }
}
