package dev.decor.conformance;

/** The observability suite against classes woven at build time by the AspectJ Maven plugin. */
class CompileTimeWovenObservabilityTest extends ObservabilitySuite {
  @Override
  Mode mode() {
    return Mode.WOVEN_CTW;
  }
}
