package dev.decor.conformance;

/** The shared-tier suite against classes woven at build time by the AspectJ Maven plugin. */
class CompileTimeWovenSharedTest extends SharedSuite {
  @Override
  Mode mode() {
    return Mode.WOVEN_CTW;
  }
}
