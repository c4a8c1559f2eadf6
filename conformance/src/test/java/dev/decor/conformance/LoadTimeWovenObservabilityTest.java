package dev.decor.conformance;

/** The observability suite against classes woven by the load-time weaver. */
class LoadTimeWovenObservabilityTest extends ObservabilitySuite {
  @Override
  Mode mode() {
    return Mode.WOVEN_LTW;
  }
}
