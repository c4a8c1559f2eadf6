package dev.decor.conformance;

/** The resilience suite against classes woven by the load-time weaver. */
class LoadTimeWovenResilienceTest extends ResilienceSuite {
  @Override
  Mode mode() {
    return Mode.WOVEN_LTW;
  }
}
