package dev.decor.conformance;

/** The {@code @Batched} scheduler suite against the processor's generated wrappers. */
class GeneratedSchedulingTest extends SchedulingSuite {
  @Override
  Mode mode() {
    return Mode.GENERATED;
  }
}
