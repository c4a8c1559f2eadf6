package dev.decor.conformance;

/** The {@code @Batched} suite against the processor's generated wrappers. */
class GeneratedBatchedTest extends BatchedSuite {
  @Override
  Mode mode() {
    return Mode.GENERATED;
  }
}
