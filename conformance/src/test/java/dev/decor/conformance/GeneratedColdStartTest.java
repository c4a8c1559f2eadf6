package dev.decor.conformance;

/** {@link ColdStartSuite} against the processor's generated wrappers. */
class GeneratedColdStartTest extends ColdStartSuite {
  @Override
  Mode mode() {
    return Mode.GENERATED;
  }
}
