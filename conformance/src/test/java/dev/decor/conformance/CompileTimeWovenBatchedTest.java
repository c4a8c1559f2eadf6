package dev.decor.conformance;

/** The {@code @Batched} suite against classes woven at build time by the AspectJ Maven plugin. */
class CompileTimeWovenBatchedTest extends BatchedSuite {
  @Override
  Mode mode() {
    return Mode.WOVEN_CTW;
  }
}
