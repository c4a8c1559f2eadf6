package dev.decor.conformance;

/** The timeout, limit and retry-on-results suite against classes woven at build time by the AspectJ Maven plugin. */
class CompileTimeWovenTimeoutLimitTest extends TimeoutLimitSuite {
  @Override
  Mode mode() {
    return Mode.WOVEN_CTW;
  }
}
