package dev.decor.conformance;

/** The shared-tier suite against the processor's generated wrappers. */
class GeneratedSharedTest extends SharedSuite {
  @Override
  Mode mode() {
    return Mode.GENERATED;
  }
}
