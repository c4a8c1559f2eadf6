package dev.decor.conformance;

/** The retry-predicate suite against classes woven at build time by the AspectJ Maven plugin. */
class CompileTimeWovenRetryPredicateTest extends RetryPredicateSuite {
  @Override
  Mode mode() {
    return Mode.WOVEN_CTW;
  }
}
