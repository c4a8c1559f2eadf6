package dev.decor.conformance;

/** The observability suite against the processor's generated wrappers. */
class GeneratedObservabilityTest extends ObservabilitySuite {
  @Override
  Mode mode() {
    return Mode.GENERATED;
  }
}
