package dev.decor.conformance;

/** The resilience suite against classes woven at build time by the AspectJ Maven plugin. */
class CompileTimeWovenResilienceTest extends ResilienceSuite {
  @Override
  Mode mode() {
    return Mode.WOVEN_CTW;
  }
}
