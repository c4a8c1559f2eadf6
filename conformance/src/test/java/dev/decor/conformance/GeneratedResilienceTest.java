package dev.decor.conformance;

/** The resilience suite against the processor's generated wrappers. */
class GeneratedResilienceTest extends ResilienceSuite {
  @Override
  Mode mode() {
    return Mode.GENERATED;
  }
}
