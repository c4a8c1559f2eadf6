package dev.decor.conformance;

/** {@link ColdStartSuite} against classes woven at build time by the AspectJ Maven plugin. */
class CompileTimeWovenColdStartTest extends ColdStartSuite {
  @Override
  Mode mode() {
    return Mode.WOVEN_CTW;
  }
}
