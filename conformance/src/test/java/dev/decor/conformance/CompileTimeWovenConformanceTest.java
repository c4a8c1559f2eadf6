package dev.decor.conformance;

/** The suite against classes woven at build time by the AspectJ Maven plugin. */
class CompileTimeWovenConformanceTest extends ConformanceSuite {
  @Override
  Mode mode() {
    return Mode.WOVEN_CTW;
  }
}
